"""The site's search in real Chromium, served with the sites' own headers (CSP): typing
"horaires" finds the town hall entry, French stemming included, without any request
outside the site; ?q= is read on load; without JavaScript or without an index the page
leads to the site map; axe finds nothing on the search and site-map pages."""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

from app.serving import LiveSites

sys.path[:0] = [str(Path(__file__).parents[1] / name) for name in ("search", "publishing")]
from publishing_samples import page  # noqa: E402 - needs the path above
from search_samples import build, full_site  # noqa: E402

# Fifteen more pages about the town hall's procedures: more results than one screen.
PROCEDURES = tuple(
    page(f"demarche-{n:02d}", f"Démarche {n:02d}", 10 + n, body=f"Démarche {n} au guichet.")
    for n in range(15)
)

pytestmark = pytest.mark.browser
WCAG_AA_AND_BEST_PRACTICE = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The full sample commune built by the pipeline and served like `bastide serve` does:
    its address."""
    sites_dir = tmp_path_factory.mktemp("search-browser")
    site = full_site()
    build(replace(site, pages=site.pages + PROCEDURES), sites_dir / "aurignac")
    server = make_server("127.0.0.1", 0, LiveSites(sites_dir), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/aurignac/"
    server.shutdown()
    thread.join()


@pytest.fixture
def tab(chromium):
    """A tab recording every request and every console error."""
    context = chromium.new_context(locale="fr-FR")
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def _result_links(page) -> list[str]:
    return page.locator("[data-search-results] li h2 a").all_inner_texts()


def test_typing_horaires_finds_the_town_hall_without_leaving_the_site(site, tab) -> None:
    tab.goto(site + "recherche/")
    tab.get_by_role("searchbox").press_sequentially("horaires", delay=20)
    tab.locator("[data-search-state=done]").wait_for(state="attached")
    assert "Mairie d'Aurignac" in _result_links(tab)
    assert "horaires" in tab.locator("[role=status]").inner_text()
    link = tab.get_by_role("link", name="Mairie d'Aurignac")
    assert link.get_attribute("href") == "/aurignac/annuaire/mairie/"
    assert tab.locator("[data-search-results] mark").count() >= 1  # the words found
    assert tab.url.endswith("/recherche/?q=horaires")  # a shareable address
    origins = {urlsplit(url)._replace(path="", query="", fragment="") for url in tab.requests}
    assert origins == {urlsplit(site)._replace(path="", query="", fragment="")}
    assert any("/pagefind/" in url for url in tab.requests)
    assert tab.errors == []  # no CSP violation, no script error
    link.click()
    tab.wait_for_url(site + "annuaire/mairie/")


def test_the_query_in_the_address_is_searched_on_load_with_stemming(site, tab) -> None:
    tab.goto(site + "recherche/?q=horaire")  # singular: finds "Horaires"
    tab.locator("[data-search-state=done]").wait_for(state="attached")
    assert tab.get_by_role("searchbox").input_value() == "horaire"
    assert "Mairie d'Aurignac" in _result_links(tab)
    tab.goto(site + "recherche/?q=kermesse")
    tab.locator("[data-search-state=done]").wait_for(state="attached")
    assert _result_links(tab)[0] == "La kermesse de printemps"
    assert tab.locator("[data-search-fallback]").is_hidden()


def test_more_results_are_shown_on_demand_and_take_the_focus(site, tab) -> None:
    tab.goto(site + "recherche/?q=guichet")
    tab.locator("[data-search-state=done]").wait_for(state="attached")
    assert len(_result_links(tab)) == 10
    assert re.search(r"\b15\b", tab.locator("[role=status]").inner_text())
    tab.locator("[data-search-more] button").click()
    tab.locator("[data-search-results] li").nth(10).wait_for()
    assert len(_result_links(tab)) == 15
    assert tab.locator("[data-search-more]").is_hidden()
    focused = tab.evaluate("document.activeElement.textContent")
    assert focused == _result_links(tab)[10]


def test_a_query_without_result_says_so(site, tab) -> None:
    tab.goto(site + "recherche/?q=zzyzx")
    tab.locator("[data-search-state=done]").wait_for(state="attached")
    assert "zzyzx" in tab.locator("[role=status]").inner_text()
    assert tab.locator("[data-search-results]").is_hidden()


def test_without_javascript_the_search_page_leads_to_the_site_map(site, chromium) -> None:
    context = chromium.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "annuaire/")
    page.locator("#site-search-q").fill("horaires")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(re.compile(r".*/recherche/\?q=horaires$"))
    fallback = page.locator("[data-search-fallback]")
    assert fallback.is_visible() and "JavaScript" in fallback.inner_text()
    fallback.get_by_role("link").click()
    page.wait_for_url(site + "plan-du-site/")
    assert page.get_by_role("link", name="Mairie d'Aurignac").is_visible()
    context.close()


def test_without_an_index_the_search_page_says_search_is_unavailable(site, tab) -> None:
    tab.route("**/pagefind/pagefind.js", lambda route: route.fulfill(status=404))
    tab.goto(site + "recherche/?q=horaires")
    tab.locator("[data-search-state=unavailable]").wait_for(state="attached")
    assert "site map" in tab.locator("[role=status]").inner_text().lower() or (
        "plan du site" in tab.locator("[role=status]").inner_text().lower()
    )
    assert tab.get_by_role("link", name=re.compile("plan du site|site map", re.I)).count() >= 1


@pytest.mark.parametrize("path", ["recherche/?q=horaires", "plan-du-site/"])
@pytest.mark.parametrize("width", [360, 1280])
def test_search_and_site_map_pages_pass_axe(site, chromium, path, width) -> None:
    context = chromium.new_context(
        locale="fr-FR", bypass_csp=True, viewport={"width": width, "height": 800}
    )  # bypass_csp: axe injects itself
    page = context.new_page()
    page.goto(site + path)
    if "q=" in path:
        page.locator("[data-search-state=done]").wait_for(state="attached")
    results = Axe().run(page, options=WCAG_AA_AND_BEST_PRACTICE)
    violations = [
        f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]
    context.close()
    assert violations == []
