"""axe-core (WCAG 2.1 A and AA rules, and best practices on the admin) finds nothing on
the resident's pages and on every admin screen, at 360 and 1280 px, in real Chromium; the
sites make no third-party request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WCAG_AA = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}}
WCAG_AA_AND_BEST_PRACTICE = {"runOnly": {"type": "tag", "values": [*WCAG_AA_TAGS, "best-practice"]}}
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
    "castelnaudary/recherche/",
    "castelnaudary/plan-du-site/",
    "castelnaudary/oc/",
    "castelnaudary/oc/la-mairie/",
    "castelnaudary/en/annuaire/",
    "boulogne-sur-gesse/",
    "boulogne-sur-gesse/la-mairie/",
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
# Every admin screen, as each kind of user reaches it (the same list serves the width test).
CLERK, AURIGNAC = "mairie@castelnaudary.test", "mairie@aurignac.test"
EPCI_AGENT, ADMIN = f"agents@{EPCI}.test", "admin@bastide.test"
COMMUNE, INTERCOMMUNALITY = "/admin/c/castelnaudary", f"/admin/e/{EPCI}"
WASTE = f"{INTERCOMMUNALITY}/waste/"
FIRST_ITEM = "main table a[href*='/admin/']"


@dataclass(frozen=True)
class Screen:
    """An admin screen: who opens it, from which address, following which links."""

    name: str
    account: str | None  # None: signed out
    path: str  # "{invitation}": the demo's invitation link
    follow: tuple[str, ...] = ()  # CSS selectors of links clicked in turn
    fill: tuple[tuple[str, str], ...] = ()  # (CSS selector, value) typed before submitting
    submit: bool = False  # submit the main form (empty: it comes back with its errors)
    expect: str = ""  # a text the screen shows

    def __str__(self) -> str:
        return self.name


def _content_screens(kind: str) -> list[Screen]:
    """A content type's list, edit form, history, new form and form with errors."""
    base = f"{COMMUNE}/{kind}/"
    return [
        Screen(f"{kind} list", CLERK, base),
        Screen(f"{kind} edit form", CLERK, base, follow=(FIRST_ITEM,)),
        Screen(f"{kind} history", CLERK, base, follow=(FIRST_ITEM, "a[href$='/history']")),
        Screen(f"{kind} new form", CLERK, f"{base}new"),
        Screen(f"{kind} form with errors", CLERK, f"{base}new", submit=True),
    ]


ADMIN_SCREENS = [
    Screen("sign in", None, "/admin/login"),
    Screen("invitation", None, "{invitation}"),
    Screen("invalid invitation", None, "/admin/invitation/not-a-token"),
    Screen("dashboard", CLERK, f"{COMMUNE}/"),
    *(
        screen
        for kind in ("pages", "directory", "news", "events", "alerts", "acts")
        for screen in _content_screens(kind)
    ),
    Screen(
        "pages compare",
        CLERK,
        f"{COMMUNE}/pages/",
        follow=(FIRST_ITEM, "a[href$='/history']", "button[form='compare-form']"),
    ),
    Screen("pages review", CLERK, f"{COMMUNE}/pages/", follow=(FIRST_ITEM, "a[href$='/review']")),
    Screen("media library", CLERK, f"{COMMUNE}/media/"),
    Screen("media edit form", CLERK, f"{COMMUNE}/media/", follow=("table a[href*='/media/']",)),
    Screen("account", CLERK, "/admin/account"),
    Screen("communes", ADMIN, "/admin/platform/communes"),
    Screen("onboarding", ADMIN, "/admin/platform/communes/new"),
    Screen(
        "onboarding record",
        ADMIN,
        "/admin/platform/communes/new",
        fill=(("#insee", "31555"),),
        submit=True,
        expect="Toulouse",
    ),
    Screen("invite", ADMIN, "/admin/platform/invite"),
    Screen(
        "intercommunality dashboard", EPCI_AGENT, f"{INTERCOMMUNALITY}/", expect="sur 3 en ligne"
    ),
    Screen("intercommunality directory", EPCI_AGENT, f"{INTERCOMMUNALITY}/directory/"),
    Screen("waste zones", EPCI_AGENT, WASTE),
    Screen("new zone", EPCI_AGENT, f"{WASTE}zones/new"),
    Screen("zone form", EPCI_AGENT, WASTE, follow=("a[href*='/waste/zones/']",)),
    Screen(
        "round form",
        EPCI_AGENT,
        WASTE,
        follow=("a[href*='/waste/rounds/']",),
    ),
    Screen("new round", EPCI_AGENT, WASTE, follow=("a[href$='/rounds/new']",)),
    Screen(
        "round form with errors",
        EPCI_AGENT,
        WASTE,
        follow=("a[href$='/rounds/new']",),
        submit=True,
    ),
    Screen(
        "directory with shared entries",
        AURIGNAC,
        "/admin/c/aurignac/directory/",
        expect="Masquer sur mon site",
    ),
    # The site's settings (identity, legal notice and accessibility data).
    Screen("identity settings", CLERK, f"{COMMUNE}/settings/identity"),
    Screen(
        "identity settings with errors",
        CLERK,
        f"{COMMUNE}/settings/identity",
        fill=(("#main_color_text", "jaune"),),
        submit=True,
        expect="n'est pas valide",
    ),
    Screen("legal settings", CLERK, f"{COMMUNE}/settings/legal"),
    Screen(
        "legal settings with errors",
        CLERK,
        f"{COMMUNE}/settings/legal",
        fill=(("#dpo_email", "pas-un-courriel"),),
        submit=True,
        expect="n'est pas valide",
    ),
    Screen(
        "intercommunality identity settings", EPCI_AGENT, f"{INTERCOMMUNALITY}/settings/identity"
    ),
    Screen(
        "translation",
        CLERK,
        f"{COMMUNE}/pages/",
        follow=("main table a", "a[href*='/translation/oc']"),
    ),
]


