"""The agenda of a site: the coming events by month, the archive, one page and one
iCalendar file per event, and a feed of the whole agenda.

Repeated events are expanded at build time over a window (the next twelve months for the
agenda, the last twelve for the archive), in Europe/Paris wall time, minus their
cancelled dates; an occurrence stays "coming" until it ends (the end of its last day for
an all-day event). The daily rebuild moves the window. The feeds keep the rule itself
(RRULE and EXDATE, with the Europe/Paris VTIMEZONE): calendar apps expand it.
"""

from __future__ import annotations

import gettext
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from icalendar import Event as CalendarEvent
from icalendar import vRecur

from app.config import TIMEZONE
from app.events.labels import CALENDAR_NAME, full_date, month_label, repeat_label, when_label
from app.events.recurrence import (
    MONTHLY_DAY,
    MONTHLY_NTH,
    WEEKLY,
    Occurrence,
    RuleError,
    last_day,
    months_after,
    occurrences,
    past,
    read_rule,
    upcoming,
)
from app.publishing.content import EntryContent, EventContent, SiteContent
from app.publishing.export import EVENTS_PATH, entry_path, pelican_date, pelican_document
from app.publishing.ical import subscribable_calendar
from app.publishing.markdown import ADMIN_BUDGET_S, render_markdown
from app.publishing.preview import PREVIEW_LANG, PreviewPage, render_theme_template
from app.publishing.sections import Section
from app.publishing.theming import load_translations

ARCHIVE_PATH = f"{EVENTS_PATH}/archives"
FEED_PATH = f"{EVENTS_PATH}/agenda.ics"
PRODID = "-//Bastide//Agenda//FR"
HOME_EVENTS = 3
NEXT_DATES = 6  # the coming dates listed on a repeated event's page

SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PRICE = re.compile(r"(\d+(?:[.,]\d{1,2})?)\s*(?:€|euros?\b)", re.IGNORECASE)


# --- What the templates read.


def event_url(event: EventContent) -> str:
    return f"{EVENTS_PATH}/{event.slug}/"


def event_feed_path(event: EventContent) -> str:
    """The event's own iCalendar file, to add it to a calendar."""
    return f"{EVENTS_PATH}/{event.slug}.ics"


def occurrence_data(
    occurrence: Occurrence, site: SiteContent, lang: str, translations: gettext.NullTranslations
) -> dict[str, Any]:
    """One line of the agenda (and of the home page's next events)."""
    event = occurrence.event
    return {
        "slug": event.slug,
        "title": event.title,
        "url": event_url(event),
        "summary": event.summary,
        "start_iso": occurrence.start_iso,
        "when_label": _when(occurrence, lang, translations),
        "place": _place_name(event, _entries(site)),
        "month": (occurrence.day.year, occurrence.day.month),
    }


def _when(occurrence: Occurrence, lang: str, translations: gettext.NullTranslations) -> str:
    event = occurrence.event
    return when_label(
        occurrence.day, occurrence.end_day, event.start_time, event.end_time, lang, translations
    )


def _entries(site: SiteContent) -> dict[str, EntryContent]:
    return {entry.slug: entry for entry in site.entries}


def _place_name(event: EventContent, entries: dict[str, EntryContent]) -> str:
    entry = entries.get(event.place_entry)
    return event.place or (entry.name if entry else "")


