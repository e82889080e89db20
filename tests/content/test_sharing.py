"""An intercommunality is a tenant with its own site; its directory entries show on every
member commune's site, marked as provided by it; a commune may hide one; one edit
republishes every member site."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.builds.snapshot import load_site_content
from app.models import (
    AuditEntry,
    Build,
    BuildStatus,
    Commune,
    DirectoryEntry,
    Intercommunality,
    Membership,
    Release,
    Role,
)
from app.models.base import utcnow
from tests.conftest import post_form, put_sites_online

SHARED = {
    "name": "Déchèterie intercommunale",
    "category": "dechets",
    "phones": "05 61 00 90 90",
    "we_1_start": "09:00",
    "we_1_end": "12:00",
    "sa_1_start": "09:00",
    "sa_1_end": "17:00",
    "hours_closed_on_holidays": "y",
}


@pytest.fixture
def epci(database, make_commune, make_user):
    """CC du Comminges with three member communes, an agent, and a clerk in Aurignac."""
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-comminges", name="CC du Comminges",
                                kind="CC")  # fmt: skip
        session.add(epci)
    for slug, name in (("aurignac", "Aurignac"), ("boulogne", "Boulogne"), ("isle", "L'Isle")):
        make_commune(slug=slug, name=name, intercommunality_id=epci.id)
    agent = make_user("agent@cc-comminges.test")
    editor = make_user("editor@cc-comminges.test")
    with database.unit_of_work() as session:
        session.add(Membership(user_id=agent.id, intercommunality_id=epci.id, role="publisher"))
        session.add(Membership(user_id=editor.id, intercommunality_id=epci.id, role="editor"))
    aurignac = _commune(database, "aurignac")
    make_user("clerk@aurignac.test", commune=aurignac, role=Role.PUBLISHER)
    put_sites_online(database, "aurignac", "boulogne", "isle")
    make_user("helper@aurignac.test", commune=aurignac, role=Role.EDITOR)
    return epci


def _commune(database, slug):
    with database.session() as session:
        return session.scalar(select(Commune).where(Commune.slug == slug))


def _site(database, settings, slug):
    with database.session() as session:
        owner = session.scalar(select(Commune).where(Commune.slug == slug)) or session.scalar(
            select(Intercommunality).where(Intercommunality.slug == slug)
        )
        return load_site_content(session, settings, owner)


def _queued_sites(database):
    with database.session() as session:
        builds = session.scalars(select(Build).where(Build.status == BuildStatus.QUEUED))
        return sorted(b.site_owner.slug for b in builds)


@pytest.fixture
def no_build_runs(settings, monkeypatch):
    """Keep builds waiting, to look at what was requested."""
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)


def test_a_shared_entry_appears_on_every_member_site(
    client, login, epci, database, settings, no_build_runs
):
    login("agent@cc-comminges.test")
    response = post_form(client, "/admin/e/cc-comminges/directory/new", SHARED | {"publish": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    # One coalesced build per member site, and one for the intercommunality's own site.
    assert _queued_sites(database) == ["aurignac", "boulogne", "cc-comminges", "isle"]
    for slug in ("aurignac", "boulogne", "isle"):
        [entry] = [e for e in _site(database, settings, slug).entries if not e.is_town_hall]
        assert entry.name == "Déchèterie intercommunale"
        assert entry.provided_by == "CC du Comminges"
        assert entry.phones == ("+33561009090",)
    [own] = _site(database, settings, "cc-comminges").entries
    assert own.provided_by == ""  # on its own site, it is simply its entry


def test_an_intercommunalitys_pages_rebuild_only_its_own_site(
    client, login, epci, database, settings, no_build_runs
):
    login("agent@cc-comminges.test")
    page = {"title": "Compétences", "body": "Déchets, voirie, petite enfance.", "publish": "1"}
    assert post_form(client, "/admin/e/cc-comminges/pages/new", page).status_code == 302
    assert _queued_sites(database) == ["cc-comminges"]
    assert _site(database, settings, "aurignac").pages == ()
    [own] = _site(database, settings, "cc-comminges").pages
    assert own.title == "Compétences"


def test_a_commune_hides_a_shared_entry_and_shows_it_again(
    client, login, epci, database, settings, no_build_runs
):
    agent = client
    login("agent@cc-comminges.test")
    post_form(agent, "/admin/e/cc-comminges/directory/new", SHARED | {"publish": "1"})
    with database.session() as session:
        entry_id = session.scalar(select(DirectoryEntry.id))
    clerk = agent.application.test_client()
    login("clerk@aurignac.test", client=clerk)
    listing = clerk.get("/admin/c/aurignac/directory/").get_data(as_text=True)
    assert "Partagé par CC du Comminges" in listing and "Masquer sur mon site" in listing
    url = f"/admin/c/aurignac/shared/directory_entry/{entry_id}"
    assert post_form(clerk, f"{url}/hide").status_code == 302
    assert [e.name for e in _site(database, settings, "aurignac").entries] == []
    assert len(_site(database, settings, "boulogne").entries) == 1  # other members unchanged
    assert post_form(clerk, f"{url}/show").status_code == 302
    assert len(_site(database, settings, "aurignac").entries) == 1
    with database.session() as session:
        actions = list(
            session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("shared.%")))
        )
    assert actions == ["shared.hidden", "shared.shown"]


def test_an_editor_of_the_commune_cannot_hide_a_shared_entry(
    client, login, epci, database, settings, no_build_runs
):
    login("agent@cc-comminges.test")
    post_form(client, "/admin/e/cc-comminges/directory/new", SHARED | {"publish": "1"})
    with database.session() as session:
        entry_id = session.scalar(select(DirectoryEntry.id))
    helper = client.application.test_client()
    login("helper@aurignac.test", client=helper)
    url = f"/admin/c/aurignac/shared/directory_entry/{entry_id}/hide"
    assert post_form(helper, url).status_code == 403
    assert len(_site(database, settings, "aurignac").entries) == 1


def test_an_intercommunality_editor_drafts_but_cannot_publish(
    client, login, epci, database, no_build_runs
):
    login("editor@cc-comminges.test")
    response = post_form(client, "/admin/e/cc-comminges/directory/new", SHARED | {"publish": "1"})
    assert response.status_code == 403
    assert _queued_sites(database) == []


def test_a_shared_entry_never_takes_a_communes_own_address(
    client, login, epci, database, settings, no_build_runs
):
    login("clerk@aurignac.test")
    own = {"name": "Déchèterie intercommunale", "category": "dechets", "publish": "1"}
    assert post_form(client, "/admin/c/aurignac/directory/new", own).status_code == 302
    agent = client.application.test_client()
    login("agent@cc-comminges.test", client=agent)
    post_form(agent, "/admin/e/cc-comminges/directory/new", SHARED | {"publish": "1"})
    slugs = sorted(e.slug for e in _site(database, settings, "aurignac").entries)
    assert slugs == ["decheterie-intercommunale", "decheterie-intercommunale-intercommunalite"]


def test_the_intercommunality_site_lists_its_members(database, settings, epci):
    site = _site(database, settings, "cc-comminges")
    assert site.is_intercommunality and site.siren == "200072643"
    assert [m.name for m in site.members] == ["Aurignac", "Boulogne", "L'Isle"]
    assert site.members[0].url == "http://127.0.0.1:8000/aurignac/"
    assert not any(m.online for m in site.members)  # nothing built yet


def test_the_dashboard_counts_member_sites_online_and_names_failures(client, login, epci, database):
    with database.unit_of_work() as session:
        communes = {c.slug: c for c in session.scalars(select(Commune))}
        session.add(Build(commune_id=communes["aurignac"].id, status=BuildStatus.SUCCEEDED))
        session.add(
            Build(commune_id=communes["isle"].id, status=BuildStatus.FAILED, error="Thème cassé.")
        )
    login("agent@cc-comminges.test")
    html = client.get("/admin/e/cc-comminges/").get_data(as_text=True)
    assert "2 sur 3 en ligne" in html
    assert "1 échec : L&#39;Isle" in html or "1 échec : L'Isle" in html
    assert "Thème cassé." in html


def test_one_shared_edit_republishes_every_member_site_but_the_one_that_hid_it(
    client, login, epci, database, settings
):
    """Builds run for real here (the test queue runs tasks at once)."""
    login("agent@cc-comminges.test")
    post_form(client, "/admin/e/cc-comminges/directory/new", SHARED | {"publish": "1"})
    with database.session() as session:
        entry = session.scalar(select(DirectoryEntry))
    clerk = client.application.test_client()
    login("clerk@aurignac.test", client=clerk)
    post_form(clerk, f"/admin/c/aurignac/shared/directory_entry/{entry.id}/hide")

    edit = SHARED | {"we_1_start": "14:00", "we_1_end": "18:00", "version": str(entry.version)}
    response = post_form(
        client, f"/admin/e/cc-comminges/directory/{entry.id}", edit | {"publish": "1"}
    )
    assert response.status_code == 302

    page = "live/annuaire/decheterie-intercommunale/index.html"
    for slug in ("boulogne", "isle", "cc-comminges"):
        html = (settings.sites_dir / slug / page).read_text(encoding="utf-8")
        assert "14\u00a0h\u00a0– 18\u00a0h" in html, slug
        assert "9\u00a0h\u00a0– 12\u00a0h</td>" not in html.split("Samedi")[0], slug
    assert "Un service de : CC du Comminges" in (settings.sites_dir / "isle" / page).read_text()
    assert not (settings.sites_dir / "aurignac" / page).exists()
    home = (settings.sites_dir / "cc-comminges" / "live" / "index.html").read_text()
    assert "Les communes membres" in home and 'href="http://127.0.0.1:8000/boulogne/"' in home
    legal = settings.sites_dir / "cc-comminges" / "live" / "mentions-legales" / "index.html"
    assert "SIREN 200072643" in legal.read_text()


def test_the_intercommunality_publishes_the_whole_territorys_directory_as_open_data(
    client, login, epci, database, settings, no_build_runs
):
    import csv
    import io
    import json

    from app.publishing.open_data import open_data_files

    login("agent@cc-comminges.test")
    post_form(client, "/admin/e/cc-comminges/directory/new", SHARED | {"publish": "1"})
    clerk = client.application.test_client()
    login("clerk@aurignac.test", client=clerk)
    school = {"name": "École publique", "category": "ecoles", "publish": "1"}
    assert post_form(clerk, "/admin/c/aurignac/directory/new", school).status_code == 302

    files = open_data_files(_site(database, settings, "cc-comminges"))
    rows = list(csv.DictReader(io.StringIO(files["donnees/annuaire.csv"].decode())))
    assert sorted((row["COLL_NOM"], row["EQUIP_NOM"]) for row in rows) == [
        ("Aurignac", "École publique"),
        ("CC du Comminges", "Déchèterie intercommunale"),
    ]
    document = json.loads(files["donnees/annuaire.json"])
    assert document["producteur"]["siren"] == "200072643"
    school_record = next(f for f in document["fiches"] if f["nom"] == "École publique")
    assert school_record["url"] == "http://127.0.0.1:8000/aurignac/annuaire/ecole-publique/"
    # A member's own file covers its site only: its entries and the shared ones it shows.
    member = open_data_files(_site(database, settings, "boulogne"))["donnees/annuaire.csv"]
    assert "École publique" not in member.decode() and "Déchèterie" in member.decode()


def test_an_intercommunality_edit_never_puts_an_offline_member_site_online(
    client, login, epci, database, make_commune, no_build_runs
):
    with database.session() as session:
        epci_id = session.scalar(select(Intercommunality.id))
    make_commune(slug="sans-site", name="Sans site", intercommunality_id=epci_id)
    login("agent@cc-comminges.test")
    post_form(client, "/admin/e/cc-comminges/directory/new", SHARED | {"publish": "1"})
    assert "sans-site" not in _queued_sites(database)
    assert _queued_sites(database) == ["aurignac", "boulogne", "cc-comminges", "isle"]


def test_a_members_directory_edit_refreshes_the_intercommunality_site_once_online(
    client, login, epci, database, no_build_runs
):
    with database.unit_of_work() as session:
        epci_row = session.scalar(select(Intercommunality))
        build = Build(intercommunality_id=epci_row.id, status=BuildStatus.SUCCEEDED)
        session.add(build)
        session.flush()
        session.add(Release(intercommunality_id=epci_row.id, build_id=build.id, name="r",
                            live_since=utcnow()))  # fmt: skip
    login("clerk@aurignac.test")
    school = {"name": "École publique", "category": "ecoles", "publish": "1"}
    post_form(client, "/admin/c/aurignac/directory/new", school)
    assert _queued_sites(database) == ["aurignac", "cc-comminges"]
    page = {"title": "Horaires", "body": "x", "publish": "1"}
    with database.unit_of_work() as session:
        session.execute(Build.__table__.delete().where(Build.status == BuildStatus.QUEUED))
    post_form(client, "/admin/c/aurignac/pages/new", page)
    assert _queued_sites(database) == ["aurignac"]  # pages are not in its open data
