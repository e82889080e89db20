"""The clerk's dashboard says what state the site is in."""

from __future__ import annotations

import re

import pytest

from app.builds.services import request_build
from app.models import Build, BuildStatus, Commune, Role


@pytest.fixture
def clerk(make_commune, make_user, login):
    commune = make_commune(slug="aurignac", name="Aurignac")
    make_user("clerk@aurignac.test", commune=commune, role=Role.EDITOR)
    login("clerk@aurignac.test")
    return commune


def _dashboard(client) -> str:
    return client.get("/admin/c/aurignac/").get_data(as_text=True)


def test_nothing_published_yet(client, clerk):
    assert 'data-state="never"' in _dashboard(client)


def test_publication_in_progress_refreshes_itself(client, clerk, database, queued_database):
    with queued_database.unit_of_work() as session:
        request_build(session, session.get(Commune, clerk.id))
    html = _dashboard(client)
    assert 'data-state="building"' in html and "Publication en cours" in html
    assert '<meta http-equiv="refresh"' in html


def test_live_since_a_time_of_day(client, clerk, database):
    with database.unit_of_work() as session:
        request_build(session, session.get(Commune, clerk.id))  # immediate queue: built now
    html = _dashboard(client)
    assert re.search(r"En ligne depuis \d\d:\d\d:\d\d", html)
    assert '<meta http-equiv="refresh"' not in html


def test_a_failed_build_shows_its_error(client, clerk, database):
    with database.unit_of_work() as session:
        session.add(
            Build(commune_id=clerk.id, status=BuildStatus.FAILED, error="Le thème est cassé.")
        )
    html = _dashboard(client)
    assert 'data-state="failed"' in html and "Le thème est cassé." in html
