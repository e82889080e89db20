"""Repetition rules: what the form's choices write, read back, and the days they give."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.config import TIMEZONE
from app.events.recurrence import (
    MONTHLY_DAY,
    MONTHLY_NTH,
    WEEKLY,
    Recurrence,
    RuleError,
    build_rule,
    follows_rule,
    occurrence_days,
    past,
    read_rule,
    upcoming,
)
from tests.events.samples import CONCERT, FLEA_MARKET, MARKET

SATURDAYS = Recurrence(WEEKLY, weekdays=(5,), until=date(2027, 6, 30))
FIRST_SUNDAYS = Recurrence(MONTHLY_NTH, nth=1, weekday=6, until=date(2027, 6, 30))


def test_a_timed_rule_ends_at_the_end_of_the_last_day_in_utc():
    rule = build_rule(SATURDAYS, all_day=False)
    assert rule == "FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=SA"  # 23:59:59 in summer time
    assert read_rule(rule) == SATURDAYS


def test_an_all_day_rule_ends_on_a_date():
    rule = build_rule(FIRST_SUNDAYS, all_day=True)
    assert rule == "FREQ=MONTHLY;UNTIL=20270630;BYDAY=1SU"
    assert read_rule(rule) == FIRST_SUNDAYS


@pytest.mark.parametrize(
    ("recurrence", "rule"),
    [
        (Recurrence(WEEKLY, weekdays=(1, 5), until=date(2027, 1, 31)),
         "FREQ=WEEKLY;UNTIL=20270131;BYDAY=TU,SA"),
        (Recurrence(MONTHLY_NTH, nth=-1, weekday=4, until=date(2027, 1, 31)),
         "FREQ=MONTHLY;UNTIL=20270131;BYDAY=-1FR"),
        (Recurrence(MONTHLY_DAY, month_day=15, until=date(2027, 1, 31)),
         "FREQ=MONTHLY;UNTIL=20270131;BYMONTHDAY=15"),
    ],
)  # fmt: skip
def test_every_choice_round_trips(recurrence, rule):
    assert build_rule(recurrence, all_day=True) == rule
    assert read_rule(rule) == recurrence


def test_a_utc_end_of_day_reads_as_that_day():
    """How other tools write "until 30 June" (and the brief's example)."""
    assert read_rule("FREQ=WEEKLY;BYDAY=SA;UNTIL=20270630T235959Z").until == date(2027, 6, 30)


@pytest.mark.parametrize(
    "rule", ["FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "FREQ=DAILY", "FREQ=MONTHLY;BYDAY=5SU", "FREQ=X"]
)
def test_rules_the_form_cannot_show_are_refused(rule):
    with pytest.raises(RuleError):
        read_rule(rule)


def test_first_sundays_of_the_month():
    days = occurrence_days(
        FLEA_MARKET.starts_on, None, FLEA_MARKET.rrule, (), date(2026, 12, 1), date(2027, 12, 31)
    )
    assert days == [
        date(2026, 12, 6), date(2027, 1, 3), date(2027, 2, 7), date(2027, 3, 7),
        date(2027, 4, 4), date(2027, 5, 2), date(2027, 6, 6),
    ]  # fmt: skip


def test_cancelled_dates_are_left_out():
    window = (date(2026, 12, 1), date(2027, 1, 10))
    days = occurrence_days(MARKET.starts_on, time(8), MARKET.rrule, MARKET.exdates, *window)
    assert days == [date(2026, 12, d) for d in (5, 12, 19)] + [date(2027, 1, 2), date(2027, 1, 9)]


def test_the_first_date_must_follow_the_rule():
    rule = build_rule(FIRST_SUNDAYS, all_day=True)
    assert follows_rule(date(2026, 12, 6), None, rule)
    assert not follows_rule(date(2026, 12, 13), None, rule)  # a second Sunday


def test_wall_time_stays_put_across_daylight_saving():
    coming = upcoming((MARKET,), datetime(2027, 3, 20, 12, tzinfo=UTC))
    winter, summer = coming[0].start, coming[1].start
    assert (winter.date(), winter.hour, winter.utcoffset().seconds // 3600) == (
        date(2027, 3, 27),
        8,
        1,
    )
    assert (summer.date(), summer.hour, summer.utcoffset().seconds // 3600) == (
        date(2027, 4, 3),
        8,
        2,
    )


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TIMEZONE)


def test_an_event_is_coming_until_it_ends_then_in_the_archive():
    during = _at(CONCERT.starts_on, 22, 0)
    after = _at(CONCERT.starts_on, 22, 45)
    assert [o.day for o in upcoming((CONCERT,), during)] == [CONCERT.starts_on]
    assert past((CONCERT,), during) == []
    assert upcoming((CONCERT,), after) == []
    assert [o.day for o in past((CONCERT,), after)] == [CONCERT.starts_on]


def test_an_all_day_event_is_coming_until_midnight():
    first = FLEA_MARKET.starts_on
    assert upcoming((FLEA_MARKET,), _at(first, 23, 59))[0].day == first
    next_day = _at(first + timedelta(days=1), 0)
    assert upcoming((FLEA_MARKET,), next_day)[0].day == date(2027, 1, 3)
    assert [o.day for o in past((FLEA_MARKET,), _at(date(2027, 1, 4), 9))] == [
        date(2027, 1, 3), date(2026, 12, 6)
    ]  # fmt: skip
