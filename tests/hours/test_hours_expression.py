"""Reading what a clerk typed: normalisation, syntax errors with their place, the showable
subset, and agreement with opening-hours-py on what the accepted rules mean."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from opening_hours import OpeningHours, State

from app.config import TIMEZONE
from app.hours import MAX_LENGTH, InvalidHours, is_blank, normalise_expression, parse_hours
from app.hours.errors import (
    DATES_NOT_FORWARD,
    NO_TIMES,
    NOT_A_DATE,
    NOT_A_TIME,
    NOT_SHOWABLE,
    NOT_UNDERSTOOD,
    RANGE_NOT_FORWARD,
    TOO_LONG,
    WEEKLY_AFTER_SPECIAL,
)
from app.hours.expression import compile_hours
from app.hours.rules import RuleKind


@pytest.mark.parametrize("blank", ["", " ", "\n\t ", "\u00a0"])
def test_blank_text_means_no_hours_not_always_open(blank):
    # opening-hours-py itself reads "  " as 24/7
    assert str(OpeningHours("  ")) == "24/7"
    assert is_blank(blank)
    assert parse_hours(blank) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Mo-Fr 09:00-12:00", "Mo-Fr 09:00-12:00"),
        ("  Mo-Fr   09:00-12:00 ;  PH off  ", "Mo-Fr 09:00-12:00 ; PH off"),
        (
            "Mo-Fr 09:00-12:00\nSa 10:00-12:00\r\nPH off",
            "Mo-Fr 09:00-12:00; Sa 10:00-12:00; PH off",
        ),
        ("Mo-Fr 09:00-12:00;\nPH off", "Mo-Fr 09:00-12:00; PH off"),
        ("Mo-Fr 09:00-12:00,\n14:00-17:00", "Mo-Fr 09:00-12:00, 14:00-17:00"),
        ("Mo-Fr 09:00\n-12:00", "Mo-Fr 09:00 -12:00"),
        ("Mo-Fr 9:00–12:00", "Mo-Fr 9:00-12:00"),
        ('2026 Dec 24 off "fermé\n24 – 26"', '2026 Dec 24 off "fermé 24 – 26"'),
    ],
)
def test_whitespace_line_breaks_and_dashes_are_normalised(typed, stored):
    assert normalise_expression(typed) == stored
    assert parse_hours(typed) is not None


@pytest.mark.parametrize(
    ("typed", "column", "excerpt"),
    [
        ("Mo-Fx 09:00", 4, "Mo-Fx 09:00"),
        ("Lu 9h-12h", 1, "Lu 9h-12h"),
        ("Mo-Fr 09:00-12:00; Tu 25:00-26:00", 23, "25:00-26:00"),
        ("Mo-Fr 09:00-12:00,14:00-1700", 25, "14:00-1700"),
        ("Mo-Fr 09:00-", 13, "09:00-"),
        ("Mo-Fr 09:00-12:00;", 19, "Mo-Fr 09:00-12:00;"),
        ('Mo 09:00-12:00 ""', 17, '""'),
        ("Mo 09:60-10:00", 7, "09:60-10:00"),
        # the column counts what the clerk typed, line breaks and double spaces included
        ("Mo-Fr  09:00-12:00\n\nSa 10:00-1200", 30, "10:00-1200"),
        ("ph off", 1, "ph off"),
    ],
)
def test_a_syntax_error_says_where(typed, column, excerpt):
    with pytest.raises(InvalidHours) as caught:
        parse_hours(typed)
    error = caught.value
    assert (error.message, error.field) == (NOT_UNDERSTOOD, "hours_expression")
    assert error.params == {"column": column, "excerpt": excerpt}


def test_a_syntax_error_reads_in_french(french, english):
    with pytest.raises(InvalidHours) as caught:
        parse_hours("Mo-Fr 09:00-12:00; Tu 25:00-26:00")
    error = caught.value
    assert french.gettext(error.message) % error.params == (
        "Ces horaires ne sont pas compris près de « 25:00-26:00 » (caractère 23). Vérifiez "
        "les jours (Mo, Tu, We, Th, Fr, Sa, Su, PH) et les heures (09:00-12:00)."
    )
    assert english.gettext(error.message) % error.params == (
        "These hours are not understood near « 25:00-26:00 » (character 23). Check the days "
        "(Mo, Tu, We, Th, Fr, Sa, Su, PH) and the times (09:00-12:00)."
    )


def _padded(length: int) -> str:
    """A valid expression of exactly ``length`` characters (a long comment)."""
    head = 'Mo-Fr 09:00-12:00 "'
    return head + "x" * (length - len(head) - 1) + '"'


def test_an_expression_of_the_maximum_length_is_accepted():
    assert parse_hours(_padded(MAX_LENGTH)) is not None


@pytest.mark.parametrize("length", [MAX_LENGTH + 1, 2000])
def test_longer_expressions_are_refused_with_their_length(length):
    with pytest.raises(InvalidHours) as caught:
        parse_hours(_padded(length))
    assert caught.value.message == TOO_LONG
    assert caught.value.params == {"length": length, "limit": 1000}


def test_two_thousand_characters_of_valid_rules_are_refused():
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(100)]
    dates = "; ".join(f"{day.year} {day:%b} {day.day:02d} off" for day in days)
    head = 'Mo-Fr 09:00-12:00 "'
    expression = head + "x" * (2000 - len(head) - 3 - len(dates)) + '"; ' + dates
    assert len(expression) == 2000
    OpeningHours(expression)  # valid, only too long
    with pytest.raises(InvalidHours) as caught:
        parse_hours(expression)
    assert caught.value.params == {"length": 2000, "limit": 1000}


@pytest.mark.parametrize(
    ("typed", "message", "params"),
    [
        ("Mo 22:00-26:00", NOT_A_TIME, {"time": "26:00"}),
        ("Mo 09:00-24:30", NOT_A_TIME, {"time": "24:30"}),
        ("Mo 09:00-48:00", NOT_A_TIME, {"time": "48:00"}),
        ("Mo 12:00-09:00", RANGE_NOT_FORWARD, {"range": "12:00-09:00"}),
        ("Mo 12:00-12:00", RANGE_NOT_FORWARD, {"range": "12:00-12:00"}),
        ("Mo 00:00-00:00", RANGE_NOT_FORWARD, {"range": "00:00-00:00"}),
        ("Mo-Fr", NO_TIMES, {"rule": "Mo-Fr"}),
        ("Mo-Fr 09:00-12:00; 2026 Dec 25", NO_TIMES, {"rule": "2026 Dec 25"}),
        ("PH", NO_TIMES, {"rule": "PH"}),
        ("sunrise-sunset", NOT_SHOWABLE, {"rule": "sunrise-sunset"}),
        ("Mo 09:00-sunset", NOT_SHOWABLE, {"rule": "Mo 09:00-sunset"}),
        ("Jul-Aug Mo-Fr 09:00-12:00", NOT_SHOWABLE, {"rule": "Jul-Aug Mo-Fr 09:00-12:00"}),
        ("Dec 25 off", NOT_SHOWABLE, {"rule": "Dec 25 off"}),
        ("Mo[1] 09:00-12:00", NOT_SHOWABLE, {"rule": "Mo[1] 09:00-12:00"}),
        ("week 01-10 Mo 09:00-12:00", NOT_SHOWABLE, {"rule": "week 01-10 Mo 09:00-12:00"}),
        ("Mo 09:00+", NOT_SHOWABLE, {"rule": "Mo 09:00+"}),
        ("Mo 09:00-12:00 unknown", NOT_SHOWABLE, {"rule": "Mo 09:00-12:00 unknown"}),
        (
            "Mo 09:00-12:00 || Tu 10:00-12:00",
            NOT_SHOWABLE,
            {"rule": "Mo 09:00-12:00 || Tu 10:00-12:00"},
        ),
        (
            "Mo 09:00-12:00, Tu 10:00-12:00",
            NOT_SHOWABLE,
            {"rule": "Mo 09:00-12:00, Tu 10:00-12:00"},
        ),
        ("Mo-Fr,PH 09:00-12:00", NOT_SHOWABLE, {"rule": "Mo-Fr,PH 09:00-12:00"}),
        ("SH off", NOT_SHOWABLE, {"rule": "SH off"}),
        ("easter off", NOT_SHOWABLE, {"rule": "easter off"}),
        ("2026 Dec 24,2026 Dec 31 off", NOT_SHOWABLE, {"rule": "2026 Dec 24,2026 Dec 31 off"}),
        ("2026 Feb 30 off", NOT_A_DATE, {"date": "2026 Feb 30"}),
        ("2026 Dec 24-22 off", DATES_NOT_FORWARD, {"dates": "2026 Dec 24-22"}),
        ("2027 Jan 02-2026 Dec 30 off", DATES_NOT_FORWARD, {"dates": "2027 Jan 02-2026 Dec 30"}),
        ("PH off; Mo-Fr 09:00-12:00", WEEKLY_AFTER_SPECIAL, {"rule": "Mo-Fr 09:00-12:00"}),
        (
            "Mo 10:00-11:00; 2026 Dec 24 off; Tu 10:00-11:00",
            WEEKLY_AFTER_SPECIAL,
            {"rule": "Tu 10:00-11:00"},
        ),
    ],
)
def test_valid_syntax_the_site_cannot_show_is_refused_with_the_rule(typed, message, params):
    OpeningHours(typed)  # opening-hours-py accepts every one of these
    with pytest.raises(InvalidHours) as caught:
        parse_hours(typed)
    assert (caught.value.message, caught.value.params) == (message, params)
    assert caught.value.field == "hours_expression"


@pytest.mark.parametrize(
    "typed",
    [
        "24/7",
        "off",
        "09:00-12:00",
        "mo-fr 9:00-12:00 open",
        "Mo-Fr 09:00 - 12:00, 14:00 - 17:00",
        "Mo 09:00-24:00; Tu 00:00-02:00",
        "Sa-Mo 10:00-12:00",
        'Mo-Fr 09:00-12:00 "sur rendez-vous"; Su off',
        "Mo-Fr 09:00-12:00; PH 10:00-11:00",
        'Mo-Fr 09:00-12:00; PH closed "férié; «fermé» l\'été 🎄"',
        "2026dec24-26 off",
        "Mo-Fr 09:00-12:00; 2026 Dec 24 off; PH off",
    ],
)
def test_showable_expressions_are_accepted(typed):
    assert parse_hours(typed) is not None


def _closed_days(selector: str) -> list[date]:
    """The days opening-hours-py closes for ``<selector> off`` in an always-open place."""
    hours = OpeningHours(f"24/7; {selector} off", timezone=TIMEZONE)
    start = datetime(2026, 1, 1, tzinfo=TIMEZONE)
    days = []
    for low, high, state, _ in hours.intervals(start, start + timedelta(days=800)):
        if state == State.CLOSED:
            days.extend(low.date() + timedelta(days=n) for n in range((high - low).days))
    return days


@pytest.mark.parametrize(
    "selector",
    [
        "2026 Dec 25",
        "2026 Dec 24-26",
        "2026 Dec 24-2026 Dec 26",
        "2026 Nov 30-Dec 02",
        "2026 Dec 30-Jan 02",
        "2026 Dec 30-2027 Jan 02",
        "2026dec24-26",
        "2028 Feb 28-Mar 01",
    ],
)
def test_dates_mean_what_opening_hours_py_means(selector):
    (rule,) = compile_hours(f"{selector} off").rules
    assert rule.kind is RuleKind.DATED
    span = (rule.last - rule.first).days + 1
    assert _closed_days(selector) == [rule.first + timedelta(days=n) for n in range(span)]


def _open_weekdays(selector: str) -> list[int]:
    hours = OpeningHours(f"{selector} 10:00-11:00", timezone=TIMEZONE)
    monday = datetime(2024, 1, 8, 12, tzinfo=TIMEZONE)
    return [n for n in range(7) if hours.is_open(monday + timedelta(days=n, hours=-1.5))]


@pytest.mark.parametrize("selector", ["Mo", "Mo-Fr", "Sa-Mo", "Mo,We-Fr,Su", "tu-th", "Su-Sa", ""])
def test_weekdays_mean_what_opening_hours_py_means(selector):
    (rule,) = compile_hours(f"{selector} 10:00-11:00").rules
    assert list(rule.days) == _open_weekdays(selector)
