"""Every generated page type, and the admin's screens, pass two validators: html5lib
(strict parse, unique ids, a title) and the Nu HTML checker (vnu-jar, the W3C's)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path

import html5lib
import pytest
from publishing_samples import LIBRARY, THEMES_DIR, TRANSLATIONS_DIR, site_content
from sqlalchemy import select

from app.config import PROJECT_ROOT
from app.models import Intercommunality, Membership, Role, User
from app.publishing.content import MemberSite
from app.publishing.pipeline import build_site
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


VNU_JAR = PROJECT_ROOT / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _nu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Errors of the Nu HTML checker (vnu-jar, run by Java) on each page, by page name."""
    assert VNU_JAR.is_file(), "the Nu HTML checker is missing: run `make install-test`"
    assert shutil.which("java"), (
        "the Nu HTML checker needs Java: apt-get install default-jre-headless"
    )
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for number, (name, html) in enumerate(sorted(pages.items())):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--exit-zero-always", "--format", "json",
         *(str(folder / f"page-{n}.html") for n in range(len(pages)))],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr)["messages"]:
        name = files.get(message.get("url", "?").rsplit("/", 1)[-1], message.get("url", "?"))
        errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def _site_pages(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.html")}


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


def test_the_checker_catches_broken_html(tmp_path: Path) -> None:
    broken = "<!doctype html><title>x</title><p id=a><p id=a></div>"
    assert _parse_errors(broken)
    assert _nu_errors({"broken": broken}, tmp_path)["broken"]


def test_every_generated_page_passes_the_nu_html_checker(live: Path, tmp_path: Path) -> None:
    """Every page type of a commune's site (home, page, legal pages, directory, entry,
    waste collection) and of an intercommunality's site."""
    epci_site = site_content(
        slug="cc-comminges",
        name="CC du Comminges",
        insee="",
        siren="200072643",
        members=(MemberSite("Aurignac", "http://127.0.0.1:8000/aurignac/", True),),
        entries=(replace(LIBRARY, provided_by=""),),
    )
    build_site(
        epci_site,
        site_dir=tmp_path / "epci",
        release_name="r1",
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
    )
    pages = _site_pages(live) | {
        f"epci/{name}": html for name, html in _site_pages(tmp_path / "epci" / "live").items()
    }
    assert {"annuaire/bibliotheque/index.html", "collecte-des-dechets/index.html"} <= set(pages)
    assert _nu_errors(pages, tmp_path / "nu") == {}


def test_admin_pages_are_valid_html5(client, login, make_commune, make_user, tmp_path) -> None:
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
    assert _nu_errors(pages, tmp_path) == {}


def test_intercommunality_and_waste_admin_pages_are_valid_html5(
    client, login, make_commune, make_user, database, monkeypatch, tmp_path
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
    shared = {"name": "Déchèterie", "category": "dechets", "publish": "1"}
    assert post_form(client, "/admin/e/cc-comminges/directory/new", shared).status_code == 302
    for url in ("/admin/e/cc-comminges/", "/admin/e/cc-comminges/directory/"):
        pages[url] = client.get(url)
    make_user("clerk@aurignac.test", commune=commune, role=Role.PUBLISHER)
    clerk = client.application.test_client()
    login("clerk@aurignac.test", client=clerk)
    pages["commune directory with shared entries"] = clerk.get("/admin/c/aurignac/directory/")
    html = {url: response.get_data(as_text=True) for url, response in pages.items()}
    assert "Masquer sur mon site" in html["commune directory with shared entries"]
    assert {
        url: errors for url, errors in ((u, _parse_errors(h)) for u, h in html.items()) if errors
    } == {}
    assert _nu_errors(html, tmp_path) == {}
