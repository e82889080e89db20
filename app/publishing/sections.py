"""The parts of a site generated from the newer content types: news, agenda, alerts, acts.

Each section module exposes a ``SECTION``; the pipeline, the Pelican settings and the
previews go through this registry, so a new part of the site is one module here.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.publishing.content import FileContent, SiteContent

ContextFunction = Callable[..., dict[str, Any]]


def _nothing(*args: Any, **kwargs: Any) -> dict:
    return {}


def _no_paths(content: SiteContent) -> list[str]:
    return []


@dataclass(frozen=True)
class Section:
    """What one content type adds to a generated site."""

    name: str
    # (content, lang=, translations=, now=) -> upper-case template variables
    context: ContextFunction = _nothing
    # (content, now=) -> Pelican source files: "<name>.md" -> bytes (no "/" in names)
    documents: Callable[..., dict[str, bytes]] = _nothing
    # Pelican DIRECT_TEMPLATES of the site: (content) -> {template name: save_as path}
    direct_templates: Callable[[SiteContent], dict[str, str]] = _nothing
    # (content, generated_at=, lang=, translations=) -> release path -> bytes (feeds, CSV)
    files: Callable[..., dict[str, bytes]] = _nothing
    # (content) -> release path -> stored file published byte for byte (PDF, photos)
    attachments: Callable[[SiteContent], dict[str, FileContent]] = _nothing
    # (content) -> folders whose index.html the release check requires
    paths: Callable[[SiteContent], list[str]] = field(default=_no_paths)


def sections() -> tuple[Section, ...]:
    from app.publishing import acts, alerts, events, legal, news, not_found, site_map

    return (
        alerts.SECTION, news.SECTION, events.SECTION, acts.SECTION, legal.SECTION,
        site_map.SECTION, not_found.SECTION,
    )  # fmt: skip


def sections_context(
    content: SiteContent, *, lang: str, translations: gettext.NullTranslations, now: datetime
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for section in sections():
        merged |= section.context(content, lang=lang, translations=translations, now=now)
    return merged


def sections_documents(content: SiteContent, *, now: datetime) -> dict[str, bytes]:
    merged: dict[str, bytes] = {}
    for section in sections():
        merged |= section.documents(content, now=now)
    return merged


def sections_direct_templates(content: SiteContent) -> dict[str, str]:
    merged: dict[str, str] = {}
    for section in sections():
        merged |= section.direct_templates(content)
    return merged


def sections_files(
    content: SiteContent, *, generated_at: datetime, lang: str, translations
) -> dict[str, bytes]:
    merged: dict[str, bytes] = {}
    for section in sections():
        merged |= section.files(
            content, generated_at=generated_at, lang=lang, translations=translations
        )
    return merged


def sections_attachments(content: SiteContent) -> dict[str, FileContent]:
    merged: dict[str, FileContent] = {}
    for section in sections():
        merged |= section.attachments(content)
    return merged


def sections_paths(content: SiteContent) -> list[str]:
    return [path for section in sections() for path in section.paths(content)]
