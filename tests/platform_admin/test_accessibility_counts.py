"""Platform administrators see, per commune, the accessibility problems left in the
working copies of every content type."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import event, select

from app.content.kinds import CONTENT_KINDS
from app.models import Intercommunality, NewsItem, Page, Role
from app.platform_admin.fleet import fleet_overview
from tests.conftest import post_form


def _add(database, *items) -> None:
    with database.unit_of_work() as session:
        session.add_all(items)


def _counts(database, epci=None) -> dict[str, int]:
    with database.session() as session:
        return {
            row.commune.slug: row.accessibility_problems for row in fleet_overview(session, epci)
        }


def test_problems_are_summed_over_every_content_type(database, make_commune):
    aurignac, boussan = make_commune(slug="aurignac"), make_commune(slug="boussan")
    make_commune(slug="cassagne")
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-comminges", name="CC", kind="CC")
        session.add(epci)
    _add(
        database,
        Page(commune_id=aurignac.id, title="Mairie", slug="mairie", accessibility_problems=2),
        Page(commune_id=aurignac.id, title="École", slug="ecole", accessibility_problems=1),
        NewsItem(
            commune_id=aurignac.id,
            title="Fête",
            slug="fete",
            news_date=date(2026, 6, 21),
            accessibility_problems=4,
        ),
        Page(commune_id=boussan.id, title="Mairie", slug="mairie", accessibility_problems=0),
        # An intercommunality's text counts for no commune.
        Page(intercommunality_id=epci.id, title="CC", slug="cc", accessibility_problems=5),
    )
    assert _counts(database) == {"aurignac": 7, "boussan": 0, "cassagne": 0}


def test_the_counts_of_an_intercommunality_cover_its_members_only(database, make_commune):
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-comminges", name="CC", kind="CC")
        session.add(epci)
    member = make_commune(slug="aurignac", intercommunality_id=epci.id)
    outsider = make_commune(slug="toulouse")
    _add(
        database,
        Page(commune_id=member.id, title="Mairie", slug="mairie", accessibility_problems=3),
        Page(commune_id=outsider.id, title="Mairie", slug="mairie", accessibility_problems=9),
    )
    assert _counts(database, epci) == {"aurignac": 3}


def test_the_number_of_queries_does_not_grow_with_the_communes(database, make_commune):
    def statements() -> int:
        seen = []
        with database.session() as session:
            listener = lambda *args: seen.append(args[2])  # noqa: E731 - (conn, cursor, statement, …)
            engine = session.get_bind()
            event.listen(engine, "before_cursor_execute", listener)
            try:
                fleet_overview(session)
            finally:
                event.remove(engine, "before_cursor_execute", listener)
        return len([statement for statement in seen if statement.startswith("SELECT")])

    first = make_commune()
    _add(database, Page(commune_id=first.id, title="A", slug="a", accessibility_problems=1))
    one_commune = statements()
    assert one_commune == 1 + len(CONTENT_KINDS)  # the fleet, then one grouped query per type
    for _ in range(5):
        commune = make_commune()
        _add(database, Page(commune_id=commune.id, title="A", slug="a", accessibility_problems=1))
    assert statements() == one_commune


def test_the_fleet_screen_shows_the_count_after_a_clerk_saves(
    client, login, make_user, make_commune, database
):
    aurignac = make_commune(slug="aurignac", name="Aurignac")
    make_user("mairie@aurignac.test", commune=aurignac, role=Role.PUBLISHER)
    login("mairie@aurignac.test")
    text = "### Horaires\n\nPour le menu, [cliquez ici](/cantine/).\n"
    response = post_form(client, "/admin/c/aurignac/pages/new", {"title": "Mairie", "body": text})
    assert response.status_code == 302
    with database.session() as session:
        assert session.scalar(select(Page.accessibility_problems)) == 2

    make_user("it@metropole.test", admin=True)
    admin = client.application.test_client()
    login("it@metropole.test", client=admin)
    html = admin.get("/admin/platform/communes").get_data(as_text=True)
    cell = re.search(r'<td data-label="([^"]+)" class="accessibility-count">(\d+)</td>', html)
    assert cell is not None and cell.group(2) == "2"
