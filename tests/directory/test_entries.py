"""Directory entries: checked contacts, hours from the weekday form, the town hall,
and clear refusals that keep what the clerk typed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.directory.contact import display_phone, parse_phones
from app.directory.services import EntryDraft, check_entry, ensure_town_hall, town_hall
from app.errors import DomainError
from app.models import DirectoryEntry, Role
from tests.conftest import post_form


@pytest.fixture
def commune(make_commune):
    return make_commune(
        slug="aurignac",
        name="Aurignac",
        postal_codes=["31420"],
        town_hall_address="Mairie, Place de la Mairie, 31420 Aurignac",
        town_hall_phone="05 61 00 10 28",
        town_hall_email="mairie@aurignac.test",
    )


@pytest.fixture
def clerk(make_user, commune, login):
    user = make_user("clerk@aurignac.test", commune=commune, role=Role.PUBLISHER)
    login(user.email)
    return user


def _entries(database):
    with database.session() as session:
        return list(session.scalars(select(DirectoryEntry).order_by(DirectoryEntry.id)))


def _count(database):
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(DirectoryEntry))


FORM = {"name": "Bibliothèque municipale", "category": "equipements", "save": "1"}


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("05 61 00 20 20", "+33561002020", "05 61 00 20 20"),
        ("0561002020", "+33561002020", "05 61 00 20 20"),
        ("+33 6 12 34 56 78", "+33612345678", "06 12 34 56 78"),
        ("+32 2 555 12 12", "+3225551212", "+32 2 555 12 12"),
    ],
)
def test_phones_are_stored_in_e164_and_shown_the_french_way(typed, stored, shown):
    assert parse_phones(typed) == (stored,)
    assert display_phone(stored) == shown


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phones", "abcdefgh"),
        ("phones", "05 61"),
        ("email", "mairie@"),
        ("website", "javascript:alert(1)"),
        ("website", "ftp://example.fr/"),
        ("category", "casino"),
        ("postal_code", "3142A"),
        ("hours_expression", "Mo-Fr 09:00-1x:00"),
    ],
)
def test_bad_input_is_refused_with_the_form_kept(client, clerk, commune, database, field, value):
    data = FORM | {field: value, "summary": "Résumé à garder"}
    if field == "hours_expression":
        data["hours_expert"] = "y"
    response = post_form(client, f"/admin/c/{commune.slug}/directory/new", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Résumé à garder" in html
    assert 'class="error"' in html
    assert _count(database) == 0


def test_a_one_megabyte_description_is_refused(client, clerk, commune, database):
    before = _count(database)
    data = FORM | {"body": "x" * 1_000_000}
    response = post_form(client, f"/admin/c/{commune.slug}/directory/new", data)
    assert response.status_code in (400, 413)
    assert _count(database) == before


def test_hours_typed_in_the_weekday_form_build_the_expression(client, clerk, commune, database):
    data = FORM | {
        "mo_1_start": "09:00", "mo_1_end": "12:00", "mo_2_start": "14:00", "mo_2_end": "17:00",
        "tu_same": "y", "sa_1_start": "10:00", "sa_1_end": "12:00",
        "hours_closed_on_holidays": "y",
        "exception_1_start": "2026-12-24", "exception_1_end": "2026-12-26",
        "exception_1_label": "Fermeture de fin d'année",
    }  # fmt: skip
    response = post_form(client, f"/admin/c/{commune.slug}/directory/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    entry = next(e for e in _entries(database) if e.name == "Bibliothèque municipale")
    hours = entry.hours
    assert "Mo-Tu 09:00-12:00,14:00-17:00" in hours
    assert "Sa 10:00-12:00" in hours and "PH off" in hours
    assert "2026 Dec 24" in hours
    # Opening the form again shows the same week in the weekday fields.
    html = client.get(f"/admin/c/{commune.slug}/directory/{entry.id}").get_data(as_text=True)
    assert 'name="mo_2_start" type="time" value="14:00"' in html or 'value="14:00"' in html
    assert "Fermeture de fin d&#39;année" in html or "Fermeture de fin d'année" in html


def test_a_closing_time_without_an_opening_time_names_the_field(client, clerk, commune):
    data = FORM | {"mo_1_end": "12:00"}
    response = post_form(client, f"/admin/c/{commune.slug}/directory/new", data)
    assert response.status_code == 400
    assert 'id="mo_1_start-error"' in response.get_data(as_text=True)


def test_the_town_hall_entry_comes_from_the_commune_record(database, commune):
    with database.unit_of_work() as session:
        entry = ensure_town_hall(session, session.merge(commune))
    assert entry is not None
    [stored] = _entries(database)
    assert stored.is_town_hall and stored.category == "mairie"
    assert stored.name == "Mairie d'Aurignac"
    assert stored.phones == ["+33561001028"] and stored.email == "mairie@aurignac.test"
    assert (stored.street, stored.postal_code, stored.town) == (
        "Place de la Mairie",
        "31420",
        "Aurignac",
    )
    assert stored.published_revision_id is not None
    with database.unit_of_work() as session:  # idempotent
        assert ensure_town_hall(session, session.merge(commune)) is None
        assert town_hall(session, session.merge(commune)).id == stored.id


def test_a_record_with_a_malformed_phone_still_gets_its_town_hall(database, make_commune):
    commune = make_commune(town_hall_phone="not a phone", town_hall_email="nope")
    with database.unit_of_work() as session:
        entry = ensure_town_hall(session, session.merge(commune))
        assert entry.phones == [] and entry.email == ""


def test_check_entry_normalises_without_writing():
    values = check_entry(
        EntryDraft(name="  École  ", category="ecoles", phones="05 61 00 00 01\n05 61 00 00 01")
    )
    assert values["name"] == "École" and values["phones"] == ["+33561000001"]
    with pytest.raises(DomainError):
        check_entry(EntryDraft(name="École", category="ecoles", hours="Mo 25:00-26:00 nonsense"))
