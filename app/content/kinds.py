"""The registry of content types: how each type's published revisions reach a site.

A new type adds one ``ContentKind`` here; builds, previews and the kernel's tests then
cover it. No Flask import: the build worker reads this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app.models import ContentItem, DirectoryEntry, Page, Revision
from app.publishing.content import EntryContent, PageContent


@dataclass(frozen=True)
class ContentKind:
    """One content type as the publishing side sees it."""

    model: type[ContentItem]
    screens: str  # the URL segment of its admin screens
    site_field: str  # the SiteContent attribute holding the published items
    to_site: Callable[[Revision], Any]
    # An intercommunality's items of this type show on every member site, marked as such.
    shared_to_site: Callable[[Revision, str], Any] | None = None


def page_from_revision(revision: Revision) -> PageContent:
    data = revision.data
    return PageContent(
        slug=data["slug"],
        title=data["title"],
        body=data["body"],
        menu_position=data["menu_position"],
        published_at=revision.created_at,
    )


def entry_from_revision(revision: Revision) -> EntryContent:
    data = dict(revision.data)
    checked = data.pop("last_checked_on", None)
    data["phones"] = tuple(data.get("phones") or ())
    return EntryContent(
        **data,
        last_checked_on=date.fromisoformat(checked) if checked else None,
        published_at=revision.created_at,
    )


def shared_entry_from_revision(revision: Revision, provided_by: str) -> EntryContent:
    return replace(entry_from_revision(revision), provided_by=provided_by)


PAGES = ContentKind(Page, "pages", "pages", page_from_revision)
DIRECTORY_ENTRIES = ContentKind(
    DirectoryEntry, "directory", "entries", entry_from_revision, shared_entry_from_revision
)
CONTENT_KINDS: tuple[ContentKind, ...] = (PAGES, DIRECTORY_ENTRIES)


def kind_of(model: type[ContentItem]) -> ContentKind:
    return next(kind for kind in CONTENT_KINDS if kind.model is model)


def kind_named(content_type: str) -> ContentKind | None:
    """The kind whose model is stored as ``content_type`` ("page", "directory_entry")."""
    return next((k for k in CONTENT_KINDS if k.model.content_type == content_type), None)
