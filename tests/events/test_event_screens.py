"""The event form: the repetition written as a rule and read back, the refusals, the
directory choices and "Duplicate this event"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import DirectoryEntry, Event
from tests.conftest import post_form, publish_directly

URL = "/admin/c/aurignac/events"
MARKET = {
    "title": "Marché de plein vent",
    "starts_on": "2026-12-05",
    "start_time": "08:00",
    "end_time": "12:00",
    "place": "Place de la mairie",
    "body": "Producteurs locaux.",
}
EVERY_SATURDAY = {"repeat": "weekly", "repeat_weekdays": "5", "repeat_until": "2027-06-30"}
FIRST_SUNDAYS = {"repeat": "monthly_nth", "repeat_weekday": "6", "repeat_until": "2027-06-30"}


@pytest.fixture
def clerk(client, login, publisher):
    login(publisher.email)
    return client


def _events(database) -> list[Event]:
    with database.session() as session:
        return list(session.scalars(select(Event).order_by(Event.id)))


def _create(clerk, database, form: dict) -> Event:
    response = post_form(clerk, f"{URL}/new", form | {"save": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return _events(database)[-1]


def test_every_saturday_until_a_date(clerk, database):
    event = _create(clerk, database, MARKET | EVERY_SATURDAY)
    assert event.rrule == "FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=SA"
    assert (event.ends_on, event.exdates) == (date(2026, 12, 5), [])


def test_no_weekday_ticked_repeats_on_the_first_dates_weekday(clerk, database):
    event = _create(clerk, database, MARKET | EVERY_SATURDAY | {"repeat_weekdays": []})
    assert "BYDAY=SA" in event.rrule


def test_the_first_sunday_of_each_month(clerk, database):
    form = {
        "title": "Vide-grenier",
        "starts_on": "06/12/2026",  # typed the French way
        "repeat": "monthly_nth",
        "repeat_nth": "1",
        "repeat_weekday": "",  # the weekday of the first date
        "repeat_until": "2027-06-30",
    }
    event = _create(clerk, database, form)
    assert (event.start_time, event.rrule) == (None, "FREQ=MONTHLY;UNTIL=20270630;BYDAY=1SU")


def test_cancelled_dates_are_stored_and_shown_back(clerk, database):
    exceptions = "26/12/2026\n\n2027-01-02\n"
    event = _create(clerk, database, MARKET | EVERY_SATURDAY | {"exceptions": exceptions})
    assert event.exdates == ["2026-12-26", "2027-01-02"]
    html = clerk.get(f"{URL}/{event.id}").get_data(as_text=True)
    assert "26/12/2026\n02/01/2027</textarea>" in html
    assert '<input checked id="repeat-1" name="repeat" type="radio" value="weekly">' in html
    assert '<input checked id="repeat_weekdays-5" name="repeat_weekdays"' in html
    assert 'name="repeat_until" type="date" value="2027-06-30"' in html


def _two_years_on() -> str:
    return (date.today() + timedelta(days=2 * 366)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": "2026-12-04"}, "ends_on"),
        ({"start_time": "14:00"}, "end_time"),
        ({"start_time": ""}, "start_time"),  # an end time without a start time
        ({"repeat": "weekly", "repeat_weekdays": "5"}, "repeat_until"),
        (EVERY_SATURDAY | {"repeat_until": "2026-11-28"}, "repeat_until"),
        (EVERY_SATURDAY | {"repeat_until": _two_years_on()}, "repeat_until"),
        (EVERY_SATURDAY | {"repeat_weekdays": "6"}, "starts_on"),  # 5 December is a Saturday
        (EVERY_SATURDAY | {"exceptions": "25/12/2026"}, "exceptions"),  # a Friday
        (EVERY_SATURDAY | {"exceptions": "32/12/2026"}, "exceptions"),
        ({"exceptions": "12/12/2026"}, "exceptions"),  # the event does not repeat
        (FIRST_SUNDAYS, "starts_on"),  # 5 December 2026 is a Saturday
        ({"is_free": "y", "price": "5 €"}, "price"),
        ({"registration_url": "javascript:alert(1)"}, "registration_url"),
        ({"registration_url": "ftp://billets.example.fr"}, "registration_url"),
        ({"place_entry": "nowhere"}, "place_entry"),
        ({"slug": "archives"}, "slug"),
    ],
)
def test_mistakes_are_refused_next_to_their_field(clerk, database, overrides, field):
    response = post_form(clerk, f"{URL}/new", MARKET | overrides | {"save": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert MARKET["title"] in html  # what the clerk typed is kept
    assert _events(database) == []


def test_the_directory_choices_are_the_published_entries(clerk, database, commune):
    with database.unit_of_work() as session:
        hall = DirectoryEntry(
            commune_id=commune.id, name="Mairie", slug="mairie", category="mairie"
        )
        publish_directly(session, hall)
        session.add(
            DirectoryEntry(
                commune_id=commune.id, name="Brouillon", slug="brouillon", category="autres"
            )
        )
    html = clerk.get(f"{URL}/new").get_data(as_text=True)
    assert '<option value="mairie">Mairie</option>' in html
    assert 'value="brouillon"' not in html
    event = _create(
        clerk, database, MARKET | {"place_entry": "mairie", "organiser_entry": "mairie"}
    )
    assert (event.place_entry, event.organiser_entry) == ("mairie", "mairie")
    refused = post_form(clerk, f"{URL}/new", MARKET | {"place_entry": "brouillon"})
    assert refused.status_code == 400


def test_duplicate_prefills_a_new_form(clerk, database):
    event = _create(clerk, database, MARKET | EVERY_SATURDAY | {"exceptions": "26/12/2026"})
    edit = clerk.get(f"{URL}/{event.id}").get_data(as_text=True)
    assert f'href="{URL}/{event.id}/duplicate"' in edit
    response = clerk.get(f"{URL}/{event.id}/duplicate")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'action="{URL}/new"' in html
    assert 'value="Marché de plein vent"' in html
    assert 'name="slug" type="text" value=""' in html
    assert '<input checked id="repeat_weekdays-5" name="repeat_weekdays"' in html
    assert "26/12/2026</textarea>" in html
    # Saved as is, the copy gets its own address.
    copy = _create(clerk, database, MARKET | EVERY_SATURDAY | {"exceptions": "26/12/2026"})
    assert (event.slug, copy.slug) == ("marche-de-plein-vent", "marche-de-plein-vent-2026-12-05")
    assert copy.rrule == event.rrule and copy.exdates == event.exdates
