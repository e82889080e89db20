"""Stage 1: SiteContent -> Pelican input, one Markdown file per page.

Files are rewritten only when their bytes change and removed when their page is no longer
published, so Pelican's mtime-based content cache stays valid between builds.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.config import TIMEZONE
from app.publishing.content import EntryContent, PageContent, SiteContent
from app.publishing.languages import LANGUAGE_FOLDERS
from app.publishing.legal import LEGAL_SLUGS
from app.text import SLUG_PATTERN, without_control_characters

PAGES_SUBDIR = "pages"
DIRECTORY_PATH = "annuaire"
OPEN_DATA_PATH = "donnees"
WASTE_PATH = "collecte-des-dechets"
NEWS_PATH = "actualites"
EVENTS_PATH = "agenda"
ALERTS_PATH = "alertes"
ACTS_PATH = "actes"
MEDIA_PATH = "medias"  # the media library's files the texts show
# Paths the generated site uses for itself (theme assets, directory, open data, waste
# collection, news, agenda, alerts, acts, library files, search, the other languages).
RESERVED_SLUGS = frozenset(
    {
        *LEGAL_SLUGS, "theme", "static", "pagefind", "plan-du-site", "recherche", DIRECTORY_PATH,
        OPEN_DATA_PATH, WASTE_PATH, NEWS_PATH, EVENTS_PATH, ALERTS_PATH, ACTS_PATH, MEDIA_PATH,
        *LANGUAGE_FOLDERS,
    }
)  # fmt: skip


class ExportError(ValueError):
    """The content cannot be published as is; ``message`` is French, for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExportReport:
    """What the export changed on disk."""

    written: tuple[str, ...]
    deleted: tuple[str, ...]
    unchanged: int


def _metadata_value(value: str) -> str:
    """One-line metadata value (a newline would start a new metadata field)."""
    return without_control_characters(" ".join(value.split()), multiline=False)


def site_time(value: datetime) -> datetime:
    """``value`` in the site's time zone (naive values are taken as already local)."""
    return value.astimezone(TIMEZONE) if value.tzinfo is not None else value


def pelican_date(value: datetime) -> str:
    """ISO date in the site's time zone, as Pelican's ``Date`` metadata."""
    return site_time(value).replace(microsecond=0).isoformat()


def pelican_document(metadata: dict[str, str], body: str) -> bytes:
    """A Markdown file with Pelican metadata; the blank line ends the metadata block."""
    header = "".join(f"{key}: {_metadata_value(value)}\n" for key, value in metadata.items())
    # Forms refuse control characters; texts saved before that are cleaned here (no NUL in
    # a release).
    text = without_control_characters(body.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.rstrip("\n")
    return f"{header}\n{text}\n".encode()


def page_document(page: PageContent) -> bytes:
    """The Pelican source of one clerk-written page."""
    metadata = {
        "Title": page.title,
        "Slug": page.slug,
        "Date": pelican_date(page.published_at),
        "Menu_position": str(page.menu_position),
    }
    return pelican_document(metadata, page.body)


def entry_path(entry: EntryContent) -> str:
    """Where an entry's page lives on the site (also its Pelican slug)."""
    return f"{DIRECTORY_PATH}/{entry.slug}"


def entry_document(entry: EntryContent) -> bytes:
    """The Pelican source of one directory entry: its text; the rest reaches the
    ``entry`` template as typed data (``DIRECTORY``)."""
    metadata = {
        "Title": entry.name,
        "Slug": entry_path(entry),
        "Date": pelican_date(entry.published_at),
        "Template": "entry",
        "Entry": entry.slug,
    }
    return pelican_document(metadata, entry.body)


def _check_entries(content: SiteContent) -> None:
    seen: set[str] = set()
    for entry in content.entries:
        if not SLUG_PATTERN.match(entry.slug) or entry.slug in seen:
            raise ExportError(f"L'adresse de la fiche « {entry.name} » n'est pas valide.")
        seen.add(entry.slug)


def _check_slugs(content: SiteContent) -> None:
    seen: set[str] = set()
    for page in content.pages:
        if not SLUG_PATTERN.match(page.slug):
            raise ExportError(f"L'adresse de la page « {page.title} » n'est pas valide.")
        if page.slug in RESERVED_SLUGS:
            raise ExportError(
                f"L'adresse « {page.slug} » est réservée au site : "
                f"changez l'adresse de la page « {page.title} »."
            )
        if not page.title.strip():
            raise ExportError(f"La page à l'adresse « {page.slug} » n'a pas de titre.")
        if page.slug in seen:
            raise ExportError(f"Deux pages utilisent la même adresse « {page.slug} ».")
        seen.add(page.slug)


def documents(content: SiteContent, extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """File name -> bytes of every Pelican source file of the site (``extra``: those of
    the site's sections, news, agenda...)."""
    _check_slugs(content)
    _check_entries(content)
    files = {f"{page.slug}.md": page_document(page) for page in content.pages}
    # "annuaire.<slug>.md" cannot collide with a page: page slugs hold no dot.
    files |= {f"{DIRECTORY_PATH}.{e.slug}.md": entry_document(e) for e in content.entries}
    for name in extra or {}:
        if name in files or "/" in name or not name.endswith(".md"):
            raise ExportError(f"Deux contenus du site utilisent le même fichier « {name} ».")
    return files | (extra or {})


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Replace ``path`` atomically with ``data`` unless it already holds exactly that; what
    cannot be read there (a folder, a link, an unreadable file) is discarded and rewritten."""
    try:
        if not path.is_symlink() and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError:
        _discard(path)
    if path.is_dir() and not path.is_symlink():
        _discard(path)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(tmp, path)
    return True


def _discard(path: Path) -> None:
    """Delete a file, a link (never what it points to) or a folder of the export."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _pages_folder(content_dir: Path) -> Path:
    """The export's folder, a real one: a link there would make the build write (and
    Pelican read) outside the site's work folder."""
    pages_dir = content_dir / PAGES_SUBDIR
    if pages_dir.is_symlink() or (pages_dir.exists() and not pages_dir.is_dir()):
        pages_dir.unlink()
    pages_dir.mkdir(parents=True, exist_ok=True)
    return pages_dir


def export_content(
    content: SiteContent, content_dir: Path, extra: dict[str, bytes] | None = None
) -> ExportReport:
    """Synchronise ``content_dir`` with the published content; return what changed."""
    wanted = documents(content, extra)
    pages_dir = _pages_folder(content_dir)
    written = tuple(sorted(n for n, d in wanted.items() if _write_if_changed(pages_dir / n, d)))
    deleted = []
    for path in sorted(pages_dir.iterdir()):
        if path.name not in wanted:
            _discard(path)
            deleted.append(path.name)
    return ExportReport(written, tuple(deleted), len(wanted) - len(written))
