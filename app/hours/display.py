"""What residents see of opening hours: the usual week, the next days, schema.org data.

Every function takes the stored expression; an empty one gives an empty result. The usual
week comes from the weekly rules alone, evaluated on a reference week, so public holidays
and dated exceptions never leak into it; the next days are evaluated by opening-hours-py
with everything applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from opening_hours import OpeningHours, State

from app.config import TIMEZONE
from app.hours.expression import compile_hours
from app.hours.formatting import Translations, day_label, time_range, weekday_name
from app.hours.public_holidays import holiday_name
from app.hours.rules import DAY_MINUTES, RuleKind
from app.hours.status import CLOSED, status_segments

__all__ = [
    "DayHours",
    "is_open_at",
    "schema_org_specification",
    "status_segments",
    "upcoming_days",
    "weekly_table",
]

NOTE_SEPARATOR = " · "
# A week with no French public holiday and no clock change.
REFERENCE_MONDAY = date(2024, 1, 8)
SCHEMA_DAYS = tuple(
    f"https://schema.org/{day}"
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
)

Ranges = tuple[tuple[int, int], ...]
Week = tuple[tuple[Ranges, tuple[str, ...]], ...]


@dataclass(frozen=True)
class DayHours:
    """One of the next days: "Jeudi 25 décembre", "Fermé", "Noël"."""

    date: date
    label: str
    text: str
    note: str
    closed: bool


def weekly_table(expr: str, lang: str, translations: Translations) -> list[tuple[str, str]]:
    """The usual week, Monday first: ("Lundi", "9 h – 12 h, 14 h – 17 h")."""
    if compile_hours(expr) is None:
        return []
    rows = []
    for weekday, (ranges, comments) in enumerate(_regular_week(expr)):
        text = _ranges_text(ranges, lang, translations)
        if comments:
            text += f" ({NOTE_SEPARATOR.join(comments)})"
        rows.append((weekday_name(weekday, lang, standalone=True), text))
    return rows


def upcoming_days(
    expr: str, today: date, lang: str, translations: Translations, days: int = 7
) -> list[DayHours]:
    """The next ``days`` days from ``today``, public holidays and exceptions applied."""
    compiled = compile_hours(expr)
    if compiled is None:
        return []
    result = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        ranges, comments = day_openings(compiled.opening_hours, day)
        notes = [holiday_name(day, lang), *comments]
        result.append(
            DayHours(
                date=day,
                label=day_label(day, lang),
                text=_ranges_text(ranges, lang, translations),
                note=NOTE_SEPARATOR.join(dict.fromkeys(note for note in notes if note)),
                closed=not ranges,
            )
        )
    return result


def is_open_at(expr: str, when: datetime) -> bool:
    """Open at that instant (a naive time is French local time); False if no hours given."""
    compiled = compile_hours(expr)
    if compiled is None:
        return False
    # opening-hours-py takes naive or ZoneInfo-aware times only (it reads tzinfo.key)
    local = when.replace(tzinfo=TIMEZONE) if when.tzinfo is None else when.astimezone(TIMEZONE)
    return compiled.opening_hours.is_open(local)


def schema_org_specification(expr: str) -> list[dict[str, Any]]:
    """schema.org ``OpeningHoursSpecification`` items: the usual week, then dated exceptions.

    A closed date range is opens = closes = "00:00" (schema.org's convention); an open one
    lists its times. ``PH`` has no schema.org equivalent and is left out.
    """
    compiled = compile_hours(expr)
    if compiled is None:
        return []
    specification = _weekly_specification(_regular_week(expr))
    for rule in compiled.rules:
        if rule.kind is not RuleKind.DATED:
            continue
        assert rule.first is not None and rule.last is not None
        valid = {"validFrom": rule.first.isoformat(), "validThrough": rule.last.isoformat()}
        for opens, closes in rule.ranges or ((0, 0),):
            specification.append(_specification(opens, closes, **valid))
    return specification


def day_openings(opening_hours: OpeningHours, day: date) -> tuple[Ranges, tuple[str, ...]]:
    """The open ranges of one local day in minutes (1440 = midnight ending it), its comments."""
    start = datetime.combine(day, time(0), tzinfo=TIMEZONE)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=TIMEZONE)
    ranges: list[tuple[int, int]] = []
    comments: dict[str, None] = {}
    for opens, closes, state, comment in opening_hours.intervals(start, end):
        if comment:
            comments[comment] = None
        if state != State.OPEN:
            continue
        low, high = _minutes(opens, day), _minutes(closes, day)
        if ranges and ranges[-1][1] == low:
            low = ranges.pop()[0]
        ranges.append((low, high))
    return tuple(ranges), tuple(comments)


@lru_cache(maxsize=512)
def _regular_week(expr: str) -> Week:
    """Each weekday's ranges and comments under the weekly rules alone."""
    compiled = compile_hours(expr)
    weekly = compiled.weekly_expression() if compiled else ""
    if not weekly:
        return tuple(((), ()) for _ in range(7))
    opening_hours = OpeningHours(weekly, timezone=TIMEZONE)
    return tuple(
        day_openings(opening_hours, REFERENCE_MONDAY + timedelta(days=weekday))
        for weekday in range(7)
    )


def _minutes(moment: datetime, day: date) -> int:
    local = moment.astimezone(TIMEZONE)
    return DAY_MINUTES if local.date() > day else local.hour * 60 + local.minute


def _ranges_text(ranges: Ranges, lang: str, translations: Translations) -> str:
    if not ranges:
        return translations.gettext(CLOSED)
    return ", ".join(time_range(start, end, lang, translations) for start, end in ranges)


def _weekly_specification(week: Week) -> list[dict[str, Any]]:
    """One item per distinct time range, with every weekday that has it."""
    days_by_range: dict[tuple[int, int], list[str]] = {}
    for weekday, (ranges, _comments) in enumerate(week):
        for opening in ranges:
            days_by_range.setdefault(opening, []).append(SCHEMA_DAYS[weekday])
    return [
        _specification(opens, closes, dayOfWeek=days)
        for (opens, closes), days in days_by_range.items()
    ]


def _specification(opens: int, closes: int, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "OpeningHoursSpecification", **extra}
    item["opens"] = _hh_mm(opens)
    item["closes"] = "23:59" if closes >= DAY_MINUTES else _hh_mm(closes)
    return item


def _hh_mm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
