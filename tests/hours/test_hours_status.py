"""The "open now?" segments: the sentence at chosen instants, and the shape of the list."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from itertools import pairwise

import pytest

from app.config import TIMEZONE
from app.hours import Segment, is_open_at, status_segments
from tests.hours.helpers import fr

MAIRIE = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
CLOSURE = f'{MAIRIE}; 2026 Dec 24-26 off "Fermeture de fin d\'année"'
WINTER_BREAK = f"{MAIRIE}; 2026 Dec 19-2027 Jan 04 off"
NIGHT = "Fr 20:00-24:00; Sa 00:00-02:00"
DAILY_BUT_DECEMBER = "Mo-Su 09:00-12:00; 2026 Dec 20-31 off"
ALWAYS_BUT_24TH = "Mo-Su 00:00-24:00; 2026 Dec 24 off"
ALWAYS_BUT_31ST = "Mo-Su 00:00-24:00; 2026 Dec 31 off"
MONDAY = date(2026, 12, 21)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TIMEZONE)


def sentence_at(expression, moment, lang, translations, *, since=timedelta(days=3)) -> Segment:
    """The segment shown at ``moment``, from segments computed a few days earlier."""
    for segment in status_segments(expression, moment - since, lang, translations):
        if datetime.fromisoformat(segment.start) <= moment < datetime.fromisoformat(segment.end):
            return segment
    raise AssertionError(f"no segment contains {moment}")


@pytest.mark.parametrize(
    ("expression", "moment", "text", "state"),
    [
        (MAIRIE, at(MONDAY, 11), "Ouvert · ferme à 12 h", "open"),
        (MAIRIE, at(MONDAY, 12, 30), "Fermé · ouvre à 14 h", "closed"),
        (MAIRIE, at(MONDAY, 8, 59), "Fermé · ouvre à 9 h", "closed"),
        (MAIRIE, at(MONDAY, 9), "Ouvert · ferme à 12 h", "open"),
        (MAIRIE, at(MONDAY, 17), "Fermé · ouvre demain à 9 h", "closed"),
        (MAIRIE, at(MONDAY, 23, 59), "Fermé · ouvre demain à 9 h", "closed"),
        (MAIRIE, at(date(2026, 12, 18), 18), "Fermé · ouvre lundi à 9 h", "closed"),
        (MAIRIE, at(date(2026, 12, 19), 10), "Fermé · ouvre lundi à 9 h", "closed"),
        (MAIRIE, at(date(2026, 12, 20), 10), "Fermé · ouvre demain à 9 h", "closed"),
        # Thursday 24 December: closed until the 26th, Sunday closed, Monday 28 it is
        (CLOSURE, at(date(2026, 12, 24), 19), "Fermé · ouvre lundi à 9 h", "closed"),
        (CLOSURE, at(date(2026, 12, 23), 17, 30), "Fermé · ouvre lundi à 9 h", "closed"),
        (CLOSURE, at(date(2026, 12, 23), 16), "Ouvert · ferme à 17 h", "open"),
        # PH off: Friday 1 January 2027 is closed, Monday 4 January opens
        (MAIRIE, at(date(2026, 12, 31), 17, 30), "Fermé · ouvre lundi à 9 h", "closed"),
        # a long closure: seven days ahead or more, the date is given
        (WINTER_BREAK, at(date(2026, 12, 24), 10), "Fermé · ouvre le 5 janvier à 9 h", "closed"),
        (WINTER_BREAK, at(date(2026, 12, 30), 10), "Fermé · ouvre mardi à 9 h", "closed"),
        (WINTER_BREAK, at(date(2026, 12, 29), 10), "Fermé · ouvre le 5 janvier à 9 h", "closed"),
        (
            WINTER_BREAK,
            at(date(2026, 12, 18), 17, 30),
            "Fermé · ouvre le 5 janvier à 9 h",
            "closed",
        ),
        (
            DAILY_BUT_DECEMBER,
            at(date(2026, 12, 20), 10),
            "Fermé · ouvre le 1er janvier à 9 h",
            "closed",
        ),
        # an opening across midnight
        (NIGHT, at(date(2026, 12, 25), 23), "Ouvert · ferme demain à 2 h", "open"),
        (NIGHT, at(date(2026, 12, 26), 1), "Ouvert · ferme à 2 h", "open"),
        (NIGHT, at(date(2026, 12, 26), 3), "Fermé · ouvre vendredi à 20 h", "closed"),
        ("Fr 20:00-24:00", at(date(2026, 12, 25), 21), "Ouvert · ferme à 24 h", "open"),
        ("Mo-Fr 20:00-24:00", at(MONDAY, 23), "Ouvert · ferme à 24 h", "open"),
        (ALWAYS_BUT_24TH, at(MONDAY, 10), "Ouvert · ferme mercredi à 24 h", "open"),
        (ALWAYS_BUT_31ST, at(MONDAY, 10), "Ouvert · ferme le 30 décembre à 24 h", "open"),
        # nothing to announce within the window and its lookahead
        ("2026 Jan 05 10:00-12:00", at(MONDAY, 10), "Fermé", "closed"),
        ("24/7", at(MONDAY, 10), "Ouvert", "open"),
    ],
)
def test_the_sentence_shown_in_french(expression, moment, text, state, french):
    segment = sentence_at(expression, moment, "fr", french)
    assert (segment.text, segment.state) == (fr(text), state)
    assert is_open_at(expression, moment) is (state == "open")


@pytest.mark.parametrize(
    ("expression", "moment", "text"),
    [
        (MAIRIE, at(MONDAY, 11), "Open · closes at 12:00\u202fPM"),
        (MAIRIE, at(MONDAY, 12, 30), "Closed · opens at 2:00\u202fPM"),
        (MAIRIE, at(MONDAY, 18), "Closed · opens tomorrow at 9:00\u202fAM"),
        (MAIRIE, at(date(2026, 12, 18), 18), "Closed · opens Monday at 9:00\u202fAM"),
        (WINTER_BREAK, at(date(2026, 12, 24), 10), "Closed · opens on January 5 at 9:00\u202fAM"),
        (NIGHT, at(date(2026, 12, 25), 23), "Open · closes tomorrow at 2:00\u202fAM"),
        ("Fr 20:00-24:00", at(date(2026, 12, 25), 21), "Open · closes at midnight"),
        (
            ALWAYS_BUT_24TH,
            at(MONDAY, 10),
            "Open · closes Wednesday at midnight",
        ),
        ("2026 Jan 05 10:00-12:00", at(MONDAY, 10), "Closed"),
        ("24/7", at(MONDAY, 10), "Open"),
    ],
)
def test_the_sentence_shown_in_english(expression, moment, text, english):
    assert sentence_at(expression, moment, "en", english).text == text


def test_the_sentence_in_the_english_of_great_britain(english):
    segment = sentence_at(MAIRIE, at(MONDAY, 12, 30), "en_GB", english)
    assert segment.text == "Closed · opens at 14:00"


def test_the_segments_of_a_christmas_week(french):
    segments = status_segments(CLOSURE, at(date(2026, 12, 23), 16), "fr", french, days=2)
    opens_monday = fr("Fermé · ouvre lundi à 9 h")
    assert segments == [
        Segment(
            "2026-12-23T16:00+01:00", "2026-12-23T17:00+01:00", "open", fr("Ouvert · ferme à 17 h")
        ),
        Segment("2026-12-23T17:00+01:00", "2026-12-25T16:00+01:00", "closed", opens_monday),
    ]


SHAPES = [
    (MAIRIE, at(MONDAY, 11)),
    (CLOSURE, at(date(2026, 12, 20), 0)),
    (NIGHT, at(date(2026, 12, 25), 23, 17)),
    ("Mo-Su 01:00-04:00", at(date(2026, 3, 27), 12)),  # spring forward: 2:00 does not exist
    ("Mo-Su 01:00-04:00", at(date(2026, 10, 23), 12)),  # fall back: 2:00 happens twice
    ("Sa 09:30-12:00; PH off", at(date(2026, 4, 30), 9)),
    (WINTER_BREAK, at(date(2026, 12, 24), 10)),
    ("24/7", at(MONDAY, 10)),
]


@pytest.mark.parametrize(("expression", "start"), SHAPES)
@pytest.mark.parametrize("days", [1, 14])
def test_segments_tile_the_window_and_read_as_if_it_started_there(expression, start, days, french):
    segments = status_segments(expression, start, "fr", french, days=days)
    bounds = [(datetime.fromisoformat(s.start), datetime.fromisoformat(s.end)) for s in segments]
    assert bounds[0][0] == start
    assert bounds[-1][1] == start + timedelta(days=days)  # same local time, days later
    assert all(low < high for low, high in bounds)
    assert all(a[1] == b[0] for a, b in pairwise(bounds))
    assert all(a[2:] != b[2:] for a, b in pairwise(segments))
    for segment, (low, high) in zip(segments, bounds, strict=True):
        for probe in _probes(low, high):
            # the state holds throughout, and the sentence is the one computed at that very
            # instant: a segment never spans a midnight after which the wording changes
            assert is_open_at(expression, probe) is (segment.state == "open"), probe
            fresh = status_segments(expression, probe, "fr", french, days=1)[0]
            assert (fresh.state, fresh.text) == (segment.state, segment.text), probe


def _probes(low: datetime, high: datetime) -> list[datetime]:
    """The start, the middle, the last minute, and every local midnight in between."""
    probes = [low, low + (high - low) / 2, high - timedelta(minutes=1)]
    day = low.astimezone(TIMEZONE).date() + timedelta(days=1)
    while (midnight := datetime.combine(day, time(0), tzinfo=TIMEZONE)) < high:
        probes.append(midnight)
        day += timedelta(days=1)
    return probes


def test_a_monday_evening_is_cut_at_midnight(french):
    segments = status_segments(MAIRIE, at(MONDAY, 16), "fr", french, days=1)
    assert [(s.start[11:16], s.end[11:16], s.text) for s in segments] == [
        ("16:00", "17:00", fr("Ouvert · ferme à 17 h")),
        ("17:00", "00:00", fr("Fermé · ouvre demain à 9 h")),
        ("00:00", "09:00", fr("Fermé · ouvre à 9 h")),
        ("09:00", "12:00", fr("Ouvert · ferme à 12 h")),
        ("12:00", "14:00", fr("Fermé · ouvre à 14 h")),
        ("14:00", "16:00", fr("Ouvert · ferme à 17 h")),
    ]


def test_iso_times_carry_the_local_offset(french):
    winter = status_segments(MAIRIE, at(MONDAY, 11), "fr", french, days=1)
    summer = status_segments(MAIRIE, at(date(2026, 7, 6), 11), "fr", french, days=1)
    assert winter[0].start == "2026-12-21T11:00+01:00"
    assert summer[0].start == "2026-07-06T11:00+02:00"
    assert summer[0].end == "2026-07-06T12:00+02:00"


def test_a_naive_start_is_french_local_time(french):
    naive = datetime(2026, 12, 21, 11)
    assert status_segments(MAIRIE, naive, "fr", french) == status_segments(
        MAIRIE, at(MONDAY, 11), "fr", french
    )


@pytest.mark.parametrize(("expression", "days"), [("", 14), ("  ", 14), (MAIRIE, 0)])
def test_nothing_to_show(expression, days, french):
    assert status_segments(expression, at(MONDAY, 11), "fr", french, days=days) == []


def test_a_typical_town_hall_over_fourteen_days_stays_small(french):
    town_hall = "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off"
    segments = status_segments(town_hall, at(date(2026, 3, 2), 8), "fr", french, days=14)
    as_json = json.dumps(segments, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(segments) < 60
    assert len(as_json) < 5500
