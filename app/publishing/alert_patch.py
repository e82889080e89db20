"""The fast path of an alert: a new release made from the live one, alerts replaced.

An alert shows on every page, so publishing one through Pelican re-renders the whole
site (about a second at 150 pages). When the only change since the live release is the
site's alerts, and the live release was built the same day with the same code, theme
and catalogs, every page of the new release equals the live one except the banner. So
the new release is the live one with, in each HTML file, the text between the banner
markers replaced by the new banner (in the language of the file's folder: French at
the root, ``oc/``...); the alerts section's own pages (in every language) and feed are
rendered again; every other file is a hard link to the live one. The result is checked
and switched like any release (and tested equal to a full build of the same content).

A fingerprint of everything else that shapes the output is kept in the site's work
folder next to the name of the release it describes; any difference means a full build.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import Environment

from app.publishing.content import SiteContent
from app.publishing.export import site_time
from app.publishing.preview import _environment
from app.publishing.settings import theme_context
from app.publishing.themes import SiteTheme

BANNER_START = "<!--alerts-->"
BANNER_END = "<!--/alerts-->"
BANNER_TEMPLATE = "_alerts.html"
FINGERPRINT_FILE = "release-fingerprint.json"
_CODE_DIR = Path(__file__).parent


def content_fingerprint(
    content: SiteContent, now: datetime, theme: SiteTheme, translations_dir: Path
) -> str:
    """Everything but the alerts that decides what a build of ``content`` writes: the
    content, the local day (hours, agenda), the publishing code, the theme, the catalogs."""
    digest = hashlib.sha256()
    digest.update(repr(replace(content, alerts=())).encode())
    digest.update(site_time(now).date().isoformat().encode())
    digest.update(_tree_digest(str(_CODE_DIR), "*.py").encode())
    for folder in theme.folders:
        digest.update(_tree_digest(str(folder), "*").encode())
    digest.update(_tree_digest(str(translations_dir), "*.po").encode())
    return digest.hexdigest()


def _tree_digest(root: str, pattern: str) -> str:
    """Digest of the files under ``root`` (their names, sizes and change times: cheap,
    and a deploy or an edit changes them)."""
    stats = []
    for path in sorted(Path(root).rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            info = path.stat()
            stats.append(f"{path.relative_to(root)}:{info.st_size}:{info.st_mtime_ns}")
    return _digest_of("\n".join(stats))


@functools.lru_cache(maxsize=256)
def _digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def record_fingerprint(work_dir: Path, release_name: str, fingerprint: str) -> None:
    path = work_dir / FINGERPRINT_FILE
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"release": release_name, "fingerprint": fingerprint}))
    os.replace(tmp, path)


def patchable(work_dir: Path, live_name: str | None, fingerprint: str) -> bool:
    """True if the live release differs from a build of the content in its alerts only."""
    if live_name is None:
        return False
    try:
        recorded = json.loads((work_dir / FINGERPRINT_FILE).read_text())
    except (OSError, ValueError):
        return False
    return recorded == {"release": live_name, "fingerprint": fingerprint}


def relative_siteurl(relative: PurePosixPath) -> str:
    """The SITEURL Pelican gives a file at ``relative`` with RELATIVE_URLS."""
    depth = len(relative.parts) - 1
    return "/".join([".."] * depth) if depth else "."


@dataclass
class _Language:
    """How one language's pages are patched: its templates and context, its banners."""

    env: Environment
    context: dict[str, Any]
    banners: dict[str, str] = field(default_factory=dict)

    def banner(self, siteurl: str) -> str:
        if siteurl not in self.banners:
            template = self.env.get_template(BANNER_TEMPLATE)
            self.banners[siteurl] = template.render({**self.context, "SITEURL": siteurl})
        return self.banners[siteurl]

    def page(self, template: str, path: PurePosixPath) -> str:
        return self.env.get_template(f"{template}.html").render(
            {
                **self.context,
                "SITEURL": relative_siteurl(path),
                "output_file": str(path),
                "page_name": str(path.with_suffix("")),
            }
        )


def _language(
    content: SiteContent,
    theme: SiteTheme,
    lang: str,
    translations: gettext.NullTranslations,
    now: datetime,
) -> _Language:
    env = _environment(tuple(map(str, theme.template_dirs)), lang, translations)
    return _Language(env, theme_context(content, lang=lang, translations=translations, now=now))


def patch_release(
    content: SiteContent,
    *,
    live: Path,
    partial: Path,
    theme: SiteTheme,
    lang: str,
    translations: gettext.NullTranslations,
    now: datetime,
    rerendered: dict[str, str],
    files: dict[str, bytes],
    extra: dict[str, tuple[SiteContent, gettext.NullTranslations]] | None = None,
) -> int:
    """Fill ``partial`` from ``live`` with the new alerts; return the HTML files written.

    ``rerendered`` maps template names to their paths in the release (rendered again
    whole), ``files`` the section files written again (feeds). ``extra`` gives each
    extra language its content and catalog: its pages, under its folder, are patched
    and rendered again in it."""
    languages = {"": _language(content, theme, lang, translations, now)}
    for code, (lang_content, lang_translations) in (extra or {}).items():
        languages[f"{code}/"] = _language(lang_content, theme, code, lang_translations, now)
    skipped = {prefix + path for prefix in languages for path in rerendered.values()}
    skipped |= set(files)
    written = 0
    for source in sorted(live.rglob("*")):
        relative = PurePosixPath(source.relative_to(live).as_posix())
        target = partial / relative
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        if str(relative) in skipped:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix != ".html":
            os.link(source, target)
            continue
        html = source.read_text(encoding="utf-8")
        start, end = html.find(BANNER_START), html.find(BANNER_END)
        if start < 0 or end < start:
            os.link(source, target)
            continue
        prefix, inner = _language_of(relative, languages)
        banner = languages[prefix].banner(relative_siteurl(inner))
        patched = html[: start + len(BANNER_START)] + banner + html[end:]
        target.write_text(patched, encoding="utf-8")
        written += 1
    for prefix, language in languages.items():
        for template, path in rerendered.items():
            target = partial / (prefix + path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(language.page(template, PurePosixPath(path)), encoding="utf-8")
            written += 1
    for relative, data in files.items():
        target = partial / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return written


def _language_of(
    relative: PurePosixPath, languages: dict[str, _Language]
) -> tuple[str, PurePosixPath]:
    """The language folder a release file is in ("" for French) and its path there."""
    if len(relative.parts) > 1 and f"{relative.parts[0]}/" in languages:
        return f"{relative.parts[0]}/", PurePosixPath(*relative.parts[1:])
    return "", relative
