"""The intercommunality's waste-collection screens: forms that say what is wrong next to
the field, publishers only, nobody else's zones."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from app.models import Build, BuildStatus, WasteRound, WasteZone
from tests.conftest import post_form
from tests.waste.conftest import queued_sites

BASE = "/admin/e/cc-comminges/waste"
FRIDAY_ROUND = {
    "stream": "menagers",
    "recurrence": "weekly",
    "weekday": "4",
    "every_weeks": "1",
    "holiday_rule": "next_day",
}


@pytest.fixture
def agent(client, login, territory):
    login("agent@cc-comminges.test")
    return client


def _new_zone(client, territory, name="Aurignac – centre bourg", communes=("aurignac",)):
    ids = [str(getattr(territory, slug).id) for slug in communes]
    return post_form(client, f"{BASE}/zones/new", {"name": name, "communes": ids})


def _zone_id(database) -> int:
    with database.session() as session:
        return session.scalar(select(WasteZone.id).order_by(WasteZone.id.desc()))


def _count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _error(html: str, field: str) -> str:
    """The text of the error shown under ``field`` ("" if none)."""
    match = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    return match.group(1) if match else ""


def _textarea(html: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]* name="{name}"[^>]*>(?:\r?\n)?([^<]*)</textarea>', html)
    return unescape(match.group(1)) if match else ""


def test_an_agent_sets_up_a_zone_and_its_friday_round(agent, territory, database, no_build_runs):
    index = agent.get(f"{BASE}/").get_data(as_text=True)
    assert f'href="{BASE}/"' in index  # the menu of the intercommunality's space
    form = agent.get(f"{BASE}/zones/new").get_data(as_text=True)
    for commune in ("Aurignac", "Boulogne", "L&#39;Isle"):
        assert commune in form
    assert "Gamma" not in form  # a commune of another intercommunality is never offered
    response = _new_zone(agent, territory, communes=("aurignac", "boulogne"))
    assert response.status_code == 302, response.get_data(as_text=True)
    zone_id = _zone_id(database)
    response = post_form(agent, f"{BASE}/zones/{zone_id}/rounds/new", FRIDAY_ROUND)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"{BASE}/#zone-{zone_id}")
    listing = agent.get(f"{BASE}/").get_data(as_text=True)
    assert "Aurignac – centre bourg" in listing and "Aurignac, Boulogne" in listing
    assert "Ordures ménagères" in listing and "Rattrapée le lendemain" in listing
    assert queued_sites(database) == ["aurignac", "boulogne", "cc-comminges"]


def test_a_weekly_round_without_its_day_is_refused_next_to_the_day(
    agent, territory, database, no_build_runs
):
    _new_zone(agent, territory)
    typed = FRIDAY_ROUND | {"weekday": "", "overrides": "01/01/2027 annulée"}
    response = post_form(agent, f"{BASE}/zones/{_zone_id(database)}/rounds/new", typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _error(html, "weekday") == "Choisissez le jour de la semaine de la collecte."
    assert 'aria-describedby="weekday-error"' in html and 'aria-invalid="true"' in html
    assert "01/01/2027 annulée" in html  # what was typed is kept
    assert _count(database, WasteRound) == 0


def test_a_three_week_rhythm_is_refused(agent, territory, database, no_build_runs):
    _new_zone(agent, territory)
    typed = FRIDAY_ROUND | {"every_weeks": "3", "reference_date": "2026-12-04"}
    response = post_form(agent, f"{BASE}/zones/{_zone_id(database)}/rounds/new", typed)
    assert response.status_code == 400
    assert _error(response.get_data(as_text=True), "every_weeks").startswith(
        "Une tournée passe chaque semaine ou une semaine sur deux"
    )
    assert _count(database, WasteRound) == 0


@pytest.mark.parametrize(
    ("typed", "field", "quoted"),
    [
        ({"recurrence": "dates", "dates": "06/01/2027\n32/13/2027"}, "dates", "32/13/2027"),
        ({"overrides": "25/12/2026 demain"}, "overrides", "25/12/2026 demain"),
        ({"overrides": "25/12/2026 -> 26/12/2026"}, "overrides", ""),  # a Friday
    ],
)
def test_unreadable_or_impossible_dates_are_refused_on_their_field(
    agent, territory, database, no_build_runs, typed, field, quoted
):
    _new_zone(agent, territory)
    round_ = FRIDAY_ROUND | {"weekday": "3"} | typed  # on Thursdays
    response = post_form(agent, f"{BASE}/zones/{_zone_id(database)}/rounds/new", round_)
    assert response.status_code == 400
    message = _error(response.get_data(as_text=True), field)
    assert message
    assert (f"« {quoted} »" if quoted else "25/12/2026") in message
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_round_on_dates_with_changes_is_stored_and_shown_again(
    agent, territory, database, no_build_runs
):
    _new_zone(agent, territory)
    round_ = FRIDAY_ROUND | {
        "stream": "vegetaux",
        "recurrence": "dates",
        "dates": "06/01/2027, 03/02/2027\n2027-03-03",
        "overrides": "06/01/2027 → 07/01/2027\n03/02/2027 annulée",
        "starts_on": "01/01/2027",
    }
    response = post_form(agent, f"{BASE}/zones/{_zone_id(database)}/rounds/new", round_)
    assert response.status_code == 302, response.get_data(as_text=True)
    with database.session() as session:
        row = session.scalar(select(WasteRound))
        assert row.dates == ["2027-01-06", "2027-02-03", "2027-03-03"]
        assert row.overrides == [["2027-01-06", "2027-01-07"], ["2027-02-03", None]]
    html = agent.get(f"{BASE}/rounds/{row.id}").get_data(as_text=True)
    assert _textarea(html, "dates") == "06/01/2027\n03/02/2027\n03/03/2027"
    shown = _textarea(html, "overrides")
    assert shown.startswith("06/01/2027 -> 07/01/2027\n03/02/2027 ")  # then "annulée"
    assert 'value="2027-01-01"' in html  # first day, in the date input's own format
    again = round_ | {"overrides": shown, "starts_on": "2027-01-01"}
    assert post_form(agent, f"{BASE}/rounds/{row.id}", again).status_code == 302
    with database.session() as session:
        assert session.scalar(select(WasteRound)).overrides == row.overrides
    assert "Végétaux" in agent.get(f"{BASE}/").get_data(as_text=True)


def test_a_zone_cannot_take_a_commune_of_another_intercommunality(
    agent, territory, database, no_build_runs
):
    response = _new_zone(agent, territory, "Voisins", ("aurignac", "gamma"))
    assert response.status_code == 400
    assert _error(response.get_data(as_text=True), "communes")
    assert _count(database, WasteZone) == 0
    assert queued_sites(database) == []


def test_a_zone_needs_a_name_and_a_commune(agent, territory, database, no_build_runs):
    response = post_form(agent, f"{BASE}/zones/new", {"name": "Nord"})
    assert response.status_code == 400
    assert _error(response.get_data(as_text=True), "communes")
    assert 'value="Nord"' in response.get_data(as_text=True)
    response = _new_zone(agent, territory, "")
    assert response.status_code == 400
    assert _error(response.get_data(as_text=True), "name")


def test_deleting_a_round_and_a_zone_with_their_forms(agent, territory, database, no_build_runs):
    _new_zone(agent, territory)
    zone_id = _zone_id(database)
    post_form(agent, f"{BASE}/zones/{zone_id}/rounds/new", FRIDAY_ROUND)
    with database.session() as session:
        round_id = session.scalar(select(WasteRound.id))
    page = agent.get(f"{BASE}/rounds/{round_id}").get_data(as_text=True)
    assert f'action="{BASE}/rounds/{round_id}/delete"' in page
    with database.unit_of_work() as session:
        session.execute(Build.__table__.delete().where(Build.status == BuildStatus.QUEUED))
    assert post_form(agent, f"{BASE}/rounds/{round_id}/delete").status_code == 302
    assert _count(database, WasteRound) == 0
    assert queued_sites(database) == ["aurignac", "cc-comminges"]
    post_form(agent, f"{BASE}/zones/{zone_id}/rounds/new", FRIDAY_ROUND)
    response = post_form(agent, f"{BASE}/zones/{zone_id}/delete")
    assert response.status_code == 302
    assert (_count(database, WasteZone), _count(database, WasteRound)) == (0, 0)


def test_editors_read_the_calendar_but_change_nothing(
    app, client, login, territory, database, no_build_runs
):
    agent = app.test_client()
    login("agent@cc-comminges.test", client=agent)
    _new_zone(agent, territory)
    zone_id = _zone_id(database)
    post_form(agent, f"{BASE}/zones/{zone_id}/rounds/new", FRIDAY_ROUND)
    with database.session() as session:
        round_id = session.scalar(select(WasteRound.id))
    login("editor@cc-comminges.test")
    listing = client.get(f"{BASE}/")
    assert listing.status_code == 200
    assert f'href="{BASE}/zones/new"' not in listing.get_data(as_text=True)
    assert client.get(f"{BASE}/rounds/{round_id}").status_code == 200
    for url, data in (
        (f"{BASE}/zones/new", {"name": "Nord", "communes": [str(territory.isle.id)]}),
        (f"{BASE}/zones/{zone_id}", {"name": "Renommée", "communes": [str(territory.isle.id)]}),
        (f"{BASE}/zones/{zone_id}/rounds/new", FRIDAY_ROUND),
        (f"{BASE}/rounds/{round_id}", FRIDAY_ROUND | {"stream": "verre"}),
        (f"{BASE}/rounds/{round_id}/delete", {}),
        (f"{BASE}/zones/{zone_id}/delete", {}),
    ):
        assert post_form(client, url, data).status_code == 403, url
    with database.session() as session:
        zone = session.get(WasteZone, zone_id)
        assert zone.name == "Aurignac – centre bourg"
        assert [row.stream for row in zone.rounds] == ["menagers"]
        assert session.scalar(select(func.count()).select_from(WasteZone)) == 1


def test_commune_members_and_other_intercommunalities_cannot_reach_the_screens(
    app, client, login, territory, database, no_build_runs
):
    agent = app.test_client()
    login("agent@cc-comminges.test", client=agent)
    _new_zone(agent, territory)
    zone_id = _zone_id(database)
    login("clerk@aurignac.test")
    assert client.get(f"{BASE}/").status_code == 403
    assert f"{BASE}/" not in client.get("/admin/c/aurignac/").get_data(as_text=True)
    neighbour = app.test_client()
    login("agent@cc-voisine.test", client=neighbour)
    assert neighbour.get(f"{BASE}/zones/{zone_id}").status_code == 403
    own = "/admin/e/cc-voisine/waste"
    assert neighbour.get(f"{own}/zones/{zone_id}").status_code == 404
    assert post_form(neighbour, f"{own}/zones/{zone_id}/delete").status_code == 404
    assert _count(database, WasteZone) == 1
