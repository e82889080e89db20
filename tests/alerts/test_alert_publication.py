"""An alert from the clerk's form to the residents' pages: published at once or at its
start, gone after its end; an intercommunality's alert on every member site."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from app.builds.snapshot import load_site_content
from app.config import PROJECT_ROOT
from app.models import Alert, Commune, Intercommunality, Membership, Role
from app.publishing.pipeline import build_site
from tests.alerts.helpers import BANNER, alert_form, in_hours, local, site_pages
from tests.conftest import post_form, put_sites_online

NEW = "/admin/c/aurignac/alerts/new"
MESSAGE = "Route de la Forêt barrée pour travaux"


def _site(database, settings, slug, at=None):
    with database.session() as session:
        owner = session.scalar(select(Commune).where(Commune.slug == slug)) or session.scalar(
            select(Intercommunality).where(Intercommunality.slug == slug)
        )
        return load_site_content(session, settings, owner, at=at)


def _build_at(content, site_dir, at) -> dict[str, str]:
    """The site as a build started at ``at`` writes it."""
    build_site(
        content,
        site_dir=site_dir,
        release_name="r1",
        themes_dir=PROJECT_ROOT / "themes",
        translations_dir=PROJECT_ROOT / "translations",
        now=at,
    )
    return site_pages(site_dir / "live")


@pytest.fixture
def aurignac(commune, publisher, database, publish_pages):
    publish_pages(database, commune, {"Horaires de la mairie": "Ouverte le lundi."})
    return commune


def test_a_published_alert_shows_on_every_page_of_the_live_site(
    client, login, aurignac, publisher, settings
):
    login(publisher.email)
    assert post_form(client, NEW, alert_form(publish="1")).status_code == 302
    pages = site_pages(settings.sites_dir / "aurignac" / "live")
    assert {"index.html", "horaires-de-la-mairie/index.html", "annuaire/index.html"} <= set(pages)
    for name, html in pages.items():
        assert html.count(BANNER) == 1 and MESSAGE in html, name


def test_an_alert_starting_later_is_on_the_sites_built_after_its_start(
    client, login, aurignac, publisher, database, settings, tmp_path
):
    login(publisher.email)
    start = in_hours(3)
    form = alert_form(publish_at=local(start), unpublish_at=local(start + timedelta(days=1)))
    assert post_form(client, NEW, form | {"publish": "1"}).status_code == 302
    live = site_pages(settings.sites_dir / "aurignac" / "live")
    assert [name for name, html in live.items() if MESSAGE in html] == []
    assert _site(database, settings, "aurignac").alerts == ()
    later = start + timedelta(minutes=1)
    [shown] = _site(database, settings, "aurignac", at=later).alerts
    assert shown.starts_at == start and shown.level == "vigilance"
    pages = _build_at(_site(database, settings, "aurignac", at=later), tmp_path / "later", later)
    assert all(MESSAGE in html for html in pages.values())


def test_an_alert_is_gone_from_the_sites_built_after_its_end(
    client, login, aurignac, publisher, database, settings, tmp_path
):
    login(publisher.email)
    end = in_hours(2)
    assert (
        post_form(client, NEW, alert_form(unpublish_at=local(end), publish="1")).status_code == 302
    )
    assert len(_site(database, settings, "aurignac").alerts) == 1
    after = end + timedelta(minutes=1)
    content = _site(database, settings, "aurignac", at=after)
    assert content.alerts == ()
    pages = _build_at(content, tmp_path / "after", after)
    assert [name for name, html in pages.items() if BANNER in html] == []
    # Even a snapshot still holding it (a build started just before the end, rendered
    # after it) leaves it out.
    before = _site(database, settings, "aurignac", at=end - timedelta(minutes=1))
    pages = _build_at(before, tmp_path / "late", after)
    assert [name for name, html in pages.items() if BANNER in html] == []


def test_the_preview_shows_the_draft_as_the_only_alert(client, login, aurignac, editor, database):
    login(editor.email)
    post_form(client, NEW, alert_form(message="Une autre alerte", save="1"))
    draft = alert_form(message="Coupure d'eau rue Haute", level="urgence", link="/travaux/")
    response = post_form(client, "/admin/c/aurignac/alerts/preview", draft)
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert html.count("Coupure d'eau rue Haute") == 2  # the banner and the alerts page
    assert "Une autre alerte" not in html
    assert BANNER in html and "<strong>Urgence\u00a0:</strong>" in html
    assert 'href="http://127.0.0.1:8000/aurignac/travaux/"' in html
    assert "preview-banner" in html
    with database.session() as session:
        assert [a.message for a in session.scalars(select(Alert))] == ["Une autre alerte"]


@pytest.fixture
def epci(database, make_commune, make_user):
    """CC du Comminges with two member sites online, an agent, and a clerk in Aurignac."""
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-comminges", name="CC du Comminges",
                                kind="CC")  # fmt: skip
        session.add(epci)
    aurignac = make_commune(slug="aurignac", name="Aurignac", intercommunality_id=epci.id)
    make_commune(slug="boulogne", name="Boulogne", intercommunality_id=epci.id)
    agent = make_user("agent@cc-comminges.test")
    with database.unit_of_work() as session:
        session.add(Membership(user_id=agent.id, intercommunality_id=epci.id, role="publisher"))
    make_user("clerk@aurignac.test", commune=aurignac, role=Role.PUBLISHER)
    put_sites_online(database, "aurignac", "boulogne")
    return epci


def test_an_intercommunality_alert_shows_on_every_member_site(
    client, login, epci, database, settings
):
    login("agent@cc-comminges.test")
    form = alert_form(level="urgence", link="https://www.cc-comminges.fr/eau/", publish="1")
    response = post_form(client, "/admin/e/cc-comminges/alerts/new", form)
    assert response.status_code == 302
    for slug in ("aurignac", "boulogne"):
        [shared] = _site(database, settings, slug).alerts
        assert shared.provided_by == "CC du Comminges" and shared.message == MESSAGE
        pages = site_pages(settings.sites_dir / slug / "live")
        assert {"index.html", "annuaire/index.html", "alertes/index.html"} <= set(pages)
        for name, html in pages.items():
            assert MESSAGE in html and "Communiqué par CC du Comminges" in html, (slug, name)
    own = (settings.sites_dir / "cc-comminges" / "live" / "index.html").read_text()
    assert MESSAGE in own and "Communiqué par" not in own


def test_a_member_commune_hides_an_intercommunality_alert(client, login, epci, database, settings):
    login("agent@cc-comminges.test")
    post_form(client, "/admin/e/cc-comminges/alerts/new", alert_form(publish="1"))
    with database.session() as session:
        shared = session.scalar(select(Alert))
    clerk = client.application.test_client()
    login("clerk@aurignac.test", client=clerk)
    listing = clerk.get("/admin/c/aurignac/alerts/").get_data(as_text=True)
    assert "Partagé par CC du Comminges" in listing and MESSAGE in listing
    assert post_form(clerk, f"/admin/c/aurignac/shared/alert/{shared.id}/hide").status_code == 302
    assert _site(database, settings, "aurignac").alerts == ()
    home = (settings.sites_dir / "aurignac" / "live" / "index.html").read_text()
    assert MESSAGE not in home
    assert MESSAGE in (settings.sites_dir / "boulogne" / "live" / "index.html").read_text()


def test_a_member_commune_shows_its_own_alerts_and_the_intercommunalitys(
    client, login, epci, database, settings
):
    login("agent@cc-comminges.test")
    post_form(client, "/admin/e/cc-comminges/alerts/new", alert_form(publish="1"))
    clerk = client.application.test_client()
    login("clerk@aurignac.test", client=clerk)
    own = alert_form(message="Fête de la Saint-Jean annulée", level="information", publish="1")
    assert post_form(clerk, NEW, own).status_code == 302
    alerts = _site(database, settings, "aurignac").alerts
    assert sorted((a.message, a.provided_by) for a in alerts) == [
        ("Fête de la Saint-Jean annulée", ""),
        (MESSAGE, "CC du Comminges"),
    ]
    home = (settings.sites_dir / "aurignac" / "live" / "index.html").read_text()
    assert "Fête de la Saint-Jean annulée" in home and MESSAGE in home
