"""The "open now?" line, precomputed for the resident's browser.

A static site cannot know the time it is read at, so the build writes consecutive
segments ``[start, end)`` with the exact sentence to show during each one, and
``hours.js`` picks the segment containing the reader's clock. Segments are cut at every
change of state and at every local midnight (the wording, "tomorrow" or "Monday", depends
on the day); neighbours whose sentence is identical are then merged again (Thursday
evening to Saturday night all read "Fermé · ouvre lundi à 9 h"), so at every instant the
sentence is the one that would be computed at that very instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import NamedTuple

from opening_hours import OpeningHours, State

from app.config import TIMEZONE
from app.errors import N_
from app.hours.expression import compile_hours
from app.hours.formatting import Translations, clock, month_day, weekday_name
from app.hours.rules import DAY_MINUTES

# How far past the window the next opening or closing is looked for, so that the last days
# of the window still say "opens on 5 January" after a long closure.
LOOKAHEAD = timedelta(days=62)
WEEKDAY_WORDING_DAYS = 6  # "opens Monday" up to six days ahead, "opens on 5 January" after

OPEN = N_("Open")
CLOSED = N_("Closed")
CLOSES_AT = N_("Open · closes at %(time)s")
CLOSES_TOMORROW = N_("Open · closes tomorrow at %(time)s")
CLOSES_ON_WEEKDAY = N_("Open · closes %(weekday)s at %(time)s")
CLOSES_ON_DATE = N_("Open · closes on %(date)s at %(time)s")
OPENS_AT = N_("Closed · opens at %(time)s")
OPENS_TOMORROW = N_("Closed · opens tomorrow at %(time)s")
OPENS_ON_WEEKDAY = N_("Closed · opens %(weekday)s at %(time)s")
OPENS_ON_DATE = N_("Closed · opens on %(date)s at %(time)s")
WORDING = {
    True: (CLOSES_AT, CLOSES_TOMORROW, CLOSES_ON_WEEKDAY, CLOSES_ON_DATE),
    False: (OPENS_AT, OPENS_TOMORROW, OPENS_ON_WEEKDAY, OPENS_ON_DATE),
}


class Segment(NamedTuple):
    """From ``start`` (included) to ``end`` (excluded), show ``text``; JSON: an array."""

    start: str
    end: str
    state: str  # "open" or "closed"
    text: str


class _Run(NamedTuple):
    start: datetime
    end: datetime
    is_open: bool


def status_segments(
    expr: str, start: datetime, lang: str, translations: Translations, days: int = 14
) -> list[Segment]:
    """Segments covering ``days`` days from ``start`` (a naive time is French local time)."""
    compiled = compile_hours(expr)
    if compiled is None or days <= 0:
        return []
    local_start = start.astimezone(TIMEZONE) if start.tzinfo else start.replace(tzinfo=TIMEZONE)
    begin = local_start.astimezone(UTC)
    end = (local_start + timedelta(days=days)).astimezone(UTC)  # same local time, days later
    horizon = end + LOOKAHEAD
    runs = _runs(compiled.opening_hours, begin, horizon)
    cuts = {begin, end, *_midnights(begin, end)}
    cuts.update(run.end for run in runs if begin < run.end < end)
    segments: list[Segment] = []
    current = iter(runs)
    run = next(current)
    for low, high in pairwise(sorted(cuts)):
        while run.end <= low:
            run = next(current)
        change = run.end if run.end < horizon else None
        text = _sentence(run.is_open, change, low, lang, translations)
        state = "open" if run.is_open else "closed"
        if segments and segments[-1].text == text and segments[-1].state == state:
            segments[-1] = segments[-1]._replace(end=_iso(high))
        else:
            segments.append(Segment(_iso(low), _iso(high), state, text))
    return segments


def _runs(opening_hours: OpeningHours, begin: datetime, horizon: datetime) -> list[_Run]:
    """Maximal open or closed stretches (comments ignored), in UTC."""
    runs: list[_Run] = []
    # opening-hours-py takes naive or ZoneInfo-aware times only (it reads tzinfo.key)
    local_begin, local_horizon = begin.astimezone(TIMEZONE), horizon.astimezone(TIMEZONE)
    for low, high, state, _comment in opening_hours.intervals(local_begin, local_horizon):
        is_open = state == State.OPEN
        low, high = low.astimezone(UTC), high.astimezone(UTC)
        if runs and runs[-1].is_open == is_open:
            runs[-1] = runs[-1]._replace(end=high)
        else:
            runs.append(_Run(low, high, is_open))
    return runs


def _midnights(begin: datetime, end: datetime) -> list[datetime]:
    """The local midnights strictly inside (begin, end), in UTC."""
    first = begin.astimezone(TIMEZONE).date() + timedelta(days=1)
    count = (end.astimezone(TIMEZONE).date() - first).days + 1
    midnights = (_local_midnight(first + timedelta(days=n)) for n in range(count))
    return [moment for moment in midnights if moment < end]


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=TIMEZONE).astimezone(UTC)


def _sentence(
    is_open: bool, change: datetime | None, now: datetime, lang: str, translations: Translations
) -> str:
    """ "Fermé · ouvre lundi à 9 h" for a segment starting at ``now``."""
    if change is None:
        return translations.gettext(OPEN if is_open else CLOSED)
    local = change.astimezone(TIMEZONE)
    day, minutes = local.date(), local.hour * 60 + local.minute
    if is_open and minutes == 0:  # closes at the midnight ending the day before: "à 24 h"
        day, minutes = day - timedelta(days=1), DAY_MINUTES
    same_day, tomorrow, on_weekday, on_date = WORDING[is_open]
    ahead = (day - now.astimezone(TIMEZONE).date()).days
    params = {"time": clock(minutes, lang, translations)}
    if ahead <= 0:
        message = same_day
    elif ahead == 1:
        message = tomorrow
    elif ahead <= WEEKDAY_WORDING_DAYS:
        message, params["weekday"] = on_weekday, weekday_name(day.weekday(), lang)
    else:
        message, params["date"] = on_date, month_day(day, lang)
    return translations.gettext(message) % params


def _iso(moment: datetime) -> str:
    """ "2026-12-24T12:00+01:00": local time with its offset, to the minute (what Date.parse
    reads; seconds would add 12 bytes a segment to every page)."""
    return moment.astimezone(TIMEZONE).isoformat(timespec="minutes")
