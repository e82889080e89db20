"""A zone's waste-collection calendar as residents get it: an ICS feed and page rows.

``waste_context`` gives the site's page its data (the next days of each stream, computed
at build time like the directory's hours; the daily rebuild keeps them rolling) and
``waste_feeds`` the feeds the pipeline writes next to it, ``collecte-des-dechets/<zone>.ics``.

The feed lists each collection as its own all-day event over a moving window (a month
back, a year ahead, see ``feed_window``), never as an RRULE. Collections due on public
holidays move (next day, next working day...) or are cancelled, and staff move or cancel
single dates: as a rule these become RRULE + EXDATE + RDATE or RECURRENCE-ID overrides,
which phone and web calendar clients support unevenly, and a client that misreads one
shows a moved collection twice, or not at all, with nothing to tell. Expanded dates
read the same in every client; the feed asks to be refreshed daily (REFRESH-INTERVAL,
X-PUBLISHED-TTL) and each build recomputes the window. A UID made of the day, the stream,
the zone and the site's host stays the same between builds, so a client updates an event
rather than duplicating it.

Each event carries a display alarm, "Put the bin out", at 19:00 the evening before. For
an all-day event (DTSTART;VALUE=DATE) a relative trigger counts from the start of the day
in the reader's own time, so TRIGGER:-PT5H rings at 19:00 the day before, in summer and
in winter alike (Apple Calendar writes its all-day alerts the same way: -PT15H is 9:00 the
day before). An absolute trigger would have to be in UTC and would drift by an hour with
daylight saving time. Some clients drop the alarms of subscribed feeds (Google Calendar;
macOS offers to remove them when subscribing): residents then set their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from icalendar import Alarm, Event

from app.config import TIMEZONE
from app.hours.formatting import Translations, capitalise, day_label
from app.hours.public_holidays import DEFAULT_LANGUAGE
from app.publishing.content import SiteContent, WasteZoneContent
from app.publishing.export import WASTE_PATH
from app.publishing.ical import subscribable_calendar
from app.text import slugify
from app.waste.calendar import IDENTITY, Collection, first_per_stream, zone_collections
from app.waste.labels import (
    CALENDAR_DESCRIPTION,
    CALENDAR_NAME,
    EVENT_SUMMARY,
    PUT_BIN_OUT,
    stream_label,
)

PRODID = "-//Bastide//Collecte des déchets//FR"
# Relative to the midnight starting an all-day event: 19:00 the evening before.
ALARM_TRIGGER = timedelta(hours=-5)
FEED_PAST = timedelta(days=31)
FEED_AHEAD = timedelta(days=365)
UPCOMING_PER_STREAM = 3


def feed_window(generated_at: datetime) -> tuple[date, date]:
    """The days a feed built at ``generated_at`` lists: a month back, a year ahead."""
    today = _local(generated_at).date()
    return today - FEED_PAST, today + FEED_AHEAD


def zone_calendar_ics(
    zone_name: str,
    commune_name: str,
    collections: Iterable[Collection],
    *,
    site_url: str,
    generated_at: datetime,
    translations: Translations = IDENTITY,
    zone_key: str = "",
) -> bytes:
    """The zone's collections as an iCalendar feed, one all-day event per collection.

    ``zone_key`` (the zone's slug, which never changes) makes the event UIDs stable when
    the zone is renamed, so subscribed phones update their events instead of adding more.
    """
    gettext = translations.gettext
    name = gettext(CALENDAR_NAME) % {"zone": zone_name}
    description = gettext(CALENDAR_DESCRIPTION) % {"place": _place(zone_name, commune_name)}
    calendar = subscribable_calendar(PRODID, name, description=description, url=site_url)
    key = zone_key or _zone_slug(zone_name, commune_name)
    uid_suffix = f"{key}@{_host(site_url)}"
    stamp = _local(generated_at).astimezone(UTC)
    for collection in collections:
        calendar.add_component(_event(collection, uid_suffix, stamp, translations))
    return calendar.to_ical()


def zone_calendar_rows(
    collections: Iterable[Collection],
    *,
    today: date,
    lang: str = DEFAULT_LANGUAGE,
    translations: Translations = IDENTITY,
    count_per_stream: int = UPCOMING_PER_STREAM,
) -> list[dict[str, Any]]:
    """Each stream's next collections from ``today``, as the zone's page lists them."""
    return [
        {
            "stream": stream,
            "label": capitalise(stream_label(stream, translations.gettext)),
            "dates": [
                {
                    "date": collection.date,
                    "iso": collection.date.isoformat(),
                    "label": day_label(collection.date, lang),
                    "note": collection.note,
                    "moved": collection.moved_from is not None,
                }
                for collection in upcoming
            ],
        }
        for stream, upcoming in first_per_stream(collections, today, count_per_stream).items()
    ]


def waste_context(
    site: SiteContent, *, lang: str, translations: Translations, now: datetime
) -> dict[str, Any]:
    """``WASTE_ZONES`` (each zone's streams and next days, its feed) and ``WASTE_URL``."""
    today = _local(now).date()
    zones = [
        {
            "slug": zone.slug,
            "name": zone.name,
            "communes": list(zone.communes),
            "feed_url": feed_path(zone),
            "streams": zone_calendar_rows(
                _window_collections(zone, now, lang, translations),
                today=today,
                lang=lang,
                translations=translations,
            ),
        }
        for zone in site.waste_zones
    ]
    return {"WASTE_ZONES": zones, "WASTE_URL": f"{WASTE_PATH}/"}


def waste_feeds(
    site: SiteContent,
    *,
    generated_at: datetime,
    lang: str = DEFAULT_LANGUAGE,
    translations: Translations = IDENTITY,
) -> dict[str, bytes]:
    """The iCalendar feed of every zone the site shows, by path in the release."""
    return {
        feed_path(zone): zone_calendar_ics(
            zone.name,
            ", ".join(zone.communes),
            _window_collections(zone, generated_at, lang, translations),
            site_url=site.live_url,
            generated_at=generated_at,
            translations=translations,
            zone_key=f"{zone.slug}-{site.slug}",
        )
        for zone in site.waste_zones
    }


def feed_path(zone: WasteZoneContent) -> str:
    """Where the zone's feed lives on the site."""
    return f"{WASTE_PATH}/{zone.slug}.ics"


def _window_collections(
    zone: WasteZoneContent, moment: datetime, lang: str, translations: Translations
) -> list[Collection]:
    start, end = feed_window(moment)
    return zone_collections(zone.rounds, start, end, lang=lang, translations=translations)


def _event(
    collection: Collection, uid_suffix: str, stamp: datetime, translations: Translations
) -> Event:
    label = stream_label(collection.stream, translations.gettext)
    event = Event()
    event.add("uid", f"{collection.date.isoformat()}-{collection.stream}-{uid_suffix}")
    event.add("dtstamp", stamp)
    event.add("dtstart", collection.date)
    event.add("dtend", collection.date + timedelta(days=1))
    event.add("summary", translations.gettext(EVENT_SUMMARY) % {"stream": label})
    if collection.note:
        event.add("description", collection.note)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", translations.gettext(PUT_BIN_OUT))
    alarm.add("trigger", ALARM_TRIGGER)
    event.add_component(alarm)
    return event


def _local(moment: datetime) -> datetime:
    """``moment`` in French local time (a naive value is taken as already local)."""
    return moment.replace(tzinfo=TIMEZONE) if moment.tzinfo is None else moment.astimezone(TIMEZONE)


def _place(zone_name: str, commune_name: str) -> str:
    """ "Aurignac – centre bourg" as is, "Centre bourg (Aurignac)" when the zone omits it."""
    if f"-{slugify(commune_name)}-" in f"-{slugify(zone_name)}-":
        return zone_name
    return f"{zone_name} ({commune_name})"


def _zone_slug(zone_name: str, commune_name: str) -> str:
    return slugify(_place(zone_name, commune_name))


def _host(site_url: str) -> str:
    host = urlsplit(site_url).hostname
    if not host:
        raise ValueError(f"site_url must be an absolute URL, not {site_url!r}")
    return host