def _by_month(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    months: dict[tuple[int, int], list] = {}
    for row in rows:
        months.setdefault(row["month"], []).append(row)
    return [
        {
            "key": f"{year}-{month:02d}",
            "label": month_label(date(year, month, 1), lang),
            "events": events,
        }
        for (year, month), events in months.items()
    ]


def event_data(
    event: EventContent,
    site: SiteContent,
    *,
    lang: str,
    translations: gettext.NullTranslations,
    now: datetime,
) -> dict[str, Any]:
    """Everything the ``event`` template shows about one event."""
    coming = upcoming((event,), now)
    shown = coming[0] if coming else _last_occurrence(event)
    entries = _entries(site)
    place_entry, organiser_entry = (
        entries.get(event.place_entry),
        entries.get(event.organiser_entry),
    )
    today = now.astimezone(TIMEZONE).date()
    data = {
        "slug": event.slug,
        "title": event.title,
        "url": event_url(event),
        "summary": event.summary,
        "start_iso": shown.start_iso,
        "when_label": _when(shown, lang, translations),
        "repeat_label": repeat_label(event.rrule, lang, translations),
        "next_dates": [
            {"start_iso": o.start_iso, "when_label": _when(o, lang, translations)}
            for o in coming[:NEXT_DATES]
        ]
        if event.rrule
        else [],
        "cancelled": [full_date(day, lang) for day in sorted(event.exdates) if day >= today],
        "is_past": not coming,
        "place": _place_name(event, entries),
        "place_url": f"{entry_path(place_entry)}/" if place_entry else "",
        "place_address": _address_lines(place_entry),
        "organiser": event.organiser or (organiser_entry.name if organiser_entry else ""),
        "organiser_url": f"{entry_path(organiser_entry)}/" if organiser_entry else "",
        "price": event.price,
        "is_free": event.is_free,
        "registration_url": event.registration_url,
        "ics_url": event_feed_path(event),
    }
    data["json_ld"] = _json_ld(event, shown, site, place_entry, data)
    return data


def _last_occurrence(event: EventContent) -> Occurrence:
    days = occurrences(event, event.starts_on, last_day(event.starts_on, event.rrule))
    return days[-1] if days else Occurrence(event, event.starts_on)


def _address_lines(entry: EntryContent | None) -> list[str]:
    if entry is None:
        return []
    town = " ".join(part for part in (entry.postal_code, entry.town) if part)
    return [line for line in (entry.street, town) if line]


def events_context(
    site: SiteContent, *, lang: str, translations: gettext.NullTranslations, now: datetime
) -> dict[str, Any]:
    """``AGENDA_URL``, ``EVENTS_NEXT`` (the next occurrences of three different events),
    ``AGENDA_MONTHS`` and ``AGENDA_PAST_MONTHS`` (occurrences by month), ``EVENTS``
    (slug -> event page data), the archive's and the feed's addresses."""
    coming = [occurrence_data(o, site, lang, translations) for o in upcoming(site.events, now)]
    gone = [occurrence_data(o, site, lang, translations) for o in past(site.events, now)]
    next_events: dict[str, dict] = {}
    for row in coming:
        next_events.setdefault(row["slug"], row)
    return {
        "AGENDA_URL": f"{EVENTS_PATH}/",
        "AGENDA_ARCHIVE_URL": f"{ARCHIVE_PATH}/",
        "AGENDA_FEED_URL": FEED_PATH,
        "EVENTS_NEXT": list(next_events.values())[:HOME_EVENTS],
        "AGENDA_MONTHS": _by_month(coming, lang),
        "AGENDA_PAST_MONTHS": _by_month(gone, lang),
        "EVENTS": {
            event.slug: event_data(event, site, lang=lang, translations=translations, now=now)
            for event in site.events
        },
    }


def event_documents(site: SiteContent, *, now: datetime) -> dict[str, bytes]:
    """One page per event, ``agenda/<slug>/``; its data reaches the template as ``EVENTS``."""
    return {
        f"{EVENTS_PATH}.{event.slug}.md": pelican_document(
            {
                "Title": event.title,
                "Slug": f"{EVENTS_PATH}/{event.slug}",
                "Date": pelican_date(event.published_at),
                "Template": "event",
                "Event": event.slug,
            },
            event.body,
        )
        for event in site.events
    }


def _direct_templates(site: SiteContent) -> dict[str, str]:
    return {"agenda": f"{EVENTS_PATH}/index.html", "agenda_archive": f"{ARCHIVE_PATH}/index.html"}


def _paths(site: SiteContent) -> list[str]:
    return [EVENTS_PATH, ARCHIVE_PATH, *(f"{EVENTS_PATH}/{e.slug}" for e in site.events)]


# --- schema.org


def _json_ld(
    event: EventContent,
    shown: Occurrence,
    site: SiteContent,
    place_entry: EntryContent | None,
    data: dict[str, Any],
) -> str:
    """schema.org Event data, safe inside a <script> data block."""
    base = site.live_url.rstrip("/") + "/"
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": base + data["url"],
        "startDate": shown.start_iso,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _schema_place(data["place"] or site.name, place_entry),
    }
    if event.start_time is None:
        document["endDate"] = shown.end_day.isoformat()
    elif event.end_time is not None:
        document["endDate"] = shown.end.isoformat(timespec="minutes")
    if event.summary:
        document["description"] = event.summary
    if data["organiser"]:
        organiser = {"@type": "Organization", "name": data["organiser"]}
        if data["organiser_url"]:
            organiser["url"] = base + data["organiser_url"]
        document["organizer"] = organiser
    document |= _schema_offers(event)
    schedule = _schema_schedule(event)
    if schedule:
        document["eventSchedule"] = schedule
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _schema_place(name: str, entry: EntryContent | None) -> dict[str, Any]:
    if entry is None or not (entry.street or entry.town):
        return {"@type": "Place", "name": name, "address": name}
    address = {
        "@type": "PostalAddress",
        "streetAddress": entry.street,
        "postalCode": entry.postal_code,
        "addressLocality": entry.town,
        "addressCountry": "FR",
    }
    return {"@type": "Place", "name": name, "address": address}


def _schema_offers(event: EventContent) -> dict[str, Any]:
    if event.is_free:
        offer = {"@type": "Offer", "price": 0, "priceCurrency": "EUR"}
    elif event.price or event.registration_url:
        offer = {"@type": "Offer"}
        match = _PRICE.search(event.price)
        if match:
            offer |= {"price": match.group(1).replace(",", "."), "priceCurrency": "EUR"}
        if event.price:
            offer["description"] = event.price
    else:
        return {}
    if event.registration_url:
        offer["url"] = event.registration_url
    return {"isAccessibleForFree": event.is_free, "offers": offer}


