"""Every generated page, and the admin's main pages, parse as HTML5 without a single
error (html5lib, strict), with unique ids and a title."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import html5lib
import pytest
from publishing_samples import site_content
from sqlalchemy import select

from app.models import Intercommunality, Membership, Role, User
from tests.conftest import post_form


def _parse_errors(html: str) -> list[str]:
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    document = parser.parse(html)
    errors = [f"{position}: {code} {data}" for position, code, data in parser.errors]
    ids = Counter(element.get("id") for element in document.iter() if element.get("id"))
    errors += [f"duplicate id {name}" for name, count in ids.items() if count > 1]
    if document.find(".//title") is None or not (document.find(".//title").text or "").strip():
        errors.append("no title")
    if not html.lstrip().lower().startswith("<!doctype html>"):
        errors.append("no doctype")
    return errors


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, build) -> Path:
    site_dir = tmp_path_factory.mktemp("valid")
    build(site_content(), site_dir, "r1")
    return site_dir / "live"


def test_every_generated_page_is_valid_html5(live: Path) -> None:
    pages = sorted(live.rglob("*.html"))
    assert len(pages) >= 5
    problems = {str(p.relative_to(live)): _parse_errors(p.read_text()) for p in pages}
    assert {page: errors for page, errors in problems.items() if errors} == {}


def test_the_checker_catches_broken_html() -> None:
    assert _parse_errors("<!doctype html><title>x</title><p id=a><p id=a></div>")


def test_admin_pages_are_valid_html5(client, login, make_commune, make_user) -> None:
    commune = make_commune(slug="aurignac", name="Aurignac")
    make_user("clerk@aurignac.test", commune=commune, role=Role.PUBLISHER)
    pages = {"/admin/login": client.get("/admin/login").get_data(as_text=True)}
    login("clerk@aurignac.test")
    post_form(client, "/admin/c/aurignac/pages/new", {"title": "Mairie", "body": "x"})
    entry = {"name": "École", "category": "ecoles", "mo_1_start": "08:30", "mo_1_end": "16:30"}
    post_form(client, "/admin/c/aurignac/directory/new", entry)
    for url in [
        "/admin/c/aurignac/",
        "/admin/c/aurignac/pages/",
        "/admin/c/aurignac/pages/1",
        "/admin/c/aurignac/pages/new",
        "/admin/c/aurignac/directory/",
        "/admin/c/aurignac/directory/1",
        "/admin/c/aurignac/directory/new",
        "/admin/account",
    ]:
        pages[url] = client.get(url).get_data(as_text=True)
    invalid = post_form(client, "/admin/c/aurignac/pages/new", {"title": "", "body": "gardé"})
    pages["form with errors"] = invalid.get_data(as_text=True)
    bad_entry = {"name": "École", "category": "ecoles", "phones": "abc", "mo_1_end": "12:00"}
    invalid = post_form(client, "/admin/c/aurignac/directory/new", bad_entry)
    assert invalid.status_code == 400
    pages["entry form with errors"] = invalid.get_data(as_text=True)
    assert {
        url: errors for url, errors in ((u, _parse_errors(h)) for u, h in pages.items()) if errors
    } == {}


def test_waste_collection_admin_pages_are_valid_html5(
    client, login, make_commune, make_user, database, monkeypatch
) -> None:
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-comminges", name="CC", kind="CC")
        session.add(epci)
    commune = make_commune(slug="aurignac", name="Aurignac", intercommunality_id=epci.id)
    make_user("agent@cc.test")
    with database.unit_of_work() as session:
        user = session.scalar(select(User).where(User.email == "agent@cc.test"))
        session.add(Membership(user_id=user.id, intercommunality_id=epci.id, role="publisher"))
    login("agent@cc.test")
    base = "/admin/e/cc-comminges/waste"
    post_form(client, f"{base}/zones/new", {"name": "Bourg", "communes": [str(commune.id)]})
    friday = {
        "stream": "menagers",
        "recurrence": "weekly",
        "weekday": "4",
        "every_weeks": "1",
        "holiday_rule": "next_day",
        "overrides": "25/12/2026 annulée",
    }
    post_form(client, f"{base}/zones/1/rounds/new", friday)
    screens = ("/", "/zones/new", "/zones/1", "/zones/1/rounds/new", "/rounds/1")
    pages = {screen: client.get(f"{base}{screen}") for screen in screens}
    pages["round with errors"] = post_form(client, f"{base}/rounds/1", friday | {"weekday": ""})
    pages["zone with errors"] = post_form(client, f"{base}/zones/new", {"name": ""})
    assert [response.status_code for response in pages.values()] == [200] * 5 + [400] * 2
    assert {
        url: errors
        for url, errors in ((u, _parse_errors(r.get_data(as_text=True))) for u, r in pages.items())
        if errors
    } == {}
