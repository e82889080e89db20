"""Agenda rules: dates in order, a repetition with an end at most two years on, cancelled
dates that are dates of the event, a price or "free", an http(s) registration link. The
life cycle itself is the content kernel's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from app.config import TIMEZONE
from app.content.errors import ContentError, SlugTaken
from app.content.owners import Owner
from app.content.queries import published_items
from app.content.services import choose_slug, save_item
from app.content.sharing import shared_published_items
from app.content.text import check_markdown
from app.directory.contact import clean_website
from app.errors import N_
from app.events.recurrence import NONE, RuleError, follows_rule, is_occurrence, read_rule
from app.models import Commune, DirectoryEntry, Event, User
from app.models.base import utcnow
from app.text import SLUG_MAX_LENGTH, collation_key, slugify

# agenda/archives/ is the archive's page, agenda/agenda.ics the whole agenda's feed.
RESERVED_EVENT_SLUGS = frozenset({"archives", "agenda"})
MAX_REPEAT_YEARS = 2


@dataclass(frozen=True)
class EventDraft:
    """What the clerk typed, the repetition already written as a rule."""

    title: str
    starts_on: date | None
    slug: str = ""
    summary: str = ""
    body: str = ""
    start_time: time | None = None
    ends_on: date | None = None
    end_time: time | None = None
    rrule: str = ""
    exdates: tuple[date, ...] = ()
    place: str = ""
    place_entry: str = ""
    organiser: str = ""
    organiser_entry: str = ""
    price: str = ""
    is_free: bool = False
    registration_url: str = ""


def check_event(draft: EventDraft, today: date | None = None) -> dict[str, Any]:
    """Validate a draft; return the event's values (everything but the slug)."""
    today = today or datetime.now(TIMEZONE).date()
    if not draft.title.strip():
        raise ContentError(N_("Give the title of the event."), field="title")
    if draft.starts_on is None:
        raise ContentError(N_("Give the date of the event."), field="starts_on")
    ends_on = draft.ends_on or draft.starts_on
    _check_times(draft, ends_on)
    _check_repetition(draft, today)
    if draft.is_free and draft.price.strip():
        raise ContentError(
            N_("Leave the price empty for a free event, or untick « Free »."), field="price"
        )
    check_markdown(draft.body)
    return {
        "title": draft.title.strip(),
        "summary": " ".join(draft.summary.split()),
        "body": draft.body,
        "starts_on": draft.starts_on,
        "start_time": draft.start_time,
        "ends_on": ends_on,
        "end_time": draft.end_time if draft.start_time else None,
        "rrule": draft.rrule,
        "exdates": sorted({day.isoformat() for day in draft.exdates}),
        "place": draft.place.strip(),
        "place_entry": draft.place_entry,
        "organiser": draft.organiser.strip(),
        "organiser_entry": draft.organiser_entry,
        "price": draft.price.strip(),
        "is_free": draft.is_free,
        "registration_url": clean_website(draft.registration_url, field="registration_url"),
    }


def _check_times(draft: EventDraft, ends_on: date) -> None:
    if ends_on < draft.starts_on:
        raise ContentError(N_("The end date cannot come before the start date."), field="ends_on")
    if draft.end_time is not None and draft.start_time is None:
        raise ContentError(
            N_("Give the start time too, or leave both times empty for an all-day event."),
            field="start_time",
        )
    same_day = ends_on == draft.starts_on
    if same_day and draft.end_time is not None and draft.end_time < draft.start_time:
        raise ContentError(N_("The end time cannot come before the start time."), field="end_time")


def _check_repetition(draft: EventDraft, today: date) -> None:
    try:
        recurrence = read_rule(draft.rrule)
    except RuleError:
        raise ContentError(
            N_("Choose how the event repeats from the list."), field="repeat"
        ) from None
    if recurrence.kind == NONE:
        if draft.exdates:
            raise ContentError(
                N_("Cancelled dates only apply to an event that repeats."), field="exceptions"
            )
        return
    if recurrence.until is None:
        raise ContentError(N_("Give the last date of a repeated event."), field="repeat_until")
    if recurrence.until < draft.starts_on:
        raise ContentError(
            N_("The last date cannot come before the first date."), field="repeat_until"
        )
    if recurrence.until > _years_after(today, MAX_REPEAT_YEARS):
        raise ContentError(
            N_("A repetition ends at most two years from today: create a new event after that."),
            field="repeat_until",
        )
    if not follows_rule(draft.starts_on, draft.start_time, draft.rrule):
        raise ContentError(
            N_("The first date must be one of the repeated dates (e.g. a first Sunday)."),
            field="starts_on",
        )
    for day in draft.exdates:
        if not is_occurrence(draft.starts_on, draft.start_time, draft.rrule, day):
            raise ContentError(
                N_("%(date)s is not one of the dates of the event."),
                field="exceptions",
                date=day.strftime("%d/%m/%Y"),
            )


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def directory_choices(session: Session, owner: Owner) -> list[tuple[str, str]]:
    """(slug, name) of the directory entries the owner's site shows now: its own, and
    for a commune those its intercommunality shares, by name."""
    now = utcnow()
    found: dict[str, str] = {}
    for _entry, revision in published_items(session, owner, DirectoryEntry, now):
        found.setdefault(revision.data["slug"], revision.data["name"])
    if isinstance(owner, Commune) and owner.intercommunality is not None:
        epci = owner.intercommunality.name
        for _entry, revision in shared_published_items(session, owner, DirectoryEntry, now):
            found.setdefault(revision.data["slug"], f"{revision.data['name']} ({epci})")
    return sorted(found.items(), key=lambda choice: collation_key(choice[1]))


def save_event(
    session: Session,
    owner: Owner,
    event: Event | None,
    draft: EventDraft,
    version: int | None,
    user: User | None,
) -> Event:
    """Create an event or save its working copy (``version`` guards concurrent edits)."""
    values = check_event(draft)
    available = {slug for slug, _name in directory_choices(session, owner)}
    for name in ("place_entry", "organiser_entry"):
        kept = event is not None and getattr(event, name) == values[name]
        if values[name] and values[name] not in available and not kept:
            raise ContentError(N_("Choose an entry of the directory from the list."), field=name)
    values["slug"] = _event_slug(session, owner, event, draft)
    return save_item(session, owner, Event, event, values, version=version, user=user)


def _event_slug(session: Session, owner: Owner, event: Event | None, draft: EventDraft) -> str:
    """The typed address; else one made from the title, and the date when another event
    already has it (a duplicated event: « fete-du-village-2027-06-19 »)."""

    def choose(typed: str) -> str:
        return choose_slug(
            session,
            owner,
            Event,
            typed,
            draft.title,
            event,
            reserved=RESERVED_EVENT_SLUGS,
            taken_message=N_("Another event already uses the address « %(slug)s »."),
        )

    try:
        return choose(draft.slug)
    except SlugTaken:
        if draft.slug.strip() or draft.starts_on is None:
            raise
    return choose(f"{slugify(draft.title, SLUG_MAX_LENGTH - 11)}-{draft.starts_on.isoformat()}")
