"""axe-core (WCAG 2.1 A and AA rules) finds nothing on the resident's pages and the
clerk's main screens, in real Chromium; the sites make no third-party request."""

from __future__ import annotations

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
EPCI = "cc-coeur-et-coteaux-du-comminges"
SITE_PAGES = [
    "castelnaudary/",
    "castelnaudary/la-mairie/",
    "castelnaudary/mentions-legales/",
    "castelnaudary/accessibilite/",
    "castelnaudary/donnees-personnelles/",
    "castelnaudary/annuaire/",
    "castelnaudary/annuaire/mairie/",
    "castelnaudary/annuaire/bibliotheque-municipale/",
    "aurignac/collecte-des-dechets/",
    "aurignac/annuaire/decheterie-intercommunale/",
    f"{EPCI}/",
    f"{EPCI}/annuaire/",
    f"{EPCI}/mentions-legales/",
    # News, agenda, alerts and acts of the demo (an alert of the commune and one of the
    # intercommunality show on every page).
    "castelnaudary/actualites/",
    "castelnaudary/actualites/refection-de-la-place-castelnaudary-fait-peau-neuve/",
    "castelnaudary/agenda/",
    "castelnaudary/agenda/archives/",
    "castelnaudary/agenda/marche-de-plein-vent/",
    "castelnaudary/alertes/",
    "castelnaudary/actes/",
    "castelnaudary/actes/deliberations/",
    f"castelnaudary/actes/{date.today().year}-012-vote-du-budget-primitif/",
]
# The clerk's screens of the new content types: each list and each form.
CONTENT_SCREENS = ("news", "events", "alerts", "acts")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from tests.browser.conftest import Platform

    platform = Platform(tmp_path_factory.mktemp("a11y"))
    output = platform.cli("demo", "--no-serve")
    password = re.search(r"mairie@castelnaudary\.test\s+(\S+)", output).group(1)
    platform.passwords = {
        email: re.search(rf"{re.escape(email)}\s+(\S+)", output).group(1)
        for email in ("mairie@aurignac.test", f"agents@{EPCI}.test")
    }
    platform.start()
    yield platform, password
    platform.stop()


@pytest.fixture
def checked_page(chromium):
    context = chromium.new_context(locale="fr-FR", bypass_csp=True)  # to inject axe itself
    tab = context.new_page()
    yield tab
    context.close()


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


@pytest.mark.parametrize("path", SITE_PAGES)
@pytest.mark.parametrize("width", [360, 1280])
def test_resident_pages_have_no_violation(demo, checked_page, path, width):
    platform, _ = demo
    requested = []
    checked_page.on("request", lambda request: requested.append(request.url))
    checked_page.set_viewport_size({"width": width, "height": 800})
    checked_page.goto(f"{platform.base_url}/{path}")
    assert _violations(checked_page) == []
    assert [url for url in requested if not url.startswith(platform.base_url)] == []
    scroll_width = checked_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, "the page scrolls sideways on this screen"


def test_clerk_screens_have_no_violation(demo, checked_page):
    platform, password = demo
    page = checked_page
    page.goto(f"{platform.base_url}/admin/login")
    assert _violations(page) == []
    page.get_by_label("Adresse e-mail").fill("mairie@castelnaudary.test")
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    assert _violations(page) == [], "dashboard"
    page.get_by_role("main").get_by_role("link", name="Pages", exact=True).click()
    assert _violations(page) == [], "pages"
    page.get_by_role("link", name="La mairie").click()
    assert _violations(page) == [], "edit form"
    page.get_by_label("Titre", exact=True).fill("")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    assert _violations(page) == [], "form with errors"
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Annuaire", exact=True
    ).click()
    assert _violations(page) == [], "directory"
    page.get_by_role("link", name="Bibliothèque municipale").click()
    assert _violations(page) == [], "entry form"
    page.get_by_label("Numéros de téléphone").fill("pas un numéro")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    assert page.locator("p.error").count() >= 1
    assert _violations(page) == [], "entry form with errors"


def test_content_type_screens_have_no_violation(demo, checked_page):
    platform, password = demo
    page = checked_page
    _sign_in(page, platform, "mairie@castelnaudary.test", password)
    for screens in CONTENT_SCREENS:
        page.goto(f"{platform.base_url}/admin/c/castelnaudary/{screens}/")
        assert _violations(page) == [], f"{screens} list"
        page.locator("table a[href*='/admin/c/castelnaudary/']").first.click()
        assert _violations(page) == [], f"{screens} edit form"
        page.goto(f"{platform.base_url}/admin/c/castelnaudary/{screens}/new")
        page.locator("form button.primary").first.click()  # empty: refused, errors shown
        assert page.locator(".error").count() >= 1, screens
        assert _violations(page) == [], f"{screens} form with errors"


def _sign_in(page, platform, email, password):
    page.goto(f"{platform.base_url}/admin/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_intercommunality_and_shared_screens_have_no_violation(demo, checked_page):
    platform, _ = demo
    page = checked_page
    _sign_in(page, platform, f"agents@{EPCI}.test", platform.passwords[f"agents@{EPCI}.test"])
    assert "sur 3 en ligne" in page.content()
    assert _violations(page) == [], "intercommunality dashboard"
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Annuaire", exact=True
    ).click()
    assert _violations(page) == [], "intercommunality directory"
    page.get_by_role("link", name="Collecte des déchets").first.click()
    assert _violations(page) == [], "waste zones"
    waste = page.url
    page.locator("a[href*='/waste/zones/']").first.click()
    assert _violations(page) == [], "zone form"
    page.goto(waste)
    page.get_by_role("link", name=re.compile("Ajouter une tournée")).first.click()
    assert _violations(page) == [], "round form"
    page.locator("form button.primary").first.click()
    assert page.locator(".error").count() >= 1
    assert _violations(page) == [], "round form with errors"
    clerk = page.context.new_page()
    _sign_in(clerk, platform, "mairie@aurignac.test", platform.passwords["mairie@aurignac.test"])
    clerk.goto(f"{platform.base_url}/admin/c/aurignac/directory/")
    assert "Masquer sur mon site" in clerk.content()
    assert _violations(clerk) == [], "directory with shared entries"
