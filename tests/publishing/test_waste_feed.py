"""The waste-collection feed of a zone and its page rows, around Christmas 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from app.config import TIMEZONE
from app.publishing.waste import feed_window, zone_calendar_ics, zone_calendar_rows
from app.waste import Collection, Round, zone_collections
from tests.waste import french_translations

FRENCH = french_translations()
GENERATED_AT = datetime(2026, 12, 20, 6, 0, tzinfo=TIMEZONE)
SITE_URL = "https://www.aurignac.fr/"
ZONE, COMMUNE = "Aurignac – centre bourg", "Aurignac"
ROUNDS = [
    Round("menagers", 4),  # Fridays: Christmas and New Year's Day
    Round("emballages", 4, every_weeks=2, reference_date=date(2026, 12, 4)),
    Round("vegetaux", 2, starts_on=date(2027, 3, 1), ends_on=date(2027, 11, 30)),
]
MOVED_NOTE = "Décalée : vendredi 25 décembre (Noël) → samedi 26 décembre"


def zone(generated_at: datetime = GENERATED_AT) -> list[Collection]:
    start, end = feed_window(generated_at)
    return zone_collections(ROUNDS, start, end, translations=FRENCH)


def feed(generated_at: datetime = GENERATED_AT, **options) -> bytes:
    options.setdefault("site_url", SITE_URL)
    options.setdefault("translations", FRENCH)
    return zone_calendar_ics(
        ZONE, COMMUNE, zone(generated_at), generated_at=generated_at, **options
    )


def events(ics: bytes) -> list:
    """The feed's events in its own order: by date, then stream."""
    return Calendar.from_ical(ics).walk("VEVENT")


def test_the_feed_describes_a_daily_refreshed_french_calendar():
    ics = feed()
    calendar = Calendar.from_ical(ics)
    assert str(calendar["prodid"]) == "-//Bastide//Collecte des déchets//FR"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "Collecte des déchets – Aurignac – centre bourg"
    assert str(calendar["x-wr-timezone"]) == "Europe/Paris"
    unfolded = ics.replace(b"\r\n ", b"")
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in unfolded
    assert b"\r\nX-PUBLISHED-TTL:P1D\r\n" in unfolded
    assert "sont déjà indiqués" in str(calendar["x-wr-caldesc"])


def test_the_events_give_the_next_dates_across_the_christmas_shift():
    upcoming = [
        (event.decoded("dtstart"), str(event["summary"]), str(event.get("description", "")))
        for event in events(feed())
        if date(2026, 12, 20) <= event.decoded("dtstart") <= date(2027, 1, 8)
    ]
    assert upcoming == [
        (date(2026, 12, 26), "Collecte : ordures ménagères", MOVED_NOTE),
        (
            date(2027, 1, 2),
            "Collecte : ordures ménagères",
            "Décalée : vendredi 1er janvier (Jour de l'an) → samedi 2 janvier",
        ),
        (
            date(2027, 1, 2),
            "Collecte : emballages (bac jaune)",
            "Décalée : vendredi 1er janvier (Jour de l'an) → samedi 2 janvier",
        ),
        (date(2027, 1, 8), "Collecte : ordures ménagères", ""),
    ]


def test_every_event_is_a_transparent_all_day_event_stamped_with_the_build_time():
    found = events(feed())
    assert len(found) > 60
    for event in found:
        start = event.decoded("dtstart")
        assert type(start) is date
        assert event["dtstart"].params["VALUE"] == "DATE"
        assert event.decoded("dtend") == start + timedelta(days=1)
        assert str(event["transp"]) == "TRANSPARENT"
        assert event.decoded("dtstamp") == datetime(2026, 12, 20, 5, 0, tzinfo=UTC)
    assert feed().count(b"\r\nDTSTAMP:20261220T050000Z\r\n") == len(found)


def test_the_feed_covers_a_month_back_and_a_year_ahead():
    found = [event.decoded("dtstart") for event in events(feed())]
    assert found[0] == date(2026, 11, 20)  # the first Friday from 19 November
    assert found[-1] == date(2027, 12, 17)  # the last Friday until 20 December 2027
    assert feed_window(GENERATED_AT) == (date(2026, 11, 19), date(2027, 12, 20))


def test_a_naive_build_time_is_french_local_time():
    naive = feed(GENERATED_AT.replace(tzinfo=None))
    assert events(naive)[0].decoded("dtstamp") == datetime(2026, 12, 20, 5, 0, tzinfo=UTC)