def open_screen(page, platform, screen: Screen) -> None:
    """Go to ``screen`` in ``page`` (signed in as its account) and check it is there."""
    path = screen.path.format(invitation=getattr(platform, "invitation", ""))
    response = page.goto(path if path.startswith("http") else f"{platform.base_url}{path}")
    for selector in screen.follow:
        with page.expect_navigation():
            page.locator(selector).first.click()
    for selector, value in screen.fill:
        page.locator(selector).fill(value)
    if screen.submit:
        with page.expect_navigation():
            page.locator("main form button.primary").first.click()
        if not screen.fill:
            assert page.locator(".error").count() >= 1, f"{screen.name}: no error shown"
    elif not screen.follow:
        expected = 404 if "invalid" in screen.name else 200
        assert response.status == expected, screen.name
    page.wait_for_load_state("networkidle")
    if screen.expect:
        assert screen.expect in page.content(), screen.name


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from tests.browser.conftest import Platform

    platform = Platform(tmp_path_factory.mktemp("a11y"))
    output = platform.cli("demo", "--no-serve")
    platform.passwords = {
        email: re.search(rf"{re.escape(email)}\s+(\S+)", output).group(1)
        for email in (CLERK, AURIGNAC, EPCI_AGENT, ADMIN)
    }
    invited = ("accueil@castelnaudary.test", "--commune", "castelnaudary", "--role", "editor")
    platform.invitation = platform.invitation_link("user", "add", *invited)
    platform.start()
    yield platform
    platform.stop()


@pytest.fixture(scope="module")
def sessions(demo, chromium):
    """The browser storage of each account, signed in once for the module."""
    states = {}
    for email, password in demo.passwords.items():
        context = chromium.new_context(locale="fr-FR")
        _sign_in(context.new_page(), demo, email, password)
        states[email] = context.storage_state()
        context.close()
    return states


@pytest.fixture
def signed_in(chromium, sessions):
    """A function: a new tab signed in as ``account`` (None: signed out)."""
    contexts = []

    def open_tab(account: str | None, **options):
        state = sessions[account] if account else None
        context = chromium.new_context(locale="fr-FR", storage_state=state, **options)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def checked_page(chromium):
    context = chromium.new_context(locale="fr-FR", bypass_csp=True)  # to inject axe itself
    tab = context.new_page()
    yield tab
    context.close()


def _violations(page, options=WCAG_AA) -> list[str]:
    results = Axe().run(page, options=options)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def _sign_in(page, platform, email, password):
    page.goto(f"{platform.base_url}/admin/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r".*/admin/(?!login).*"))


@pytest.mark.parametrize("path", SITE_PAGES)
@pytest.mark.parametrize("width", [360, 1280])
def test_resident_pages_have_no_violation(demo, checked_page, path, width):
    platform = demo
    requested = []
    checked_page.on("request", lambda request: requested.append(request.url))
    checked_page.set_viewport_size({"width": width, "height": 800})
    checked_page.goto(f"{platform.base_url}/{path}")
    assert _violations(checked_page) == []
    assert [url for url in requested if not url.startswith(platform.base_url)] == []
    scroll_width = checked_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, "the page scrolls sideways on this screen"


PHONE = {"width": 320, "height": 640}


def test_searching_horaires_on_the_demo_finds_the_town_hall(demo, chromium) -> None:
    """The issue's acceptance: on a demo site, « horaires » finds the town hall's entry and
    the search makes no request outside the site."""
    context = chromium.new_context(locale="fr-FR")
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(f"{demo.base_url}/aurignac/")
    tab.locator("#site-search-q").fill("horaires")
    tab.locator("#site-search-q").press("Enter")
    tab.locator("[data-search-state=done]").wait_for(state="attached")
    hrefs = tab.locator("[data-search-results] li h2 a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    context.close()
    assert "/aurignac/annuaire/mairie/" in hrefs
    assert [url for url in requests if not url.startswith(demo.base_url)] == []
