"""The part of the OpenStreetMap ``opening_hours`` syntax this platform can show.

opening-hours-py accepts far more (seasons, sunrise, week numbers, fallbacks...), but the
site shows a regular week, the next days and schema.org data. An expression is shown only
if every rule, separated by ``;``, is one of:

- weekly hours: days (``Mo-We,Fr``; none or ``24/7`` means every day), then time ranges
  within the day (``09:00-12:00,14:00-17:30``, end at most ``24:00``) or ``off``;
- public holidays: ``PH off`` or ``PH 10:00-12:00``;
- dated exceptions with their year: ``2026 Dec 24-26``, ``2026 Nov 30-Dec 02``,
  ``2026 Dec 30-2027 Jan 02``, then time ranges or ``off``;

each optionally followed by a comment in double quotes, shown to residents. Weekly hours
come first: in this syntax a later rule replaces earlier ones on the days it names, so a
weekly rule after ``PH off`` would silently cancel it. An opening past midnight is written
as two rules (``Fr 20:00-24:00; Sa 00:00-02:00``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from app.hours.errors import (
    DATES_NOT_FORWARD,
    NO_TIMES,
    NOT_A_DATE,
    NOT_A_TIME,
    NOT_SHOWABLE,
    RANGE_NOT_FORWARD,
    WEEKLY_AFTER_SPECIAL,
    InvalidHours,
)

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY_MINUTES = 24 * 60
EVERY_DAY = tuple(range(7))

_DAY = r"(?:mo|tu|we|th|fr|sa|su)"
_WEEKDAYS = re.compile(rf"{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*", re.IGNORECASE)
_DATES = re.compile(
    r"(?P<year>\d{4}) ?(?P<month>[a-z]{3}) ?(?P<day>\d{1,2})"
    r"(?:-(?:(?P<year2>\d{4}) ?(?P<month2>[a-z]{3}) ?|(?P<month3>[a-z]{3}) ?)?(?P<day2>\d{1,2}))?",
    re.IGNORECASE,
)
_RANGE = r"\d{1,2}:\d{2}-\d{1,2}:\d{2}"
_TIMED = re.compile(rf"(?P<selector>.*?) ?(?P<times>{_RANGE}(?:,{_RANGE})*)(?: open)?", re.I)
_CLOSED = re.compile(r"(?P<selector>.*?) ?\b(?:off|closed)", re.IGNORECASE)
_COMMENT = re.compile(r' ?"(?P<comment>[^"]*)"$')


class RuleKind(StrEnum):
    """What a rule applies to."""

    WEEKLY = "weekly"
    HOLIDAY = "holiday"
    DATED = "dated"


@dataclass(frozen=True)
class Rule:
    """One rule of a showable expression; ``ranges`` in minutes since midnight, () = closed."""

    text: str
    kind: RuleKind
    ranges: tuple[tuple[int, int], ...]
    comment: str = ""
    days: tuple[int, ...] = ()
    first: date | None = None
    last: date | None = None


def split_rules(expression: str) -> list[str]:
    """The rules of an expression, split on the ``;`` that are not inside a comment."""
    rules, current, quoted = [], [], False
    for char in expression:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            rules.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    rules.append("".join(current).strip())
    return rules


def parse_rules(expression: str) -> tuple[Rule, ...]:
    """The rules of an expression opening-hours-py accepted; InvalidHours if not showable."""
    rules = tuple(parse_rule(text) for text in split_rules(expression))
    special = False
    for rule in rules:
        if rule.kind is RuleKind.WEEKLY and special:
            raise InvalidHours(WEEKLY_AFTER_SPECIAL, rule=rule.text)
        special = special or rule.kind is not RuleKind.WEEKLY
    return rules


def parse_rule(text: str) -> Rule:
    """One rule (whitespace already normalised)."""
    comment = ""
    if match := _COMMENT.search(text):
        comment, text_head = match["comment"].strip(), text[: match.start()]
    else:
        text_head = text
    head = re.sub(r" ?([-,]) ?", r"\1", text_head).strip()
    if timed := _TIMED.fullmatch(head):
        selector, ranges = timed["selector"], _ranges(timed["times"])
    elif closed := _CLOSED.fullmatch(head):
        selector, ranges = closed["selector"], ()
    elif head == "24/7":
        selector, ranges = head, ((0, DAY_MINUTES),)
    elif head and _selector_kind(head) is not None:
        raise InvalidHours(NO_TIMES, rule=text)
    else:
        raise InvalidHours(NOT_SHOWABLE, rule=text)
    kind = _selector_kind(selector)
    if kind is None:
        raise InvalidHours(NOT_SHOWABLE, rule=text)
    rule = Rule(text=text, kind=kind, ranges=ranges, comment=comment)
    if kind is RuleKind.WEEKLY:
        return _with_days(rule, selector)
    if kind is RuleKind.DATED:
        return _with_dates(rule, selector)
    return rule


def _selector_kind(selector: str) -> RuleKind | None:
    if selector in ("", "24/7") or _WEEKDAYS.fullmatch(selector):
        return RuleKind.WEEKLY
    if selector == "PH":
        return RuleKind.HOLIDAY
    if _DATES.fullmatch(selector):
        return RuleKind.DATED
    return None


def _ranges(times: str) -> tuple[tuple[int, int], ...]:
    ranges = []
    for text in times.split(","):
        start, end = (_minutes(part) for part in text.split("-"))
        if end <= start:
            raise InvalidHours(RANGE_NOT_FORWARD, range=text)
        ranges.append((start, end))
    return tuple(ranges)


def _minutes(text: str) -> int:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise InvalidHours(NOT_A_TIME, time=text)
    return hours * 60 + minutes


def _with_days(rule: Rule, selector: str) -> Rule:
    if selector in ("", "24/7"):
        return replace(rule, days=EVERY_DAY)
    days: list[int] = []
    for part in selector.split(","):
        first, _, last = part.partition("-")
        start = _weekday(first)
        span = (_weekday(last) - start) % 7 if last else 0
        days.extend((start + offset) % 7 for offset in range(span + 1))
    return replace(rule, days=tuple(sorted(set(days))))


def _weekday(text: str) -> int:
    return WEEKDAYS.index(text.capitalize())


def _with_dates(rule: Rule, selector: str) -> Rule:
    match = _DATES.fullmatch(selector)
    assert match is not None  # _selector_kind matched it
    year, month = int(match["year"]), _month(match["month"], rule)
    first = _date(year, month, int(match["day"]), selector)
    if match["day2"] is None:
        return replace(rule, first=first, last=first)
    if match["year2"]:
        last_year, last_month = int(match["year2"]), _month(match["month2"], rule)
    else:
        last_year, last_month = year, _month(match["month3"] or match["month"], rule)
    last = _date(last_year, last_month, int(match["day2"]), selector)
    if match["month3"] and last < first:
        # "2026 Dec 30-Jan 02": opening-hours-py carries on into the next year
        last = _date(year + 1, last_month, last.day, selector)
    if last < first:
        raise InvalidHours(DATES_NOT_FORWARD, dates=selector)
    return replace(rule, first=first, last=last)


def _month(text: str, rule: Rule) -> int:
    try:
        return MONTHS.index(text.capitalize()) + 1
    except ValueError:
        raise InvalidHours(NOT_SHOWABLE, rule=rule.text) from None


def _date(year: int, month: int, day: int, selector: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidHours(NOT_A_DATE, date=selector) from None
