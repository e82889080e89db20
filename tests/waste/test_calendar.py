"""Collection dates of rounds around the holidays of winter 2026-2027 and spring 2027."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date

import pytest
from babel.messages.extract import extract_from_file

from app.config import PROJECT_ROOT
from app.errors import DomainError
from app.waste import (
    STREAMS,
    Collection,
    InvalidRound,
    Override,
    Round,
    check_round,
    collections,
    next_collections,
    zone_collections,
)
from app.waste import errors as msg
from app.waste.calendar import next_working_day, previous_working_day
from tests.waste import FRENCH, french_translations

MONDAY, TUESDAY, WEDNESDAY, FRIDAY, SUNDAY = 0, 1, 2, 4, 6
CHRISTMAS = date(2026, 12, 25)  # a Friday
NEW_YEAR = date(2027, 1, 1)  # a Friday, still in ISO week 53 of 2026 (28 Dec - 3 Jan)
EASTER_MONDAY = date(2027, 3, 29)
FRENCH_TRANSLATIONS = french_translations()


def french(round_: Round, start: date, end: date) -> list[Collection]:
    return collections(round_, start, end, translations=FRENCH_TRANSLATIONS)


def days(made: list[Collection]) -> list[date]:
    return [collection.date for collection in made]


def test_a_friday_round_is_collected_the_next_day_over_christmas_and_new_year():
    made = french(Round("menagers", FRIDAY), date(2026, 12, 14), date(2027, 1, 10))
    assert made == [
        Collection(date(2026, 12, 18), "menagers"),
        Collection(
            date(2026, 12, 26),
            "menagers",
            moved_from=CHRISTMAS,
            note="Décalée : vendredi 25 décembre (Noël) → samedi 26 décembre",
        ),
        Collection(
            date(2027, 1, 2),
            "menagers",
            moved_from=NEW_YEAR,
            note="Décalée : vendredi 1er janvier (Jour de l'an) → samedi 2 janvier",
        ),
        Collection(date(2027, 1, 8), "menagers"),
    ]


def test_notes_follow_the_language_and_the_translations_given():
    made = collections(Round("menagers", FRIDAY), CHRISTMAS, date(2026, 12, 26), lang="en")
    assert made[0].note == "Moved: Friday, December 25 (Christmas Day) → Saturday, December 26"


@pytest.mark.parametrize(
    ("rule", "expected", "note"),
    [
        (
            "next_day",
            [date(2026, 12, 26)],
            "Décalée : vendredi 25 décembre (Noël) → samedi 26 décembre",
        ),
        (
            "next_working_day",
            [date(2026, 12, 28)],
            "Décalée : vendredi 25 décembre (Noël) → lundi 28 décembre",
        ),
        (
            "previous_working_day",
            [date(2026, 12, 24)],
            "Décalée : vendredi 25 décembre (Noël) → jeudi 24 décembre",
        ),
        ("same_day", [CHRISTMAS], "Collecte maintenue malgré le jour férié (Noël)"),
        ("cancelled", [], None),
    ],
    ids=["next_day", "next_working_day", "previous_working_day", "same_day", "cancelled"],
)
def test_each_holiday_rule_on_christmas(rule, expected, note):
    # Until 30 December: 1 January, moved to the previous working day, is the 31st.
    made = french(
        Round("menagers", FRIDAY, holiday_rule=rule), date(2026, 12, 21), date(2026, 12, 30)
    )
    assert days(made) == expected
    assert [collection.note for collection in made] == ([note] if note else [])


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("next_day", date(2027, 3, 30)),
        ("next_working_day", date(2027, 3, 30)),
        ("previous_working_day", date(2027, 3, 26)),  # over the Easter weekend
    ],
)
def test_a_monday_round_on_easter_monday(rule, expected):
    made = french(
        Round("biodechets", MONDAY, holiday_rule=rule), date(2027, 3, 22), date(2027, 4, 2)
    )
    assert days(made) == sorted([date(2027, 3, 22), expected])
    assert made[-1].moved_from == EASTER_MONDAY


def test_the_working_day_search_skips_weekends_and_public_holidays_together():
    # No metropolitan holiday chains into another over a weekend, so the search is
    # checked from the Saturday and the Tuesday around Easter Monday 2026 (6 April).
    assert next_working_day(date(2026, 4, 4)) == date(2026, 4, 7)
    assert previous_working_day(date(2026, 4, 7)) == date(2026, 4, 3)


def test_a_shift_from_outside_the_window_lands_inside_it():
    friday = Round("menagers", FRIDAY)
    assert days(french(friday, date(2026, 12, 26), date(2026, 12, 31))) == [date(2026, 12, 26)]
    earlier = Round("menagers", FRIDAY, holiday_rule="previous_working_day")
    assert days(french(earlier, date(2026, 12, 28), date(2026, 12, 31))) == [date(2026, 12, 31)]


@pytest.mark.parametrize(
    "reference",
    [
        date(2026, 12, 4),  # a collection day
        date(2026, 11, 30),  # the Monday of its week
        date(2027, 1, 29),  # later, in ISO week 4 of 2027 (week 49 of 2026 is odd)
        date(2025, 12, 5),  # a year earlier: 52 weeks before
    ],
)
def test_every_other_week_keeps_its_parity_across_new_year_and_week_53(reference):
    round_ = Round("emballages", FRIDAY, every_weeks=2, reference_date=reference)
    made = french(round_, date(2026, 11, 27), date(2027, 2, 5))
    assert days(made) == [
        date(2026, 12, 4),
        date(2026, 12, 18),
        date(2027, 1, 2),  # 1 January, moved
        date(2027, 1, 15),
        date(2027, 1, 29),
    ]


def test_a_round_on_listed_dates_applies_the_holiday_rule_and_ignores_repeats():
    listed = (date(2027, 5, 10), EASTER_MONDAY, date(2027, 4, 12), date(2027, 4, 12))
    made = french(Round("vegetaux", dates=listed), date(2027, 1, 1), date(2027, 12, 31))
    assert days(made) == [date(2027, 3, 30), date(2027, 4, 12), date(2027, 5, 10)]


def test_overrides_move_or_cancel_single_collections_before_the_holiday_rule():
    round_ = Round(
        "menagers",
        FRIDAY,
        overrides=(
            Override(CHRISTMAS, date(2026, 12, 24)),
            Override(date(2027, 1, 8), None),
            Override(date(2027, 1, 15), date(2027, 1, 16)),
            Override(date(2027, 1, 22), date(2027, 1, 22)),
        ),
    )
    made = french(round_, date(2026, 12, 20), date(2027, 1, 25))
    assert [(c.date, c.moved_from, c.note) for c in made] == [
        (
            date(2026, 12, 24),
            CHRISTMAS,
            "Décalée : vendredi 25 décembre (Noël) → jeudi 24 décembre",
        ),
        (
            date(2027, 1, 2),
            NEW_YEAR,
            "Décalée : vendredi 1er janvier (Jour de l'an) → samedi 2 janvier",
        ),
        (date(2027, 1, 16), date(2027, 1, 15), "Décalée : vendredi 15 janvier → samedi 16 janvier"),
        (date(2027, 1, 22), None, ""),
    ]


def test_an_override_keeps_a_collection_on_its_public_holiday():
    round_ = Round("menagers", FRIDAY, overrides=(Override(CHRISTMAS, CHRISTMAS),))
    made = french(round_, date(2026, 12, 21), date(2026, 12, 31))
    assert made == [
        Collection(CHRISTMAS, "menagers", note="Collecte maintenue malgré le jour férié (Noël)")
    ]


def test_a_collection_moved_into_the_window_from_far_away_is_listed_and_one_moved_out_is_not():
    round_ = Round(
        "menagers",
        FRIDAY,
        overrides=(
            Override(date(2026, 11, 6), date(2026, 12, 21)),
            Override(date(2026, 12, 18), date(2027, 2, 1)),
        ),
    )
    made = french(round_, date(2026, 12, 14), date(2026, 12, 22))
    assert [(c.date, c.moved_from) for c in made] == [(date(2026, 12, 21), date(2026, 11, 6))]


def test_a_shift_onto_a_collection_day_of_the_same_stream_leaves_one_collection_with_its_note():
    round_ = Round("vegetaux", dates=(CHRISTMAS, date(2026, 12, 26)))
    made = french(round_, date(2026, 12, 1), date(2026, 12, 31))
    assert made == [
        Collection(
            date(2026, 12, 26),
            "vegetaux",
            moved_from=CHRISTMAS,
            note="Décalée : vendredi 25 décembre (Noël) → samedi 26 décembre",
        )
    ]


def test_rounds_of_a_zone_merge_by_date_then_stream_one_collection_a_day_per_stream():
    rounds = [
        Round("verre", dates=(date(2026, 12, 26),)),
        Round("menagers", dates=(date(2026, 12, 26),)),
        Round("menagers", FRIDAY),  # 25 December, moved onto the 26th: its note is kept
    ]
    made = zone_collections(rounds, date(2026, 12, 21), date(2026, 12, 27))
    assert [(c.date, c.stream, c.moved_from) for c in made] == [
        (date(2026, 12, 26), "menagers", CHRISTMAS),
        (date(2026, 12, 26), "verre", None),
    ]


def test_the_validity_window_bounds_the_collections_inclusively():
    round_ = Round("vegetaux", WEDNESDAY, starts_on=date(2027, 3, 3), ends_on=date(2027, 3, 31))
    made = french(round_, date(2027, 1, 1), date(2027, 12, 31))
    assert days(made) == [date(2027, 3, d) for d in (3, 10, 17, 24, 31)]


def test_next_collections_gives_the_first_dates_of_each_stream_in_stream_order():
    rounds = [
        Round("vegetaux", WEDNESDAY, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 31)),
        Round("emballages", FRIDAY, every_weeks=2, reference_date=date(2026, 12, 4)),
        Round("menagers", FRIDAY),
    ]
    upcoming = next_collections(rounds, date(2026, 12, 18), count_per_stream=3)
    assert {stream: days(made) for stream, made in upcoming.items()} == {
        "menagers": [date(2026, 12, 18), date(2026, 12, 26), date(2027, 1, 2)],
        "emballages": [date(2026, 12, 18), date(2027, 1, 2), date(2027, 1, 15)],
        "vegetaux": [date(2027, 3, 3), date(2027, 3, 10), date(2027, 3, 17)],
    }
    assert list(upcoming) == ["menagers", "emballages", "vegetaux"]


@pytest.mark.parametrize(
    ("round_", "field", "message"),
    [
        (Round("compost", FRIDAY), "stream", msg.UNKNOWN_STREAM),
        (Round("menagers", FRIDAY, recurrence="monthly"), "recurrence", msg.UNKNOWN_RECURRENCE),
        (Round("menagers"), "weekday", msg.WEEKDAY_MISSING),
        (Round("menagers", 7), "weekday", msg.WEEKDAY_MISSING),
        (Round("menagers", FRIDAY, every_weeks=3), "every_weeks", msg.EVERY_WEEKS_INVALID),
        (Round("menagers", FRIDAY, every_weeks=2), "reference_date", msg.REFERENCE_DATE_MISSING),
        (Round("verre", recurrence="dates"), "dates", msg.DATES_MISSING),
        (
            Round("menagers", FRIDAY, holiday_rule="tomorrow"),
            "holiday_rule",
            msg.HOLIDAY_RULE_UNKNOWN,
        ),
        (
            Round("menagers", FRIDAY, starts_on=date(2027, 2, 1), ends_on=date(2027, 1, 31)),
            "ends_on",
            msg.ENDS_BEFORE_START,
        ),
        (
            Round("menagers", FRIDAY, overrides=(Override(date(2026, 12, 24), None),)),
            "overrides",
            msg.OVERRIDE_NOT_SCHEDULED,
        ),
        (
            Round(
                "menagers",
                FRIDAY,
                starts_on=date(2027, 1, 1),
                overrides=(Override(CHRISTMAS, None),),
            ),
            "overrides",
            msg.OVERRIDE_NOT_SCHEDULED,
        ),
        (
            Round(
                "menagers",
                FRIDAY,
                overrides=(Override(CHRISTMAS, None), Override(CHRISTMAS, date(2026, 12, 24))),
            ),
            "overrides",
            msg.OVERRIDE_TWICE,
        ),
    ],
    ids=[
        "unknown-stream",
        "unknown-recurrence",
        "weekly-without-weekday",
        "weekday-out-of-range",
        "every-three-weeks",
        "every-other-week-without-reference",
        "dates-without-dates",
        "unknown-holiday-rule",
        "ends-before-start",
        "override-of-a-day-without-collection",
        "override-before-the-first-day",
        "two-overrides-of-one-day",
    ],
)
def test_invalid_rounds_are_refused_naming_the_field(round_, field, message):
    with pytest.raises(InvalidRound) as refused:
        check_round(round_)
    assert isinstance(refused.value, DomainError)
    assert (refused.value.field, refused.value.message) == (field, message)
    with pytest.raises(InvalidRound):
        collections(round_, date(2026, 12, 1), date(2027, 1, 31))


def test_error_messages_carry_readable_dates():
    round_ = Round("menagers", FRIDAY, starts_on=date(2027, 2, 1), ends_on=date(2027, 1, 31))
    with pytest.raises(InvalidRound) as refused:
        check_round(round_)
    assert refused.value.params == {"start": "01/02/2027", "end": "31/01/2027"}


@pytest.mark.parametrize(
    "round_",
    [
        Round("menagers", FRIDAY, every_weeks=2, reference_date=date(2026, 12, 4)),
        Round("verre", SUNDAY, dates=(CHRISTMAS,)),  # a stale weekday is ignored
        Round("verre", dates=(CHRISTMAS,), every_weeks=5),
        Round("menagers", FRIDAY, dates=(date(2026, 12, 24),), recurrence="weekly"),
        Round("menagers", FRIDAY, starts_on=CHRISTMAS, ends_on=CHRISTMAS),
    ],
)
def test_valid_rounds_pass_with_the_fields_of_the_other_recurrence_ignored(round_):
    check_round(round_)


def test_stream_keys_are_stable():
    assert list(STREAMS) == ["menagers", "emballages", "verre", "biodechets", "vegetaux"]


def test_every_message_of_app_waste_has_its_french_in_the_test_catalog():
    msgids = {
        message
        for path in sorted((PROJECT_ROOT / "app" / "waste").glob("*.py"))
        for _line, message, _comments, _context in extract_from_file(
            "python", path, keywords={"N_": None}
        )
    }
    assert len(msgids) > 20
    assert sorted(msgids - FRENCH.keys()) == []


def test_a_year_of_five_rounds_takes_a_few_milliseconds():
    rounds = [
        Round("menagers", MONDAY),
        Round("menagers", FRIDAY),
        Round("emballages", TUESDAY, every_weeks=2, reference_date=date(2026, 12, 1)),
        Round("biodechets", WEDNESDAY, holiday_rule="next_working_day"),
        Round("vegetaux", dates=tuple(date(2027, month, 15) for month in range(1, 13))),
    ]
    zone_collections(rounds, date(2027, 1, 1), date(2027, 12, 31))  # holidays loaded once
    fastest = min(_timed(rounds) for _ in range(5))
    assert fastest < 0.02


def _timed(rounds: list[Round]) -> float:
    started = time.perf_counter()
    zone_collections(rounds, date(2027, 1, 1), date(2027, 12, 31), translations=FRENCH_TRANSLATIONS)
    return time.perf_counter() - started


IMPORTS = """
import json, sys
sys.path.insert(0, sys.argv[1])
import app.waste, app.waste.calendar
heavy = ("flask", "werkzeug", "sqlalchemy", "pelican")
print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
"""


def test_app_waste_imports_neither_flask_nor_sqlalchemy():
    output = subprocess.run(
        [sys.executable, "-c", IMPORTS, str(PROJECT_ROOT)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(output) == []
