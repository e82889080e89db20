"""The clerk's form model: canonical expressions, validation errors per field, round trip."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from app.config import TIMEZONE
from app.hours import (
    MAX_LENGTH,
    DatedException,
    InvalidHours,
    TimeRange,
    WeekSchedule,
    build_expression,
    is_open_at,
    parse_hours,
    schedule_from_expression,
)
from app.hours.errors import (
    CLOSES_BEFORE_OPENING,
    EXCEPTIONS_OVERLAP,
    LAST_DAY_BEFORE_FIRST,
    RANGES_OVERLAP,
    TOO_MANY_EXCEPTIONS,
    TOO_MANY_RANGES,
)
from tests.hours.helpers import hm

MAIRIE = hm("09:00-12:00,14:00-17:00")
MORNING = hm("09:00-12:00")


def week(*days: str, holidays: bool = True, exceptions=()) -> WeekSchedule:
    """A schedule from seven range specs, Monday first ("" = closed)."""
    return WeekSchedule(tuple(hm(day) for day in days), holidays, tuple(exceptions))


def closure(start: date, end: date | None = None, label: str = "", ranges: str = ""):
    return DatedException(start, end or start, hm(ranges), label)


CASES = {
    "mairie": (
        week(*["09:00-12:00,14:00-17:00"] * 3, "09:00-12:00", "09:00-12:00,14:00-17:00", "", ""),
        "Mo-We,Fr 09:00-12:00,14:00-17:00; Th 09:00-12:00; PH off",
    ),
    "weekdays and saturday": (
        week(*["08:30-12:00,13:30-17:30"] * 5, "09:00-12:00", ""),
        "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off",
    ),
    "open on holidays": (
        week("10:00-12:00", "", "10:00-12:00", "", "", "10:00-12:00", "", holidays=False),
        "Mo,We,Sa 10:00-12:00",
    ),
    "two-day runs and sunday": (
        week("", "", "", "14:00-18:00", "14:00-18:00", "", "14:00-18:00"),
        "Th-Fr,Su 14:00-18:00; PH off",
    ),
    "night opening written as two days": (
        week("", "", "", "", "20:00-24:00", "00:00-02:00", ""),
        "Fr 20:00-24:00; Sa 00:00-02:00; PH off",
    ),
    "end-of-year exceptions": (
        week(
            *["09:00-12:00,14:00-17:00"] * 5,
            "",
            "",
            exceptions=[
                closure(date(2026, 12, 24), date(2026, 12, 26), "Fermeture de fin d'année"),
                closure(date(2026, 12, 27), ranges="10:00-12:00", label="Marché de Noël"),
                closure(date(2026, 12, 30), date(2027, 1, 2)),
            ],
        ),
        'Mo-Fr 09:00-12:00,14:00-17:00; PH off; 2026 Dec 24-26 off "Fermeture de fin d\'année"; '
        '2026 Dec 27 10:00-12:00 "Marché de Noël"; 2026 Dec 30-2027 Jan 02 off',
    ),
    "exception across months": (
        week(
            "09:00-12:00",
            *[""] * 6,
            exceptions=[
                closure(date(2026, 11, 30), date(2026, 12, 2), ranges="10:00-11:00,15:00-16:00")
            ],
        ),
        "Mo 09:00-12:00; PH off; 2026 Nov 30-Dec 02 10:00-11:00,15:00-16:00",
    ),
    "only an exceptional opening": (
        week(
            *[""] * 7, holidays=False, exceptions=[closure(date(2026, 6, 21), ranges="18:00-23:00")]
        ),
        "2026 Jun 21 18:00-23:00",
    ),
}


@pytest.mark.parametrize(("schedule", "expression"), CASES.values(), ids=CASES.keys())
def test_a_schedule_becomes_a_compact_canonical_expression(schedule, expression):
    assert build_expression(schedule) == expression
    assert parse_hours(expression) is not None


@pytest.mark.parametrize(("schedule", "expression"), CASES.values(), ids=CASES.keys())
def test_the_expression_reads_back_as_the_same_schedule(schedule, expression):
    assert schedule_from_expression(expression) == schedule
    assert build_expression(schedule_from_expression(expression)) == expression


def test_exceptions_are_written_in_date_order_and_override_the_week():
    schedule = week(
        *[""] * 6,
        "",
        exceptions=[
            closure(date(2026, 12, 31), label="Réveillon"),
            closure(date(2026, 12, 27), ranges="10:00-12:00"),
        ],
    )
    schedule = WeekSchedule((MAIRIE,) * 7, True, schedule.exceptions)
    expression = build_expression(schedule)
    assert expression.endswith('; PH off; 2026 Dec 27 10:00-12:00; 2026 Dec 31 off "Réveillon"')
    # Sunday 27 December: the exception's hours replace the week's, even in the afternoon
    assert is_open_at(expression, datetime(2026, 12, 27, 11, tzinfo=TIMEZONE))
    assert not is_open_at(expression, datetime(2026, 12, 27, 15, tzinfo=TIMEZONE))
    assert not is_open_at(expression, datetime(2026, 12, 31, 10, tzinfo=TIMEZONE))
    assert not is_open_at(expression, datetime(2026, 12, 25, 10, tzinfo=TIMEZONE))  # PH
    assert is_open_at(expression, datetime(2026, 12, 28, 10, tzinfo=TIMEZONE))


@pytest.mark.parametrize(
    ("label", "comment"),
    [
        ('Travaux "urgents"', ' "Travaux urgents"'),
        ("  Fermeture\nexceptionnelle ", ' "Fermeture exceptionnelle"'),
        ("Fête; « bal » l'été 🎄", ' "Fête; « bal » l\'été 🎄"'),
        ('"', ""),
        ("", ""),
    ],
)
def test_labels_become_comments_without_double_quotes(label, comment):
    schedule = week(
        *[""] * 7, exceptions=[closure(date(2026, 12, 24), label=label, ranges="09:00-10:00")]
    )
    expression = build_expression(schedule)
    assert expression == f"PH off; 2026 Dec 24 09:00-10:00{comment}"
    assert parse_hours(expression) is not None


def test_a_week_that_never_opens_gives_no_hours():
    closed = week(*[""] * 7, exceptions=[closure(date(2026, 12, 24), date(2026, 12, 26))])
    assert build_expression(closed) == ""
    assert schedule_from_expression("") == WeekSchedule.empty()
    assert WeekSchedule.empty().closed_on_public_holidays


def only(day: int, spec: str) -> WeekSchedule:
    """Open on one weekday (Monday is 0)."""
    return week(*("" if n != day else spec for n in range(7)))


def with_exceptions(*exceptions: DatedException) -> WeekSchedule:
    return week("09:00-12:00", *[""] * 6, exceptions=exceptions)


XMAS, XMAS_EVE, BOXING_DAY = date(2026, 12, 25), date(2026, 12, 24), date(2026, 12, 26)
BACKWARDS = {"start": "12:00", "end": "09:00"}


@pytest.mark.parametrize(
    ("schedule", "field", "message", "params"),
    [
        (only(0, "12:00-09:00"), "mo_1_end", CLOSES_BEFORE_OPENING, BACKWARDS),
        (only(1, "08:00-09:00,12:00-09:00"), "tu_2_end", CLOSES_BEFORE_OPENING, BACKWARDS),
        (
            only(6, "09:00-00:30"),
            "su_1_end",
            CLOSES_BEFORE_OPENING,
            {"start": "09:00", "end": "00:30"},
        ),
        (
            only(5, "14:00-14:00"),
            "sa_1_end",
            CLOSES_BEFORE_OPENING,
            {"start": "14:00", "end": "14:00"},
        ),
        (
            only(2, "09:00-12:00,11:00-14:00"),
            "we_2_start",
            RANGES_OVERLAP,
            {"first": "09:00-12:00", "second": "11:00-14:00"},
        ),
        (
            only(3, "14:00-17:00,09:00-14:30"),
            "th_1_start",
            RANGES_OVERLAP,
            {"first": "09:00-14:30", "second": "14:00-17:00"},
        ),
        (
            only(4, "08:00-09:00,10:00-11:00,12:00-13:00"),
            "fr_1_start",
            TOO_MANY_RANGES,
            {"limit": 2},
        ),
        (
            with_exceptions(closure(BOXING_DAY, XMAS_EVE)),
            "exception_1_end",
            LAST_DAY_BEFORE_FIRST,
            {},
        ),
        (
            with_exceptions(closure(XMAS), closure(XMAS_EVE, ranges="12:00-09:00")),
            "exception_2_closes",
            CLOSES_BEFORE_OPENING,
            BACKWARDS,
        ),
        (
            with_exceptions(closure(XMAS, ranges="09:00-12:00,11:00-13:00")),
            "exception_1_opens",
            RANGES_OVERLAP,
            {"first": "09:00-12:00", "second": "11:00-13:00"},
        ),
        (
            with_exceptions(closure(XMAS, ranges="08:00-09:00,10:00-11:00,12:00-13:00")),
            "exception_1_opens",
            TOO_MANY_RANGES,
            {"limit": 2},
        ),
        (
            with_exceptions(closure(XMAS_EVE, BOXING_DAY), closure(BOXING_DAY, date(2026, 12, 28))),
            "exception_2_start",
            EXCEPTIONS_OVERLAP,
            {"other": 1},
        ),
        (
            with_exceptions(
                closure(date(2026, 12, 30), date(2027, 1, 2)),
                closure(date(2026, 5, 1)),
                closure(date(2026, 12, 20), date(2026, 12, 30)),
            ),
            "exception_3_start",
            EXCEPTIONS_OVERLAP,
            {"other": 1},
        ),
    ],
)
def test_form_mistakes_name_the_field_to_fix(schedule, field, message, params):
    with pytest.raises(InvalidHours) as caught:
        build_expression(schedule)
    assert (caught.value.field, caught.value.message, caught.value.params) == (
        field,
        message,
        params,
    )


def test_touching_ranges_are_not_an_overlap():
    assert build_expression(week("09:00-12:00,12:00-14:00", *[""] * 6)) == (
        "Mo 09:00-12:00,12:00-14:00; PH off"
    )


def test_too_many_exceptions_are_refused_before_exceeding_the_limit():
    exceptions = [
        closure(date(2026, 1, 1 + n), label="Fermeture exceptionnelle pour travaux")
        for n in range(20)
    ]
    with pytest.raises(InvalidHours) as caught:
        build_expression(week("09:00-12:00", *[""] * 6, exceptions=exceptions))
    assert (caught.value.field, caught.value.message) == ("exceptions", TOO_MANY_EXCEPTIONS)
    assert (
        len(build_expression(week("09:00-12:00", *[""] * 6, exceptions=exceptions[:15])))
        <= MAX_LENGTH
    )


@pytest.mark.parametrize("days", [(), (MORNING,) * 6, (MORNING,) * 8])
def test_a_week_has_seven_days(days):
    with pytest.raises(ValueError, match="7 days"):
        WeekSchedule(days)


@pytest.mark.parametrize(
    ("expression", "schedule"),
    [
        ("mo-fr 9:00-12:00", week(*["09:00-12:00"] * 5, "", "", holidays=False)),
        (
            "Mo-Fr 09:00 - 12:00, 14:00 - 17:00; Su off; PH off",
            week(*["09:00-12:00,14:00-17:00"] * 5, "", ""),
        ),
        (
            "Sa-Mo 10:00-12:00",
            week("10:00-12:00", *[""] * 4, "10:00-12:00", "10:00-12:00", holidays=False),
        ),
        ("24/7", week(*["00:00-24:00"] * 7, holidays=False)),
        (
            "Mo 09:00-12:00; 2026 Dec 30-Jan 02 off",
            replace(
                with_exceptions(closure(date(2026, 12, 30), date(2027, 1, 2))),
                closed_on_public_holidays=False,
            ),
        ),
        (
            "Mo 09:00-12:00; 2026 Dec 31 off; 2026 Dec 24 off",
            replace(
                with_exceptions(closure(date(2026, 12, 31)), closure(XMAS_EVE)),
                closed_on_public_holidays=False,
            ),
        ),
    ],
)
def test_expert_expressions_the_form_can_represent(expression, schedule):
    assert schedule_from_expression(expression) == schedule


@pytest.mark.parametrize(
    "expression",
    [
        "Mo-Fr 09:00-17:00; We 09:00-12:00",  # a later rule overriding an earlier one
        'Mo-Fr 09:00-12:00 "sur rendez-vous"',  # the form has no note per day
        "Mo 08:00-09:00,10:00-11:00,12:00-13:00",  # three ranges
        "Mo 09:00-12:00,11:00-13:00",  # overlapping ranges
        "Mo-Fr 09:00-12:00; PH 10:00-12:00",  # holiday hours
        'Mo-Fr 09:00-12:00; PH off "férié"',
        "Mo-Fr 09:00-12:00; PH off; PH off",
        "Mo-Fr 09:00-12:00; 2026 Dec 25 10:00-12:00; PH off",  # PH would override the date
        "Mo-Fr 09:00-12:00; 2026 Dec 24-26 off; 2026 Dec 25 10:00-12:00",  # dates overlap
        "Mo-Fr 09:00-12:00; 2026 Dec 27 08:00-09:00,10:00-11:00,12:00-13:00",
        "Jul-Aug Mo 09:00-12:00",  # not showable at all
        "Mo-Fx",  # not even valid
    ],
)
def test_expressions_only_the_expert_field_can_show(expression):
    assert schedule_from_expression(expression) is None


def _random_ranges(rng: random.Random, count: int) -> tuple[TimeRange, ...]:
    points = sorted(rng.sample(range(0, 24 * 4 + 1), 2 * count))
    return tuple(
        TimeRange.from_minutes(points[n] * 15, points[n + 1] * 15) for n in range(0, len(points), 2)
    )


def _random_schedule(rng: random.Random) -> WeekSchedule:
    days = tuple(_random_ranges(rng, rng.choice((0, 1, 1, 2, 2))) for _ in range(7))
    exceptions, day = [], date(2026, 1, 1)
    for _ in range(rng.randint(0, 4)):
        start = day + timedelta(days=rng.randint(0, 60))
        end = start + timedelta(days=rng.choice((0, 0, 1, 2, 40)))
        label = rng.choice(("", "Fermeture de fin d'année", "Pont de l'Ascension", "Marché"))
        exceptions.append(DatedException(start, end, _random_ranges(rng, rng.randint(0, 2)), label))
        day = end + timedelta(days=1)
    return WeekSchedule(days, rng.random() < 0.7, tuple(exceptions))


@pytest.mark.parametrize("seed", range(40))
def test_random_schedules_survive_the_round_trip_and_mean_what_they_say(seed):
    rng = random.Random(seed)
    schedule = _random_schedule(rng)
    expression = build_expression(schedule)
    if not expression:  # a schedule that never opens has no expression, and nothing to check
        assert not any(schedule.days)
        assert all(not exception.ranges for exception in schedule.exceptions)
        return
    assert schedule_from_expression(expression) == schedule
    monday = date(2025, 1, 13)  # a week of 2025: no public holiday, no exception
    for weekday, ranges in enumerate(schedule.days):
        _assert_open_exactly(expression, monday + timedelta(days=weekday), ranges)
    for exception in schedule.exceptions:  # they override the week and public holidays
        for day in (exception.start, exception.end):
            _assert_open_exactly(expression, day, exception.ranges)


def _assert_open_exactly(expression: str, day: date, ranges: tuple[TimeRange, ...]) -> None:
    opening = [time_range.minutes() for time_range in ranges]
    for minute in range(0, 24 * 60, 15):
        moment = datetime.combine(day, time(0), tzinfo=TIMEZONE) + timedelta(minutes=minute)
        expected = any(start <= minute < end for start, end in opening)
        assert is_open_at(expression, moment) is expected, (expression, moment)
