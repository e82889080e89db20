"""The clerk's form model: a week of time ranges, public holidays, dated exceptions.

``build_expression`` turns it into a compact, canonical OpenStreetMap expression (weekly
hours, then ``PH off``, then the exceptions sorted by date, so they override the week);
``schedule_from_expression`` reads such an expression back, or gives None when the form
cannot represent it (the form then offers only the expert field).

Errors name the directory form's fields (day codes mo, tu, we, th, fr, sa, su; ``n`` and
``k`` count from 1):

- ``<day>_<k>_end``: range k of that day does not end after it starts;
- ``<day>_<k>_start``: range k overlaps an earlier one; ``<day>_1_start``: too many ranges;
- ``exception_<n>_end``: exception n ends before it starts;
- ``exception_<n>_start``: exception n overlaps another one;
- ``exception_<n>_closes`` / ``exception_<n>_opens``: a range of exception n ends before
  it starts / overlaps another or there are too many;
- ``exceptions``: the whole expression would exceed ``MAX_LENGTH``.

``n`` is the position in ``WeekSchedule.exceptions``. A ``TimeRange`` ending at
``time(0)`` ends at midnight at the end of the day (24:00).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise

from app.hours.errors import (
    CLOSES_BEFORE_OPENING,
    EXCEPTIONS_OVERLAP,
    LAST_DAY_BEFORE_FIRST,
    RANGES_OVERLAP,
    TOO_MANY_EXCEPTIONS,
    TOO_MANY_RANGES,
    InvalidHours,
)
from app.hours.expression import MAX_LENGTH, compile_hours
from app.hours.rules import DAY_MINUTES, MONTHS, WEEKDAYS, RuleKind

DAY_FIELDS = tuple(day.lower() for day in WEEKDAYS)
MAX_RANGES = 2


@dataclass(frozen=True)
class TimeRange:
    """Open from ``start`` to ``end`` on the same day; ``end=time(0)`` means 24:00."""

    start: time
    end: time

    def minutes(self) -> tuple[int, int]:
        """(start, end) in minutes since midnight, 24:00 being 1440."""
        end = DAY_MINUTES if self.end == time(0) else self.end.hour * 60 + self.end.minute
        return self.start.hour * 60 + self.start.minute, end

    @classmethod
    def from_minutes(cls, start: int, end: int) -> TimeRange:
        """The range from minutes since midnight."""
        return cls(time(*divmod(start, 60)), time(*divmod(end % DAY_MINUTES, 60)))

    def __str__(self) -> str:
        return "-".join(_hh_mm(minutes) for minutes in self.minutes())


@dataclass(frozen=True)
class DatedException:
    """Closed from ``start`` to ``end`` (no ranges), or open only at ``ranges`` those days."""

    start: date
    end: date
    ranges: tuple[TimeRange, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class WeekSchedule:
    """Seven days of ranges (Monday first), public holidays, dated exceptions."""

    days: tuple[tuple[TimeRange, ...], ...]
    closed_on_public_holidays: bool = True
    exceptions: tuple[DatedException, ...] = ()

    def __post_init__(self) -> None:
        if len(self.days) != len(DAY_FIELDS):
            raise ValueError(f"a week has 7 days, not {len(self.days)}")

    @classmethod
    def empty(cls) -> WeekSchedule:
        """No hours yet; closed on public holidays, as most public services are."""
        return cls(days=((),) * len(DAY_FIELDS))


def build_expression(schedule: WeekSchedule) -> str:
    """The canonical expression of a schedule; "" if it never opens. InvalidHours if wrong."""
    for day, ranges in zip(DAY_FIELDS, schedule.days, strict=True):
        _check_ranges(
            ranges, first_field=f"{day}_1_start", field=lambda k, part, d=day: f"{d}_{k}_{part}"
        )
    exceptions = _checked_exceptions(schedule.exceptions)
    if not any(schedule.days) and not any(exception.ranges for exception in exceptions):
        return ""
    rules = _weekly_rules(schedule.days)
    if schedule.closed_on_public_holidays:
        rules.append("PH off")
    rules.extend(_exception_rule(exception) for exception in exceptions)
    expression = "; ".join(rules)
    if len(expression) > MAX_LENGTH:
        raise InvalidHours(TOO_MANY_EXCEPTIONS, field="exceptions")
    return expression


def schedule_from_expression(expression: str) -> WeekSchedule | None:
    """The form's view of an expression, or None if only the expert field can show it."""
    try:
        compiled = compile_hours(expression)
    except InvalidHours:
        return None
    if compiled is None:
        return WeekSchedule.empty()
    days: list[tuple[TimeRange, ...] | None] = [None] * len(DAY_FIELDS)
    holidays_closed = False
    exceptions: list[DatedException] = []
    for rule in compiled.rules:
        ranges = tuple(TimeRange.from_minutes(*minutes) for minutes in rule.ranges)
        if (rule.comment and rule.kind is not RuleKind.DATED) or len(ranges) > MAX_RANGES:
            return None
        if rule.kind is RuleKind.WEEKLY:
            if any(days[day] is not None for day in rule.days):
                return None  # a later rule overriding an earlier one: expert territory
            for day in rule.days:
                days[day] = ranges
        elif rule.kind is RuleKind.HOLIDAY:
            if ranges or holidays_closed or exceptions:
                return None
            holidays_closed = True
        else:
            assert rule.first is not None and rule.last is not None
            exceptions.append(DatedException(rule.first, rule.last, ranges, rule.comment))
    schedule = WeekSchedule(tuple(day or () for day in days), holidays_closed, tuple(exceptions))
    try:
        build_expression(schedule)
    except InvalidHours:
        return None
    return schedule


