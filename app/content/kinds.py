"""The registry of content types: how each type's published revisions reach a site.

A new type adds one ``ContentKind`` here; builds, previews, the scheduler and the
kernel's tests then cover it. No Flask import: the build worker reads this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from app.models import (
    Alert,
    ContentItem,
    DirectoryEntry,
    Event,
    MunicipalAct,
    NewsItem,
    Page,
    Revision,
)
from app.publishing.content import (
    ActContent,
    AlertContent,
    EntryContent,
    EventContent,
    FileContent,
    NewsContent,
    PageContent,
)


@dataclass(frozen=True)
class ContentKind:
    """One content type as the publishing side sees it."""

    model: type[ContentItem]
    screens: str  # the URL segment of its admin screens
    site_field: str  # the SiteContent attribute holding the published items
    to_site: Callable[[ContentItem, Revision], Any]
    # An intercommunality's items of this type show on every member site, marked as such.
    shared_to_site: Callable[[ContentItem, Revision, str], Any] | None = None
    # The platform records when a site carrying the item first went live (acts).
    records_online_since: bool = False


EVENT_TEXT_FIELDS = (
    "summary", "body", "place", "place_entry", "organiser", "organiser_entry", "price",
    "is_free", "registration_url",
)  # fmt: skip
ACT_PLAIN_FIELDS = (
    "author_name", "author_capacity", "subject", "summary", "replaces_id", "voters",
    "votes_for", "votes_against", "abstentions",
)  # fmt: skip


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _file(data: dict | None) -> FileContent | None:
    return FileContent(**data) if data else None


def _translations(data: dict) -> dict[str, dict[str, str]]:
    """The revision's translations, a fresh copy per site item."""
    return {lang: dict(texts) for lang, texts in (data.get("translations") or {}).items()}


def page_from_revision(item: Page, revision: Revision) -> PageContent:
    data = revision.data
    return PageContent(
        slug=data["slug"],
        title=data["title"],
        body=data["body"],
        menu_position=data["menu_position"],
        published_at=revision.created_at,
        translations=_translations(data),
    )


def entry_from_revision(item: DirectoryEntry, revision: Revision) -> EntryContent:
    data = {k: v for k, v in revision.data.items() if k not in ("publish_at", "unpublish_at")}
    checked = data.pop("last_checked_on", None)
    data["phones"] = tuple(data.get("phones") or ())
    data["translations"] = _translations(data)
    return EntryContent(**data, last_checked_on=_date(checked), published_at=revision.created_at)


def shared_entry_from_revision(
    item: DirectoryEntry, revision: Revision, provided_by: str
) -> EntryContent:
    return replace(entry_from_revision(item, revision), provided_by=provided_by)


def news_from_revision(item: NewsItem, revision: Revision) -> NewsContent:
    data = revision.data
    return NewsContent(
        slug=data["slug"],
        title=data["title"],
        news_date=date.fromisoformat(data["news_date"]),
        published_at=revision.created_at,
        summary=data["summary"],
        body=data["body"],
        image=_file(data.get("image")),
        image_alt=data["image_alt"],
        translations=_translations(data),
    )


def event_from_revision(item: Event, revision: Revision) -> EventContent:
    data = revision.data
    return EventContent(
        slug=data["slug"],
        title=data["title"],
        starts_on=date.fromisoformat(data["starts_on"]),
        ends_on=date.fromisoformat(data["ends_on"]),
        published_at=revision.created_at,
        start_time=_time(data["start_time"]),
        end_time=_time(data["end_time"]),
        rrule=data["rrule"],
        exdates=tuple(date.fromisoformat(d) for d in data["exdates"]),
        **{name: data[name] for name in EVENT_TEXT_FIELDS},
        translations=_translations(data),
    )


def alert_from_revision(item: Alert, revision: Revision, provided_by: str = "") -> AlertContent:
    data = revision.data
    return AlertContent(
        item_id=item.id,
        message=data["message"],
        level=data["level"],
        link=data["link"],
        starts_at=_moment(data.get("publish_at")) or revision.created_at,
        ends_at=_moment(data["unpublish_at"]),
        published_at=revision.created_at,
        provided_by=provided_by,
        translations=_translations(data),
    )


def act_from_revision(item: MunicipalAct, revision: Revision) -> ActContent:
    data = revision.data
    return ActContent(
        item_id=item.id,
        slug=data["slug"],
        kind=data["kind"],
        number=data["number"],
        title=data["title"],
        act_date=date.fromisoformat(data["act_date"]),
        published_at=revision.created_at,
        file=_file(data.get("file")),
        online_since=item.online_since,
        session_date=_date(data["session_date"]),
        **{name: data[name] for name in ACT_PLAIN_FIELDS},
        translations=_translations(data),
    )


PAGES = ContentKind(Page, "pages", "pages", page_from_revision)
DIRECTORY_ENTRIES = ContentKind(
    DirectoryEntry, "directory", "entries", entry_from_revision, shared_entry_from_revision
)
NEWS = ContentKind(NewsItem, "news", "news", news_from_revision)
EVENTS = ContentKind(Event, "events", "events", event_from_revision)
ALERTS = ContentKind(Alert, "alerts", "alerts", alert_from_revision, alert_from_revision)
ACTS = ContentKind(MunicipalAct, "acts", "acts", act_from_revision, records_online_since=True)
CONTENT_KINDS: tuple[ContentKind, ...] = (PAGES, DIRECTORY_ENTRIES, NEWS, EVENTS, ALERTS, ACTS)


def kind_of(model: type[ContentItem]) -> ContentKind:
    return next(kind for kind in CONTENT_KINDS if kind.model is model)


def kind_named(content_type: str) -> ContentKind | None:
    """The kind whose model is stored as ``content_type`` ("page", "directory_entry")."""
    return next((k for k in CONTENT_KINDS if k.model.content_type == content_type), None)
