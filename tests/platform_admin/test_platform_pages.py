"""The IT team's web pages: the fleet of communes and the onboarding form."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import Commune
from tests.conftest import post_form


def _communes(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Commune))


def test_onboarding_form_previews_then_creates(client, login, make_user, database, settings):
    make_user("it@metropole.test", admin=True)
    login("it@metropole.test")
    preview = post_form(client, "/admin/platform/communes/new", {"insee": "11076"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Castelnaudary" in html and "11400" in html and "castelnaudary" in html
    assert _communes(database) == 0  # a preview writes nothing
    assert not (settings.communes_dir / "castelnaudary.toml").exists()

    created = post_form(client, "/admin/platform/communes/new", {"insee": "11076", "confirm": "1"})
    assert created.status_code == 302
    assert created.headers["Location"].endswith("/admin/platform/invite?commune=castelnaudary")
    assert _communes(database) == 1
    assert (settings.communes_dir / "castelnaudary.toml").exists()

    fleet = client.get("/admin/platform/communes").get_data(as_text=True)
    assert "Castelnaudary" in fleet and "11076" in fleet and "jamais" in fleet


def test_bad_insee_code_is_explained_and_the_form_kept(client, login, make_user, database):
    make_user("it@metropole.test", admin=True)
    login("it@metropole.test")
    for code in ("99999", "1107A"):
        response = post_form(
            client, "/admin/platform/communes/new", {"insee": code, "slug": "ma-commune"}
        )
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert f'value="{code}"' in html and 'value="ma-commune"' in html
        assert 'class="error"' in html
    assert _communes(database) == 0


def test_fleet_shows_publication_state(client, login, make_user, make_commune, database):
    from app.builds.services import request_build

    failing = make_commune(slug="aurignac", name="Aurignac", theme="missing-theme")
    with database.unit_of_work() as session:
        request_build(session, session.get(Commune, failing.id))
    make_user("it@metropole.test", admin=True)
    login("it@metropole.test")
    html = client.get("/admin/platform/communes").get_data(as_text=True)
    assert "Aurignac" in html and "échec" in html
