"""Repeated events: the clerk's choices as an RFC 5545 rule and back, the days a rule
gives in Europe/Paris wall time, and the occurrences coming or past at an instant.

Rules are written with icalendar's ``vRecur`` and expanded with dateutil. ``UNTIL`` is a
date for an all-day event and the end of that day in UTC for a timed one, as RFC 5545
asks (the feeds carry the rule as is). No Flask here: the site's build expands rules too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrule, rrulestr
from icalendar import vRecur

from app.config import TIMEZONE
from app.publishing.content import EventContent

NONE, WEEKLY, MONTHLY_NTH, MONTHLY_DAY = "none", "weekly", "monthly_nth", "monthly_day"
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # Monday is 0, as date.weekday()
NTH_VALUES = (1, 2, 3, 4, -1)  # -1: the last one of the month
END_OF_DAY = time(23, 59, 59)


class RuleError(ValueError):
    """A recurrence rule the agenda cannot read."""


@dataclass(frozen=True)
class Recurrence:
    """How an event repeats, as the form offers it."""

    kind: str = NONE
    weekdays: tuple[int, ...] = ()  # WEEKLY: the days of the week (Monday is 0)
    nth: int = 1  # MONTHLY_NTH: 1st to 4th, or -1 for the last...
    weekday: int = 0  # ...of this day of the week
    month_day: int = 1  # MONTHLY_DAY: the day number
    until: date | None = None  # the last day it may take place


def build_rule(recurrence: Recurrence, *, all_day: bool) -> str:
    """The RRULE text (without "RRULE:") of ``recurrence``; "" when it does not repeat."""
    if recurrence.kind == NONE:
        return ""
    parts: dict = {}
    if recurrence.kind == WEEKLY:
        parts = {"freq": "WEEKLY", "byday": [WEEKDAY_CODES[d] for d in recurrence.weekdays]}
    elif recurrence.kind == MONTHLY_NTH:
        parts = {
            "freq": "MONTHLY",
            "byday": [f"{recurrence.nth}{WEEKDAY_CODES[recurrence.weekday]}"],
        }
    elif recurrence.kind == MONTHLY_DAY:
        parts = {"freq": "MONTHLY", "bymonthday": [recurrence.month_day]}
    else:
        raise RuleError(recurrence.kind)
    if recurrence.until is not None:
        parts["until"] = recurrence.until if all_day else utc_end_of_day(recurrence.until)
    return vRecur(**parts).to_ical().decode()


def utc_end_of_day(day: date) -> datetime:
    """The last second of ``day`` in France, as a UTC instant (a timed event's UNTIL)."""
    return datetime.combine(day, END_OF_DAY, TIMEZONE).astimezone(UTC)


def read_rule(text: str) -> Recurrence:
    """The form's choices behind a rule; RuleError if the form cannot express it."""
    if not text:
        return Recurrence()
    try:
        parts = vRecur.from_ical(text)
    except ValueError as error:
        raise RuleError(text) from error
    names = set(parts) - {"FREQ", "BYDAY", "BYMONTHDAY", "UNTIL"}
    freq = parts.get("FREQ", [""])[0]
    until = _local_until(parts["UNTIL"][0]).date() if "UNTIL" in parts else None
    byday, bymonthday = parts.get("BYDAY", []), parts.get("BYMONTHDAY", [])
    if names or len(parts.get("FREQ", [])) != 1:
        raise RuleError(text)
    if freq == "WEEKLY" and byday and not bymonthday and all(d in WEEKDAY_CODES for d in byday):
        weekdays = tuple(sorted({WEEKDAY_CODES.index(d) for d in byday}))
        return Recurrence(WEEKLY, weekdays=weekdays, until=until)
    if freq == "MONTHLY" and len(byday) == 1 and not bymonthday:
        nth, code = byday[0][:-2], byday[0][-2:]
        if code in WEEKDAY_CODES and nth.lstrip("+") in {str(n) for n in NTH_VALUES}:
            weekday = WEEKDAY_CODES.index(code)
            return Recurrence(MONTHLY_NTH, nth=int(nth), weekday=weekday, until=until)
    if freq == "MONTHLY" and len(bymonthday) == 1 and not byday and 1 <= bymonthday[0] <= 31:
        return Recurrence(MONTHLY_DAY, month_day=bymonthday[0], until=until)
    raise RuleError(text)


def _local_until(value: date | datetime) -> datetime:
    """UNTIL as a French wall time: a date is its whole day, a UTC instant is converted;
    a UTC 23:59:59 (how many tools write "until that day") is that whole day."""
    if not isinstance(value, datetime):
        return datetime.combine(value, END_OF_DAY)
    if value.tzinfo is None:
        return value
    if value.utcoffset() == timedelta(0) and value.time() == END_OF_DAY:
        return datetime.combine(value.date(), END_OF_DAY)
    return value.astimezone(TIMEZONE).replace(tzinfo=None)


def _expander(rule: str, first: datetime) -> rrule:
    """A dateutil rule in naive French wall time (times stay put across DST changes)."""
    parts = []
    for part in rule.split(";"):
        name, _, value = part.partition("=")
        if name.upper() == "UNTIL":
            until = vRecur.from_ical(part)["UNTIL"][0]
            value = _local_until(until).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{name}={value}")
    try:
        return rrulestr(";".join(parts), dtstart=first, cache=False)
    except (ValueError, TypeError) as error:
        raise RuleError(rule) from error


def occurrence_days(
    starts_on: date,
    start_time: time | None,
    rule: str,
    exdates: tuple[date, ...] | list[date],
    start: date,
    end: date,
) -> list[date]:
    """The days the event starts on between ``start`` and ``end`` (both included),
    without the cancelled ones; the first day is always an occurrence."""
    first = datetime.combine(starts_on, start_time or time())
    if not rule:
        return [starts_on] if start <= starts_on <= end else []
    moments = _expander(rule, first).between(
        datetime.combine(start, time()), datetime.combine(end, END_OF_DAY), inc=True
    )
    days = [moment.date() for moment in moments]
    if start <= starts_on <= end and starts_on not in days:  # RFC 5545: DTSTART counts
        days.insert(0, starts_on)
    cancelled = set(exdates)
    return [day for day in days if day not in cancelled]


def is_occurrence(starts_on: date, start_time: time | None, rule: str, day: date) -> bool:
    """True if the rule makes the event take place on ``day`` (before exceptions)."""
    return day in occurrence_days(starts_on, start_time, rule, (), day, day)


def last_day(starts_on: date, rule: str) -> date:
    """The last day an occurrence may start on (the rule's UNTIL; the first day if none)."""
    if not rule:
        return starts_on
    until = read_until(rule)
    return until if until is not None else starts_on + timedelta(days=3660)


def read_until(rule: str) -> date | None:
    """The rule's last day in French time, or None."""
    for part in rule.split(";"):
        if part.upper().startswith("UNTIL="):
            return _local_until(vRecur.from_ical(part)["UNTIL"][0]).date()
    return None


def follows_rule(starts_on: date, start_time: time | None, rule: str) -> bool:
    """True if the first day is itself one of the rule's days (a first Sunday for "every
    first Sunday"): otherwise calendars would disagree on whether it takes place."""
    first = datetime.combine(starts_on, start_time or time())
    return bool(_expander(rule, first).between(first, first, inc=True))


@dataclass(frozen=True)
class Occurrence:
    """One date an event takes place, in French wall time."""

    event: EventContent
    day: date  # the day it starts

    @property
    def end_day(self) -> date:
        return self.day + (self.event.ends_on - self.event.starts_on)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.day, self.event.start_time or time(), TIMEZONE)

    @property
    def end(self) -> datetime:
        """When it is over: its end time, or the midnight ending its last day."""
        if self.event.start_time is not None and self.event.end_time is not None:
            return datetime.combine(self.end_day, self.event.end_time, TIMEZONE)
        return datetime.combine(self.end_day + timedelta(days=1), time(), TIMEZONE)

    @property
    def start_iso(self) -> str:
        if self.event.start_time is None:
            return self.day.isoformat()
        return self.start.isoformat(timespec="minutes")


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (earlier if negative); the 28th if it has none."""
    year, month = divmod(day.month - 1 + months, 12)
    try:
        return day.replace(year=day.year + year, month=month + 1)
    except ValueError:  # the 31st, or 29 February
        return day.replace(year=day.year + year, month=month + 1, day=28)


def occurrences(event: EventContent, start: date, end: date) -> list[Occurrence]:
    """The event's occurrences that start between ``start`` and ``end`` (both included)."""
    try:
        days = occurrence_days(
            event.starts_on, event.start_time, event.rrule, event.exdates, start, end
        )
    except RuleError:  # an unreadable rule: its first date only
        days = [event.starts_on] if start <= event.starts_on <= end else []
    return [Occurrence(event, day) for day in days]


def upcoming(events: tuple[EventContent, ...], now: datetime) -> list[Occurrence]:
    """Occurrences not over at ``now`` that start within the next twelve months."""
    today = now.astimezone(TIMEZONE).date()
    found = [
        occurrence
        for event in events
        for occurrence in occurrences(
            event, today - (event.ends_on - event.starts_on), months_after(today, 12)
        )
        if occurrence.end > now
    ]
    return sorted(found, key=lambda o: (o.start, o.event.title))


def past(events: tuple[EventContent, ...], now: datetime) -> list[Occurrence]:
    """Occurrences over at ``now`` that started in the last twelve months, newest first."""
    today = now.astimezone(TIMEZONE).date()
    found = [
        occurrence
        for event in events
        for occurrence in occurrences(event, months_after(today, -12), today)
        if occurrence.end <= now
    ]
    return sorted(found, key=lambda o: (o.start, o.event.title), reverse=True)
