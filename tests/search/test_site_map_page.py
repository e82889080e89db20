"""The site map lists every page and section; the search page works without JavaScript
(it leads to the site map); the header's search form; both pages pass the Nu checker."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from publishing_samples import HtmlScan, page
from search_samples import build, full_site
from test_html_validity import _nu_errors, _parse_errors


def _links(html: str) -> list[str]:
    return [attrs.get("href", "") for tag, attrs in HtmlScan(html).tags if tag == "a"]


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_the_site_map_lists_every_page_and_section(tmp_path: Path) -> None:
    """Forty pages: more than the menu shows, all on the site map."""
    pages = tuple(page(f"page-{n:02d}", f"Page {n:02d}", n) for n in range(40))
    result = build(replace(full_site(), pages=pages), tmp_path / "site")
    html = (result.release_path / "plan-du-site" / "index.html").read_text()
    links = _links(_main(html))
    assert [f"../page-{n:02d}/" for n in range(40)] == [
        link for link in links if link.startswith("../page-")
    ]
    for section in ("../actualites/", "../agenda/", "../alertes/", "../annuaire/",
                    "../actes/", "../actes/deliberations/", "../collecte-des-dechets/",
                    "../annuaire/mairie/", "../annuaire/bibliotheque/", "../mentions-legales/",
                    "../accessibilite/", "../donnees-personnelles/"):  # fmt: skip
        assert section in links, section
    assert "../actes/arretes/" not in links  # a kind without acts: an empty list
    directory = _main(html).split('id="site-map-directory-title"')[1]
    assert directory.index("Mairie et services municipaux") < directory.index("Mairie d&#39;")
    assert directory.index("Équipements") < directory.index("Bibliothèque municipale")


def test_the_search_page_works_without_javascript(live: Path) -> None:
    html = (live / "recherche" / "index.html").read_text()
    scan = HtmlScan(html)
    forms = [attrs for tag, attrs in scan.tags if tag == "form"]
    assert forms == [{"class": "search-form", "role": "search", "action": "../recherche/",
                      "method": "get"}]  # fmt: skip
    assert ("input", {"type": "search", "id": "search-q", "name": "q"}) in scan.tags
    assert ("label", {"for": "search-q"}) in scan.tags
    assert ("p", {"class": "search-status", "role": "status", "data-search-status": ""}) in (
        scan.tags
    )
    assert ("script", {"type": "module", "src": "../theme/js/search.js"}) in scan.tags
    fallback = html.split("data-search-fallback>")[1].split("</p>")[0]
    assert "JavaScript" in fallback and '<a href="../plan-du-site/">' in fallback
    assert "../annuaire/" in _links(_main(html))  # the sections, to browse


def test_the_header_search_form_leads_to_the_search_page(live: Path) -> None:
    scan = HtmlScan((live / "annuaire" / "mairie" / "index.html").read_text())
    assert ("form", {"class": "site-search", "role": "search", "action": "../../recherche/",
                     "method": "get"}) in scan.tags  # fmt: skip
    assert ("input", {"type": "search", "id": "site-search-q", "name": "q"}) in scan.tags
    search_page = HtmlScan((live / "recherche" / "index.html").read_text())
    assert [a for tag, a in search_page.tags if tag == "input" and a.get("name") == "q"] == [
        {"type": "search", "id": "search-q", "name": "q"}
    ]  # one form there: the page's own


def test_the_search_and_site_map_pages_are_valid(live: Path, tmp_path: Path) -> None:
    pages = {
        name: (live / name / "index.html").read_text()
        for name in (
            "recherche",
            "plan-du-site",
            "annuaire/mairie",
            "actualites/kermesse-de-printemps",
        )
    }
    assert {name: _parse_errors(html) for name, html in pages.items() if _parse_errors(html)} == {}
    assert _nu_errors(pages, tmp_path / "nu") == {}
