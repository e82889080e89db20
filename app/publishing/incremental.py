"""The fast path of a page edit: only the edited pages are rendered again.

A page's text and publication date show on that page only: the menu, the home page, the
site map and every other page show its title, address and position, never its text. So
when the only change since the live release is the text (and date) of a few pages, and
the live release was built the same day with the same code, theme and catalogs, Pelican
reads the site as usual but writes only those pages' HTML (app.publishing.render's
selective writer), the files the pipeline makes itself (open data, feeds, site files,
sitemap, search index) are made again in full, and every other file is a hard link to the
live release. Tested equal to a full build of the same content.

Anything else (a title, a menu position, a page added or removed, an alert, another
language, a media reference, the theme, the code, the day) is a full build. The
fingerprints of the live release are kept in the site's work folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from app.publishing.alert_patch import content_fingerprint
from app.publishing.content import SiteContent
from app.publishing.languages import extra_languages
from app.publishing.media import media_attachments
from app.publishing.search import INDEX_DIR
from app.publishing.themes import SiteTheme

RECORD_FILE = "release-pages.json"
MAX_CHANGED_PAGES = 5  # beyond, a full build costs about the same


def structure_fingerprint(
    content: SiteContent, now: datetime, theme: SiteTheme, translations_dir: Path
) -> str:
    """Everything but the pages' texts and dates that decides what a build writes."""
    pages = tuple(
        replace(page, body="", published_at=None, translations={}) for page in content.pages
    )
    digest = hashlib.sha256(
        content_fingerprint(replace(content, pages=pages), now, theme, translations_dir).encode()
    )
    digest.update(repr(content.alerts).encode())
    digest.update(repr(sorted(media_attachments(content))).encode())
    return digest.hexdigest()


def page_digests(content: SiteContent) -> dict[str, str]:
    """Each page's slug -> digest of what shows on that page only (text, date)."""
    return {
        page.slug: hashlib.sha256(
            repr((page.body, page.published_at, page.translations)).encode()
        ).hexdigest()
        for page in content.pages
    }


def record_pages(work_dir: Path, release_name: str, structure: str, pages: dict[str, str]) -> None:
    """Remember what the new live release was built from."""
    path = work_dir / RECORD_FILE
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"release": release_name, "structure": structure, "pages": pages}))
    os.replace(tmp, path)


def edited_pages(
    work_dir: Path, live_name: str | None, content: SiteContent, structure: str
) -> list[str] | None:
    """The slugs of the pages to render again, or None when a full build is needed."""
    if live_name is None or extra_languages(content):
        return None
    try:
        recorded = json.loads((work_dir / RECORD_FILE).read_text())
    except (OSError, ValueError):
        return None
    if recorded.get("release") != live_name or recorded.get("structure") != structure:
        return None
    before, now = recorded.get("pages"), page_digests(content)
    if not isinstance(before, dict) or set(before) != set(now):
        return None
    changed = sorted(slug for slug, digest in now.items() if before[slug] != digest)
    if not changed or len(changed) > MAX_CHANGED_PAGES:
        return None
    return changed


def selected_outputs(slugs: list[str]) -> list[str]:
    """The HTML files Pelican writes again for these pages."""
    return [f"{slug}/index.html" for slug in slugs]


def link_unchanged(live: Path, partial: Path) -> int:
    """Hard-link into ``partial`` every file of ``live`` it does not have yet (not the
    search index: it is made again); return how many."""
    linked = 0
    for source in sorted(live.rglob("*")):
        relative = source.relative_to(live)
        if relative.parts[0] == INDEX_DIR or not source.is_file() or source.is_symlink():
            continue
        target = partial / relative
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
        linked += 1
    return linked