def _schema_schedule(event: EventContent) -> dict[str, Any] | None:
    try:
        recurrence = read_rule(event.rrule)
    except RuleError:
        return None
    if recurrence.until is None:
        return None
    schedule: dict[str, Any] = {
        "@type": "Schedule",
        "startDate": event.starts_on.isoformat(),
        "endDate": recurrence.until.isoformat(),
        "scheduleTimezone": TIMEZONE.key,
    }
    if event.start_time is not None:
        schedule["startTime"] = event.start_time.strftime("%H:%M")
    if event.end_time is not None:
        schedule["endTime"] = event.end_time.strftime("%H:%M")
    if recurrence.kind == WEEKLY:
        schedule["repeatFrequency"] = "P1W"
        schedule["byDay"] = [_schema_day(d) for d in recurrence.weekdays]
    elif recurrence.kind == MONTHLY_NTH:
        schedule |= {"repeatFrequency": "P1M", "byDay": _schema_day(recurrence.weekday)}
        schedule["byMonthWeek"] = recurrence.nth
    elif recurrence.kind == MONTHLY_DAY:
        schedule |= {"repeatFrequency": "P1M", "byMonthDay": recurrence.month_day}
    if event.exdates:
        schedule["exceptDate"] = [day.isoformat() for day in sorted(event.exdates)]
    return schedule


def _schema_day(weekday: int) -> str:
    return f"https://schema.org/{SCHEMA_DAYS[weekday]}"


# --- iCalendar


def event_feeds(
    site: SiteContent, *, generated_at: datetime, lang: str, translations
) -> dict[str, bytes]:
    """The whole agenda's feed (events not over for more than twelve months) and one
    file per event, to add it to a calendar."""
    today = generated_at.astimezone(TIMEZONE).date()
    cutoff = months_after(today, -12)
    recent = [e for e in site.events if _last_end(e) >= cutoff]
    name = translations.gettext(CALENDAR_NAME) % {"name": site.name}
    files = {FEED_PATH: _calendar(recent, name, site, generated_at)}
    for event in site.events:
        files[event_feed_path(event)] = _calendar([event], event.title, site, generated_at)
    return files


def _last_end(event: EventContent) -> date:
    return last_day(event.starts_on, event.rrule) + (event.ends_on - event.starts_on)


def _calendar(
    events: list[EventContent], name: str, site: SiteContent, generated_at: datetime
) -> bytes:
    calendar = subscribable_calendar(PRODID, name)
    host = urlsplit(site.live_url).hostname or site.slug
    stamp = generated_at.astimezone(UTC)
    entries = _entries(site)
    for event in events:
        calendar.add_component(_vevent(event, host, stamp, site, entries))
    if events:
        first = min(e.starts_on for e in events) - timedelta(days=1)
        last = max(_last_end(e) for e in events) + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _vevent(
    event: EventContent,
    host: str,
    stamp: datetime,
    site: SiteContent,
    entries: dict[str, EntryContent],
) -> CalendarEvent:
    component = CalendarEvent()
    component.add("uid", f"{event.slug}@{host}")
    component.add("dtstamp", stamp)
    first = Occurrence(event, event.starts_on)
    if event.start_time is None:
        component.add("dtstart", event.starts_on)
        component.add("dtend", event.ends_on + timedelta(days=1))  # exclusive
    else:
        component.add("dtstart", first.start)
        if event.end_time is not None or event.ends_on != event.starts_on:
            component.add("dtend", first.end)
    if event.rrule:
        component.add("rrule", vRecur.from_ical(event.rrule))
    if event.exdates:
        component.add("exdate", [_exdate(event, day) for day in sorted(event.exdates)])
    component.add("summary", event.title)
    place = _place_name(event, entries)
    address = ", ".join(_address_lines(entries.get(event.place_entry)))
    if place or address:
        component.add("location", ", ".join(part for part in (place, address) if part))
    description = "\n\n".join(part for part in (event.summary, event.body.strip()) if part)
    if description:
        component.add("description", description)
    component.add("url", site.live_url.rstrip("/") + "/" + event_url(event))
    return component


def _exdate(event: EventContent, day: date) -> date | datetime:
    """A cancelled date in the form of DTSTART (a date, or the same time that day)."""
    if event.start_time is None:
        return day
    return datetime.combine(day, event.start_time, TIMEZONE)


# --- Preview


def render_event_preview(content: SiteContent, event: EventContent, **options: Any) -> str:
    """The preview of an event page, its dates computed for now."""
    translations = load_translations(Path(options["translations_dir"]), PREVIEW_LANG)
    data = event_data(
        event, content, lang=PREVIEW_LANG, translations=translations, now=datetime.now(UTC)
    )
    page = PreviewPage(
        slug=f"{EVENTS_PATH}/{event.slug}",
        title=event.title,
        url=data["url"],
        content=render_markdown(event.body, options.get("media"), budget=ADMIN_BUDGET_S),
        date=None,
        menu_position=0,
    )
    context = {"page_name": f"{EVENTS_PATH}/{event.slug}/index", "page": page, "event": data}
    return render_theme_template(content, "event.html", context, **options)


SECTION = Section(
    "events",
    context=events_context,
    documents=event_documents,
    direct_templates=_direct_templates,
    files=event_feeds,
    paths=_paths,
)
