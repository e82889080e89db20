"""What residents read: the usual week, the next days around Christmas 2026, schema.org."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from opening_hours import OpeningHours, State

from app.config import TIMEZONE
from app.hours import DayHours, is_open_at, schema_org_specification, upcoming_days, weekly_table
from app.hours.public_holidays import holiday_name
from tests.hours.helpers import THIN, fr

MAIRIE = "Mo-We,Fr 09:00-12:00,14:00-17:00; Th 09:00-12:00; Sa 09:30-12:00"
CHRISTMAS = f'{MAIRIE}; PH off; 2026 Dec 24-26 off "Fermeture de fin d\'année"'

FULL_DAY = fr("9 h – 12 h, 14 h – 17 h")
XMAS = date(2026, 12, 25)
FRENCH_WEEK = [
    ("Lundi", fr("9 h – 12 h, 14 h – 17 h")),
    ("Mardi", fr("9 h – 12 h, 14 h – 17 h")),
    ("Mercredi", fr("9 h – 12 h, 14 h – 17 h")),
    ("Jeudi", fr("9 h – 12 h")),
    ("Vendredi", fr("9 h – 12 h, 14 h – 17 h")),
    ("Samedi", fr("9 h 30 – 12 h")),
    ("Dimanche", "Fermé"),
]


def en(text: str) -> str:
    """CLDR style: a narrow no-break space before AM/PM, thin spaces around the dash."""
    return (
        text.replace(" AM", "\u202fAM").replace(" PM", "\u202fPM").replace(" – ", f"{THIN}–{THIN}")
    )


def test_christmas_2026_is_a_friday():
    assert date(2026, 12, 25).weekday() == 4


@pytest.mark.parametrize("expression", [MAIRIE, CHRISTMAS, f"{MAIRIE}; PH 10:00-11:00"])
def test_the_usual_week_in_french_ignores_holidays_and_dates(expression, french):
    assert weekly_table(expression, "fr", french) == FRENCH_WEEK


def test_the_exact_characters_of_a_french_range(french):
    assert weekly_table(MAIRIE, "fr", french)[5][1] == "9\u00a0h\u00a030\u00a0\u2013 12\u00a0h"


@pytest.mark.parametrize(
    ("lang", "monday", "saturday"),
    [
        ("en", en("9:00 AM – 12:00 PM, 2:00 PM – 5:00 PM"), en("9:30 AM – 12:00 PM")),
        ("en_GB", en("09:00 – 12:00, 14:00 – 17:00"), en("09:30 – 12:00")),
        ("de-DE", en("09:00 – 12:00, 14:00 – 17:00"), en("09:30 – 12:00")),
    ],
)
def test_the_usual_week_in_other_languages_uses_the_locale_times(lang, monday, saturday, english):
    table = weekly_table(CHRISTMAS, lang, english)
    assert [row[0] for row in table][:2] == (
        ["Montag", "Dienstag"] if lang.startswith("de") else ["Monday", "Tuesday"]
    )
    assert (table[0][1], table[5][1], table[6][1]) == (monday, saturday, "Closed")


@pytest.mark.parametrize(
    ("expression", "lang", "row"),
    [
        ("Fr 20:00-24:00; Sa 00:00-02:00", "fr", ("Vendredi", fr("20 h – 24 h"))),
        ("Fr 20:00-24:00; Sa 00:00-02:00", "fr", ("Samedi", fr("0 h – 2 h"))),
        ("Fr 20:00-24:00", "en", ("Friday", f"8:00\u202fPM{THIN}–{THIN}midnight")),
        ("24/7", "fr", ("Vendredi", fr("0 h – 24 h"))),
        ("Mo-Fr 09:05-12:00,12:00-13:00", "fr", ("Vendredi", fr("9 h 05 – 13 h"))),
        ('Mo-Fr 09:00-12:00 "sur RDV"; Fr off', "fr", ("Jeudi", fr("9 h – 12 h") + " (sur RDV)")),
        ('Mo-Fr 09:00-12:00 "sur RDV"; Fr off', "fr", ("Vendredi", "Fermé")),
        ("Mo-Fr 09:00-17:00; We 09:00-12:00", "fr", ("Mercredi", fr("9 h – 12 h"))),
        ("Mo-Fr 09:00-12:00; Mo 14:00-17:00", "fr", ("Lundi", fr("14 h – 17 h"))),
        ("2026 Dec 24 10:00-12:00", "fr", ("Jeudi", "Fermé")),
    ],
)  # fmt: skip
def test_one_day_of_the_usual_week(expression, lang, row, french, english):
    translations = french if lang == "fr" else english
    table = dict(weekly_table(expression, lang, translations))
    assert table[row[0]] == row[1]


@pytest.mark.parametrize("blank", ["", "  "])
def test_no_hours_show_nothing(blank, french):
    assert weekly_table(blank, "fr", french) == []
    assert upcoming_days(blank, date(2026, 12, 21), "fr", french) == []
    assert schema_org_specification(blank) == []
    assert is_open_at(blank, datetime(2026, 12, 21, 10, tzinfo=TIMEZONE)) is False


def test_the_next_days_around_christmas_in_french(french):
    days = upcoming_days(CHRISTMAS, date(2026, 12, 23), "fr", french, days=7)
    closing = "Fermeture de fin d'année"
    assert days == [
        DayHours(date(2026, 12, 23), "Mercredi 23 décembre", FULL_DAY, "", False),
        DayHours(date(2026, 12, 24), "Jeudi 24 décembre", "Fermé", closing, True),
        DayHours(date(2026, 12, 25), "Vendredi 25 décembre", "Fermé", f"Noël · {closing}", True),
        DayHours(date(2026, 12, 26), "Samedi 26 décembre", "Fermé", closing, True),
        DayHours(date(2026, 12, 27), "Dimanche 27 décembre", "Fermé", "", True),
        DayHours(date(2026, 12, 28), "Lundi 28 décembre", FULL_DAY, "", False),
        DayHours(date(2026, 12, 29), "Mardi 29 décembre", FULL_DAY, "", False),
    ]  # fmt: skip


def test_the_next_days_in_english(english):
    days = upcoming_days(CHRISTMAS, date(2026, 12, 24), "en", english, days=2)
    assert [(d.label, d.text, d.note) for d in days] == [
        ("Thursday, December 24", "Closed", "Fermeture de fin d'année"),
        ("Friday, December 25", "Closed", "Christmas Day · Fermeture de fin d'année"),
    ]


@pytest.mark.parametrize(
    ("expression", "day", "text", "note", "closed"),
    [
        (f"{MAIRIE}; PH off", date(2026, 12, 25), "Fermé", "Noël", True),
        (f"{MAIRIE}; PH off", date(2027, 1, 1), "Fermé", "Jour de l'an", True),
        (f"{MAIRIE}; PH off", date(2026, 7, 14), "Fermé", "Fête nationale", True),
        (f"{MAIRIE}; PH off", date(2026, 5, 25), "Fermé", "Lundi de Pentecôte", True),
        # without PH off the holiday is named, and the usual hours apply
        (MAIRIE, date(2026, 12, 25), fr("9 h – 12 h, 14 h – 17 h"), "Noël", False),
        (f"{MAIRIE}; PH 10:00-11:00", date(2026, 12, 25), fr("10 h – 11 h"), "Noël", False),
        (
            f'{MAIRIE}; PH off; 2026 Dec 25 10:00-12:00 "Permanence"',
            XMAS,
            fr("10 h – 12 h"),
            "Noël · Permanence",
            False,
        ),
        (f"{MAIRIE}; PH off", date(2026, 12, 26), fr("9 h 30 – 12 h"), "", False),
        # clock changes: the day is 23 or 25 hours long, the hours are the usual ones
        (f"{MAIRIE}; PH off", date(2026, 3, 28), fr("9 h 30 – 12 h"), "", False),
        ("Su 01:00-04:00", date(2026, 3, 29), fr("1 h – 4 h"), "", False),
        ("Su 01:00-04:00", date(2026, 10, 25), fr("1 h – 4 h"), "", False),
        ("Fr 20:00-24:00; Sa 00:00-02:00", date(2026, 12, 26), fr("0 h – 2 h"), "", False),
    ],
)
def test_one_of_the_next_days(expression, day, text, note, closed, french):
    (shown,) = upcoming_days(expression, day, "fr", french, days=1)
    assert (shown.text, shown.note, shown.closed) == (text, note, closed)


def test_the_first_of_the_month_is_1er_in_french(french, english):
    (french_day,) = upcoming_days(MAIRIE, date(2027, 1, 1), "fr", french, days=1)
    (english_day,) = upcoming_days(MAIRIE, date(2027, 1, 1), "en", english, days=1)
    assert (french_day.label, english_day.label) == ("Vendredi 1er janvier", "Friday, January 1")


@pytest.mark.parametrize(
    ("when", "is_open"),
    [
        (datetime(2026, 12, 21, 11, tzinfo=TIMEZONE), True),
        (datetime(2026, 12, 21, 12, tzinfo=TIMEZONE), False),  # the end is excluded
        (datetime(2026, 12, 21, 11), True),  # naive: French local time
        (datetime(2026, 12, 21, 10, tzinfo=UTC), True),  # 11:00 in Paris
        (datetime(2026, 12, 21, 11, 30, tzinfo=UTC), False),  # 12:30 in Paris
        (datetime(2026, 12, 21, 8, tzinfo=timezone(timedelta(hours=-2))), True),  # 11:00 in Paris
        (datetime(2026, 12, 25, 10, tzinfo=TIMEZONE), False),  # Noël
        (datetime(2026, 12, 24, 10, tzinfo=TIMEZONE), False),  # closure
        (datetime(2026, 12, 28, 16, 59, tzinfo=TIMEZONE), True),
    ],
)
def test_is_open_at(when, is_open):
    assert is_open_at(CHRISTMAS, when) is is_open


def test_schema_org_specification():
    assert schema_org_specification(
        f"{CHRISTMAS}; 2026 Dec 27 10:00-12:00; 2026 Dec 30-2027 Jan 02 off"
    ) == [
        _week(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "09:00", "12:00"),
        _week(["Monday", "Tuesday", "Wednesday", "Friday"], "14:00", "17:00"),
        _week(["Saturday"], "09:30", "12:00"),
        _dated("2026-12-24", "2026-12-26", "00:00", "00:00"),
        _dated("2026-12-27", "2026-12-27", "10:00", "12:00"),
        _dated("2026-12-30", "2027-01-02", "00:00", "00:00"),
    ]


def test_schema_org_ends_the_day_at_23_59():
    assert schema_org_specification("Sa 20:00-24:00") == [_week(["Saturday"], "20:00", "23:59")]


def _week(days: list[str], opens: str, closes: str) -> dict:
    return {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": [f"https://schema.org/{day}" for day in days],
        "opens": opens,
        "closes": closes,
    }


def _dated(valid_from: str, valid_through: str, opens: str, closes: str) -> dict:
    return {
        "@type": "OpeningHoursSpecification",
        "validFrom": valid_from,
        "validThrough": valid_through,
        "opens": opens,
        "closes": closes,
    }


def _public_holidays(years: range) -> set[date]:
    """The days opening-hours-py treats as PH for country FR."""
    hours = OpeningHours("PH", timezone=TIMEZONE, country="FR")
    start = datetime(years.start, 1, 1, tzinfo=TIMEZONE)
    end = datetime(years.stop, 1, 1, tzinfo=TIMEZONE)
    days = set()
    for low, high, state, _ in hours.intervals(start, end):
        if state == State.OPEN:
            days.update(low.date() + timedelta(days=n) for n in range((high - low).days))
    return days


@pytest.mark.parametrize("year", [2026, 2027])
def test_the_holiday_names_and_opening_hours_py_agree_on_the_dates(year):
    import holidays

    named = set(holidays.France(years=year, language="fr"))
    assert len(named) == 11
    assert named == _public_holidays(range(year, year + 1))
    assert all(holiday_name(day, "fr") for day in named)


@pytest.mark.parametrize(
    ("day", "lang", "name"),
    [
        (date(2026, 12, 25), "fr", "Noël"),
        (date(2026, 12, 25), "fr_FR", "Noël"),
        (date(2027, 1, 1), "fr", "Jour de l'an"),
        (date(2026, 7, 14), "fr", "Fête nationale"),
        (date(2026, 4, 6), "fr", "Lundi de Pâques"),
        (date(2027, 5, 6), "fr", "Ascension"),
        (date(2026, 12, 25), "en", "Christmas Day"),
        (date(2026, 12, 25), "de", "Noël"),  # holidays.France speaks no German: French
        (date(2026, 12, 24), "fr", ""),
        (date(2026, 12, 26), "fr", ""),  # Saint-Étienne: Alsace-Moselle only
    ],
)
def test_holiday_names(day, lang, name):
    assert holiday_name(day, lang) == name
