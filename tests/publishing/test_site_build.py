"""A whole build: the files written, the theme's promises, no external request, no XSS."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from publishing_samples import (
    MENU_ORDER,
    PAGES,
    XSS_BODY,
    XSS_PAYLOADS,
    HtmlScan,
    assert_inert,
    page,
    site_content,
)

from app.publishing.markdown import render_markdown
from app.publishing.pipeline import BuildError, live_release
from app.publishing.settings import MENU_LIMIT, theme_context

# Golden output: exactly what a build writes for the fixture site (no feed, tag, author...).
EXPECTED_FILES = [
    "404.html",
    "accessibilite/index.html",
    "actualites/atom.xml",
    "actualites/index.html",
    "agenda/agenda.ics",
    "agenda/archives/index.html",
    "agenda/index.html",
    "alertes/atom.xml",
    "alertes/index.html",
    "annuaire/bibliotheque/index.html",
    "annuaire/index.html",
    "annuaire/mairie/index.html",
    "apple-touch-icon.png",
    "associations/index.html",
    "collecte-des-dechets/aurignac-centre-bourg.ics",
    "collecte-des-dechets/index.html",
    "donnees-personnelles/index.html",
    "donnees/annuaire.csv",
    "donnees/annuaire.json",
    "ecole/index.html",
    "eglise/index.html",
    "favicon.ico",
    "horaires/index.html",
    "index.html",
    "mentions-legales/index.html",
    "plan-du-site/index.html",
    "recherche/index.html",
    "robots.txt",
    "sitemap.xml",
    "theme/css/style.css",
    "theme/css/theme.css",
    "theme/js/hours.js",
    "theme/js/search.js",
    "vie-municipale/index.html",
]
URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "cite"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, build) -> Path:
    """The sample commune built once for the module; returns its live folder."""
    site_dir = tmp_path_factory.mktemp("site")
    build(site_content(), site_dir, "r1")
    return site_dir / "live"


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def read(path: Path) -> HtmlScan:
    return HtmlScan(path.read_text(encoding="utf-8"))


# The directory links to a service's own website and to OpenStreetMap: a resident's click.
DIRECTORY_LINKS = (
    "https://bibliotheque.aurignac.example/",
    "https://www.openstreetmap.org/",
    "https://www.service-public.fr/",  # the procedures on the home page: a resident's click
    # The legal pages' means of redress and complaint (a resident's click).
    "https://formulaire.defenseurdesdroits.fr/",
    "https://www.defenseurdesdroits.fr/carte-des-delegues",
    "https://www.cnil.fr/fr/plaintes",
)


def external_references(root: Path) -> list[str]:
    """Every URL attribute that would make the browser, or a click, leave the site
    (except the directory's links to a service's website and to OpenStreetMap)."""
    found = []
    for path in html_files(root):
        for tag, attrs in read(path).tags:
            for name, value in attrs.items():
                if name not in URL_ATTRIBUTES:
                    continue
                if tag == "a" and name == "href" and value.startswith(DIRECTORY_LINKS):
                    continue
                if tag == "link" and attrs.get("rel") == "canonical":
                    continue  # names the page's address, never requested
                urls = [u.split()[0] for u in value.split(",") if u.strip()]
                if name != "srcset":
                    urls = [value.strip()]
                found += [
                    f"{path}: <{tag} {name}={url}>"
                    for url in urls
                    if url.lower().startswith(("http:", "https:", "//"))
                ]
    return found


def test_build_writes_exactly_the_expected_files(site: Path) -> None:
    written = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    # Pagefind's files are named after their content's hash.
    assert [name for name in written if not name.startswith("pagefind/")] == EXPECTED_FILES
    assert "pagefind/pagefind.js" in written


def test_result_describes_the_live_release(build, tmp_path: Path) -> None:
    result = build(site_content(pages=PAGES[:2]), tmp_path, "20240501-1")
    assert result.release_name == "20240501-1" == live_release(tmp_path)
    assert result.release_path == tmp_path / "releases" / "20240501-1"
    # home, pages, legal pages, directory index, directory entries, waste collection, news,
    # agenda and its archive, alerts (a site without acts has no acts section), search,
    # site map, 404
    assert result.pages_written == 1 + 2 + 3 + 1 + 2 + 1 + 1 + 2 + 1 + 2 + 1
    assert set(result.durations) >= {"export", "render", "check", "publish", "total"}
    assert "Writing" in result.log


def test_menu_follows_menu_position_then_title(site: Path) -> None:
    for path, prefix in [(site / "index.html", "./"), (site / "eglise" / "index.html", "../")]:
        # skip link, commune name, "Accueil", then the menu
        nav = [a["href"] for a in read(path).find("a")][3 : 3 + len(MENU_ORDER)]
        assert nav == [f"{prefix}{slug}/" for slug in MENU_ORDER]


def test_current_page_is_marked_in_the_menu(site: Path) -> None:
    current = read(site / "ecole" / "index.html").find("a", **{"aria-current": "page"})
    assert [a["href"] for a in current] == ["../ecole/"]
    home = read(site / "index.html").find("a", **{"aria-current": "page"})
    assert [a["href"] for a in home] == ["./"]


def test_every_page_has_the_accessible_layout(site: Path) -> None:
    for path in html_files(site):
        text = path.read_text(encoding="utf-8")
        doc = HtmlScan(text)
        assert '<html lang="fr">' in text, path
        body = [tag for tag, _ in doc.tags].index("body")
        assert doc.tags[body + 1] == ("a", {"class": "skip-link", "href": "#contenu"}), path
        assert "Aller au contenu" in doc.text
        assert doc.find("main", id="contenu"), path
        assert doc.find("nav", **{"aria-label": "Menu principal"}), path
        assert doc.find("link", rel="stylesheet"), path
        levels = [int(tag[1]) for tag, _ in doc.tags if tag in HEADINGS]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), path


def test_footer_has_contact_legal_links_and_status(site: Path) -> None:
    doc = read(site / "horaires" / "index.html")
    hrefs = [a["href"] for a in doc.find("a")]
    assert "tel:+33561989008" in hrefs
    assert "mailto:mairie@aurignac.example" in hrefs
    for slug in ["mentions-legales", "accessibilite", "donnees-personnelles"]:
        assert f"../{slug}/" in hrefs
    assert "1 place de la Mairie 31420 Aurignac" in doc.text
    assert "Accessibilité : partiellement conforme" in doc.text


def test_footer_omits_contact_details_that_are_not_set(build, tmp_path: Path) -> None:
    site = site_content(town_hall_phone="", town_hall_email="", pages=PAGES[:1], entries=())
    build(site, tmp_path, "r1")
    doc = read(tmp_path / "live" / "index.html")
    assert not [a for a in doc.find("a") if a["href"].startswith(("tel:", "mailto:"))]
    assert "Téléphone" not in doc.text


def test_home_page_shows_the_commune_and_stays_small(site: Path) -> None:
    doc = read(site / "index.html")
    assert doc.find("h1") and "Aurignac Code postal : 31420" in doc.text
    assert [a["href"] for a in doc.find("a")].count("./eglise/") == 2  # menu and home's list
    # The bound is 30 KB for the home page before images; its stylesheets count too.
    size = (site / "index.html").stat().st_size + (site / "theme/css/style.css").stat().st_size
    assert size < 30_000


def test_legal_pages_are_built_with_the_commune_data(site: Path) -> None:
    mentions = read(site / "mentions-legales/index.html").text
    assert "Ce site est édité par : Mairie d'Aurignac." in mentions and "Jeanne Dupont" in mentions
    declaration = read(site / "accessibilite" / "index.html").text
    assert "est partiellement conforme avec le référentiel" in declaration
    assert "Responsable du traitement" in read(site / "donnees-personnelles/index.html").text


def test_page_body_is_the_same_html_as_the_preview(site: Path) -> None:
    for sample in PAGES:
        html = (site / sample.slug / "index.html").read_text(encoding="utf-8")
        assert render_markdown(sample.body) in html


FIRST_PARTY_SCRIPTS = {
    "./theme/js/hours.js", "../theme/js/hours.js", "../../theme/js/hours.js",
    "../theme/js/search.js",
}  # fmt: skip


def test_no_external_request_and_only_the_hours_script(site: Path) -> None:
    assert external_references(site) == []
    for path in html_files(site):
        scripts = read(path).find("script")
        assert {s.get("src") for s in scripts if "src" in s} <= FIRST_PARTY_SCRIPTS, path
        inline = [s for s in scripts if "src" not in s]
        assert all(s.get("type") == "application/ld+json" for s in inline), path
        handlers = [n for _, attrs in read(path).tags for n in attrs if n.startswith("on")]
        assert handlers == [], path
    css = (site / "theme/css/style.css").read_text().lower()
    assert "@import" not in css and "url(" not in css


def test_xss_payloads_do_not_reach_the_built_page(build, tmp_path: Path) -> None:
    hostile = page("piege", "<script>alert('titre')</script>", 9, body=XSS_BODY)
    build(site_content(pages=(*PAGES[:1], hostile)), tmp_path, "r1")
    html = (tmp_path / "live" / "piege" / "index.html").read_text(encoding="utf-8")
    body = html[html.index("<main") : html.index("</main>")]  # the header has a search form
    for _payload, forbidden in XSS_PAYLOADS:
        assert_inert(body, forbidden)
    assert "&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;" in html  # escaped title
    assert external_references(tmp_path / "live") == []


def test_rebuild_follows_record_and_page_changes(build, tmp_path: Path) -> None:
    build(site_content(), tmp_path, "r1")
    build(site_content(accessibility_status="totalement", pages=PAGES[1:]), tmp_path, "r2")
    live = tmp_path / "live"
    assert "Accessibilité : totalement conforme" in read(live / "index.html").text
    assert not (live / PAGES[0].slug).exists()
    assert (tmp_path / "releases" / "r1" / PAGES[0].slug / "index.html").exists()


def test_unknown_theme_is_a_build_error(build, tmp_path: Path) -> None:
    with pytest.raises(BuildError) as error:
        build(site_content(theme="absent"), tmp_path, "r1")
    assert "thème « absent »" in error.value.message
    assert live_release(tmp_path) is None


def test_menu_is_capped_but_the_page_list_has_every_page() -> None:
    many = tuple(page(f"p{n:02d}", f"Page {n:02d}", n) for n in range(MENU_LIMIT + 5))
    context = theme_context(site_content(pages=many))
    assert [item["slug"] for item in context["MENU"]] == [p.slug for p in many[:MENU_LIMIT]]
    assert len(context["PAGE_LIST"]) == MENU_LIMIT + 5