def _check_ranges(
    ranges: tuple[TimeRange, ...], *, first_field: str, field: Callable[[int, str], str]
) -> None:
    """At most two ranges, each ending after it starts, none overlapping another."""
    if len(ranges) > MAX_RANGES:
        raise InvalidHours(TOO_MANY_RANGES, field=first_field, limit=MAX_RANGES)
    for k, time_range in enumerate(ranges, start=1):
        start, end = time_range.minutes()
        if end <= start:
            raise InvalidHours(
                CLOSES_BEFORE_OPENING, field=field(k, "end"), start=_hh_mm(start), end=_hh_mm(end)
            )
    ordered = sorted(enumerate(ranges, start=1), key=lambda item: item[1].minutes())
    for (_, earlier), (k, later) in pairwise(ordered):
        if later.minutes()[0] < earlier.minutes()[1]:
            raise InvalidHours(
                RANGES_OVERLAP, field=field(k, "start"), first=str(earlier), second=str(later)
            )


def _checked_exceptions(exceptions: tuple[DatedException, ...]) -> list[DatedException]:
    """The exceptions sorted by date, after checking each and that none overlap."""
    for n, exception in enumerate(exceptions, start=1):
        if exception.end < exception.start:
            raise InvalidHours(LAST_DAY_BEFORE_FIRST, field=f"exception_{n}_end")
        _check_ranges(
            exception.ranges,
            first_field=f"exception_{n}_opens",
            field=lambda _k, part, n=n: f"exception_{n}_{'closes' if part == 'end' else 'opens'}",
        )
    ordered = sorted(enumerate(exceptions, start=1), key=lambda item: item[1].start)
    for (m, earlier), (n, later) in pairwise(ordered):
        if later.start <= earlier.end:
            first, second = sorted((m, n))
            raise InvalidHours(EXCEPTIONS_OVERLAP, field=f"exception_{second}_start", other=first)
    return [exception for _, exception in ordered]


def _weekly_rules(days: tuple[tuple[TimeRange, ...], ...]) -> list[str]:
    """ "Mo-We,Fr 09:00-12:00,14:00-17:00", one rule per distinct set of ranges."""
    groups: dict[str, list[int]] = {}
    for weekday, ranges in enumerate(days):
        if ranges:
            groups.setdefault(_times(ranges), []).append(weekday)
    return [f"{_weekday_selector(weekdays)} {times}" for times, weekdays in groups.items()]


def _weekday_selector(weekdays: list[int]) -> str:
    """ "Mo-We,Fr": runs of two days or more as ranges."""
    runs: list[list[int]] = []
    for weekday in weekdays:
        if runs and runs[-1][-1] == weekday - 1:
            runs[-1].append(weekday)
        else:
            runs.append([weekday])
    return ",".join(
        WEEKDAYS[run[0]] + (f"-{WEEKDAYS[run[-1]]}" if len(run) > 1 else "") for run in runs
    )


def _exception_rule(exception: DatedException) -> str:
    """ "2026 Dec 24-26 off "Fermeture de fin d'année"", "2026 Dec 27 10:00-12:00"."""
    body = _times(exception.ranges) if exception.ranges else "off"
    label = " ".join(exception.label.replace('"', " ").split())
    comment = f' "{label}"' if label else ""
    return f"{_date_range(exception.start, exception.end)} {body}{comment}"


def _date_range(first: date, last: date) -> str:
    """ "2026 Dec 24", "2026 Dec 24-26", "2026 Nov 30-Dec 02", "2026 Dec 30-2027 Jan 02"."""
    start = f"{first.year} {MONTHS[first.month - 1]} {first.day:02d}"
    if last == first:
        return start
    if last.year != first.year:
        return f"{start}-{last.year} {MONTHS[last.month - 1]} {last.day:02d}"
    if last.month != first.month:
        return f"{start}-{MONTHS[last.month - 1]} {last.day:02d}"
    return f"{start}-{last.day:02d}"


def _times(ranges: tuple[TimeRange, ...]) -> str:
    return ",".join(str(time_range) for time_range in sorted(ranges, key=TimeRange.minutes))


def _hh_mm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