def test_uids_are_unique_and_stable_between_two_builds():
    first = {event.decoded("dtstart"): str(event["uid"]) for event in events(feed())}
    later = events(feed(GENERATED_AT + timedelta(days=3, hours=5)))
    second = {event.decoded("dtstart"): str(event["uid"]) for event in later}
    uids = [str(event["uid"]) for event in later]
    assert len(uids) == len(set(uids))
    shared = first.keys() & second.keys()
    assert len(shared) > 60
    assert all(first[day] == second[day] for day in shared)
    assert first[date(2026, 12, 26)] == "2026-12-26-menagers-aurignac-centre-bourg@www.aurignac.fr"


def test_the_uid_names_the_commune_when_the_zone_does_not():
    ics = zone_calendar_ics(
        "Centre bourg",
        "Aurignac",
        [Collection(date(2026, 12, 26), "verre")],
        site_url="https://bastide.example/aurignac/",
        generated_at=GENERATED_AT,
    )
    (event,) = events(ics)
    assert str(event["uid"]) == "2026-12-26-verre-centre-bourg-aurignac@bastide.example"
    assert str(event["summary"]) == "Collection: glass"  # identity translations by default


def test_a_relative_url_is_refused():
    with pytest.raises(ValueError, match="absolute URL"):
        feed(site_url="/aurignac/")


def test_every_event_reminds_residents_at_seven_the_evening_before():
    ics = feed()
    found = events(ics)
    for event in found:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert str(alarm["description"]) == "Sortir le bac"
        rings = datetime.combine(event.decoded("dtstart"), time(0)) + alarm.decoded("trigger")
        assert (rings.date(), rings.time()) == (
            event.decoded("dtstart") - timedelta(days=1),
            time(19, 0),
        )
    assert ics.count(b"\r\nTRIGGER:-PT5H\r\n") == len(found)


def test_page_rows_give_each_streams_next_dates_in_french():
    rows = zone_calendar_rows(zone(), today=date(2026, 12, 20), translations=FRENCH)
    assert rows == [
        {
            "stream": "menagers",
            "label": "Ordures ménagères",
            "dates": [
                {
                    "date": date(2026, 12, 26),
                    "iso": "2026-12-26",
                    "label": "Samedi 26 décembre",
                    "note": MOVED_NOTE,
                    "moved": True,
                },
                {
                    "date": date(2027, 1, 2),
                    "iso": "2027-01-02",
                    "label": "Samedi 2 janvier",
                    "note": "Décalée : vendredi 1er janvier (Jour de l'an) → samedi 2 janvier",
                    "moved": True,
                },
                {
                    "date": date(2027, 1, 8),
                    "iso": "2027-01-08",
                    "label": "Vendredi 8 janvier",
                    "note": "",
                    "moved": False,
                },
            ],
        },
        {
            "stream": "emballages",
            "label": "Emballages (bac jaune)",
            "dates": [
                {
                    "date": date(2027, 1, 2),
                    "iso": "2027-01-02",
                    "label": "Samedi 2 janvier",
                    "note": "Décalée : vendredi 1er janvier (Jour de l'an) → samedi 2 janvier",
                    "moved": True,
                },
                {
                    "date": date(2027, 1, 15),
                    "iso": "2027-01-15",
                    "label": "Vendredi 15 janvier",
                    "note": "",
                    "moved": False,
                },
                {
                    "date": date(2027, 1, 29),
                    "iso": "2027-01-29",
                    "label": "Vendredi 29 janvier",
                    "note": "",
                    "moved": False,
                },
            ],
        },
        {
            "stream": "vegetaux",
            "label": "Végétaux",
            "dates": [
                {"date": day, "iso": day.isoformat(), "label": label, "note": "", "moved": False}
                for day, label in [
                    (date(2027, 3, 3), "Mercredi 3 mars"),
                    (date(2027, 3, 10), "Mercredi 10 mars"),
                    (date(2027, 3, 17), "Mercredi 17 mars"),
                ]
            ],
        },
    ]


def test_a_collection_kept_on_its_public_holiday_is_not_marked_moved():
    kept = Collection(date(2026, 12, 25), "verre", note="Collecte maintenue (Noël)")
    rows = zone_calendar_rows([kept], today=date(2026, 12, 20), translations=FRENCH)
    assert rows[0]["dates"][0]["moved"] is False
    assert rows[0]["dates"][0]["note"] == "Collecte maintenue (Noël)"


def test_page_rows_follow_the_site_language():
    rows = zone_calendar_rows(zone(), today=date(2026, 12, 20), lang="en", count_per_stream=1)
    assert [(row["label"], row["dates"][0]["label"]) for row in rows] == [
        ("Household waste", "Saturday, December 26"),
        ("Packaging (yellow bin)", "Saturday, January 2"),
        ("Garden waste", "Wednesday, March 3"),
    ]
