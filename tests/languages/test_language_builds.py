"""Sites built in French, Occitan and English: one render per language, hreflang links,
a switcher, interface strings and dates from each language, French content marked."""

from __future__ import annotations

import filecmp
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from publishing_samples import PAGES, HtmlScan, site_content

from app.content.kinds import CONTENT_KINDS
from app.publishing.content import ActContent, AlertContent, EventContent, NewsContent
from app.publishing.languages import TRANSLATABLE, localized
from app.publishing.pipeline import BuildError

LIVE = "http://127.0.0.1:8000/aurignac/"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
TRANSLATED_PAGE = replace(
    PAGES[0],  # "associations"
    translations={"oc": {"title": "Las associacions", "body": "Lo teissut associatiu."}},
)
NEWS = NewsContent(
    slug="fete-du-village",
    title="Fête du village",
    news_date=date(2026, 3, 5),
    published_at=datetime(2026, 3, 5, 8, 0, tzinfo=UTC),
    summary="Le programme.",
    body="Musique et **repas**.",
)
EVENT = EventContent(
    slug="marche-de-noel",
    title="Marché de Noël",
    starts_on=date(2026, 12, 5),
    ends_on=date(2026, 12, 5),
    published_at=datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
    place="Place de la mairie",
)


def bilingual_site(**overrides):
    """The sample commune in French and Occitan, one page translated."""
    return site_content(
        languages=("fr", "oc"),
        pages=(TRANSLATED_PAGE, *PAGES[1:]),
        news=(NEWS,),
        events=(EVENT,),
        **overrides,
    )


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, build) -> Path:
    site_dir = tmp_path_factory.mktemp("bilingual")
    build(bilingual_site(), site_dir, "r1", now=NOW)
    return site_dir / "live"


def scan(path: Path) -> HtmlScan:
    return HtmlScan(path.read_text(encoding="utf-8"))


def test_occitan_pages_are_built_under_their_folder(live: Path) -> None:
    for page in PAGES:
        assert (live / "oc" / page.slug / "index.html").is_file()
    assert (live / "oc" / "index.html").is_file()
    assert (live / "oc" / "actualites" / "fete-du-village" / "index.html").is_file()
    # Feeds and open data stay single, at the root.
    assert (live / "actualites" / "atom.xml").is_file()
    assert not (live / "oc" / "actualites" / "atom.xml").exists()
    assert not (live / "oc" / "donnees").exists()


def test_occitan_page_has_its_language_and_interface_strings(live: Path) -> None:
    page = scan(live / "oc" / "ecole" / "index.html")
    assert page.find("html", lang="oc")
    assert page.find("a", **{"class": "skip-link"})
    assert "Anar al contengut" in page.text  # "Skip to content"
    assert page.find("nav", **{"aria-label": "Menú principal"})
    french = scan(live / "ecole" / "index.html")
    assert french.find("html", lang="fr") and "Aller au contenu" in french.text


def test_hreflang_links_go_both_ways(live: Path) -> None:
    for path in ("ecole/index.html", "oc/ecole/index.html"):
        links = {
            link["hreflang"]: link["href"]
            for link in scan(live / path).find("link", rel="alternate")
            if "hreflang" in link
        }
        assert links == {
            "fr": f"{LIVE}ecole/",
            "oc": f"{LIVE}oc/ecole/",
            "x-default": f"{LIVE}ecole/",
        }
    home = scan(live / "oc" / "index.html").find("link", rel="alternate", hreflang="fr")
    assert home == [{"rel": "alternate", "hreflang": "fr", "href": LIVE}]


def test_switcher_names_each_language_in_itself(live: Path) -> None:
    page = scan(live / "oc" / "ecole" / "index.html")
    assert page.find("nav", **{"class": "language-switcher"})
    french = page.find("a", hreflang="fr", lang="fr")
    occitan = page.find("a", hreflang="oc", lang="oc")
    assert french[0]["href"] == "../../ecole/" and "aria-current" not in french[0]
    assert occitan[0]["href"] == "../../oc/ecole/" and occitan[0]["aria-current"] == "true"
    text = page.text
    assert "Français" in text and "Occitan" in text
    root = scan(live / "index.html").find("a", hreflang="oc", lang="oc")
    assert root[0]["href"] == "./oc/"


def test_translated_page_shows_its_translation_without_lang_fr(live: Path) -> None:
    html = (live / "oc" / "associations" / "index.html").read_text()
    page = HtmlScan(html)
    assert "<h1>Las associacions</h1>" in html
    assert "Lo teissut associatiu." in page.text
    assert not page.find("div", **{"class": "page-body", "lang": "fr"})
    assert "<h1>Associations</h1>" in (live / "associations" / "index.html").read_text()


def test_untranslated_page_is_french_and_marked_so(live: Path) -> None:
    html = (live / "oc" / "ecole" / "index.html").read_text()
    page = HtmlScan(html)
    assert '<h1 lang="fr">École</h1>' in html
    assert page.find("div", **{"class": "page-body", "lang": "fr"})
    news = HtmlScan((live / "oc" / "actualites" / "fete-du-village" / "index.html").read_text())
    assert news.find("h1", lang="fr")
    assert news.find("div", **{"class": "page-body", "lang": "fr"})
    # The French site itself marks nothing.
    assert 'lang="fr">' not in (live / "ecole" / "index.html").read_text().split("<body>")[1]


def test_lists_of_the_occitan_home_and_site_map_mark_french_titles(live: Path) -> None:
    for path in ("oc/index.html", "oc/plan-du-site/index.html"):
        html = (live / path).read_text()
        assert re.search(r'href="[./]*ecole/" lang="fr">École</a>', html), path
    home = (live / "oc" / "index.html").read_text()
    assert 'lang="fr">Fête du village</a>' in home  # a news title not translated


def test_dates_are_formatted_in_occitan(live: Path) -> None:
    news = scan(live / "oc" / "actualites" / "fete-du-village" / "index.html")
    assert "5 de març de 2026" in news.text
    assert "5 mars 2026" in scan(live / "actualites" / "fete-du-village" / "index.html").text


def test_occitan_pages_link_the_feeds_at_the_root(live: Path) -> None:
    news = scan(live / "oc" / "actualites" / "index.html")
    feeds = news.find("link", type="application/atom+xml")
    assert feeds and all(feed["href"] == "../../actualites/atom.xml" for feed in feeds)


def test_french_only_site_has_no_other_language(tmp_path: Path, build) -> None:
    build(site_content(), tmp_path, "r1", now=NOW)
    live = tmp_path / "live"
    assert not (live / "oc").exists() and not (live / "en").exists()
    html = (live / "ecole" / "index.html").read_text()
    assert "language-switcher" not in html and "hreflang" not in html


def test_dropped_language_is_gone_from_the_next_release(tmp_path: Path, build) -> None:
    build(bilingual_site(), tmp_path, "r1", now=NOW)
    assert (tmp_path / "live" / "oc" / "index.html").is_file()
    build(site_content(), tmp_path, "r2", now=NOW)
    assert not (tmp_path / "live" / "oc").exists()
    assert not (tmp_path / "work" / "lang" / "oc").exists()


def test_a_site_in_three_languages_has_each_one(tmp_path: Path, build) -> None:
    build(site_content(languages=("fr", "oc", "en")), tmp_path, "r1", now=NOW)
    page = scan(tmp_path / "live" / "en" / "ecole" / "index.html")
    assert page.find("html", lang="en") and "Skip to content" in page.text
    assert [a["href"] for a in page.find("a", hreflang="en")] == ["../../en/ecole/"]
    links = page.find("link", rel="alternate")
    assert {link.get("hreflang") for link in links} >= {"fr", "oc", "en", "x-default"}
    assert (tmp_path / "live" / "oc" / "ecole" / "index.html").is_file()
    assert not (tmp_path / "live" / "en" / "oc").exists()


def test_localized_falls_back_field_by_field() -> None:
    act = ActContent(
        item_id=1, slug="a", kind="arrete", number="1", title="Arrêté", summary="Résumé",
        act_date=date(2026, 1, 1), published_at=NOW, file=None,
        translations={"oc": {"title": "Arrestat", "summary": " "}},
    )  # fmt: skip
    shown = localized(site_content(languages=("fr", "oc"), acts=(act,)), "oc").acts[0]
    assert (shown.title, shown.summary, shown.untranslated) == ("Arrestat", "Résumé", ("summary",))
    assert localized(site_content(acts=(act,)), "fr").acts[0] is act


def test_translatable_texts_match_the_models() -> None:
    assert {kind.site_field: kind.model.translatable_fields for kind in CONTENT_KINDS} == (
        TRANSLATABLE
    )


def test_occitan_pages_pass_the_nu_html_checker(live: Path, tmp_path: Path) -> None:
    from test_html_validity import _nu_errors

    pages = {
        str(path.relative_to(live)): path.read_text(encoding="utf-8")
        for path in (live / "oc").rglob("*.html")
    }
    pages["index.html"] = (live / "index.html").read_text(encoding="utf-8")  # its switcher
    assert len(pages) > 10
    assert _nu_errors(pages, tmp_path / "nu") == {}


def _alert(message: str, occitan: str) -> AlertContent:
    return AlertContent(
        item_id=7,
        message=message,
        level="vigilance",
        starts_at=NOW - timedelta(hours=1),
        ends_at=NOW + timedelta(days=1),
        published_at=NOW - timedelta(hours=1),
        translations={"oc": {"message": occitan}} if occitan else {},
    )


def _same_file(left: Path, right: Path) -> bool:
    """Byte for byte; JSON by value (Pagefind writes its languages in any order)."""
    if left.suffix == ".json":
        return json.loads(left.read_bytes()) == json.loads(right.read_bytes())
    return filecmp.cmp(left, right, shallow=False)


def test_an_alert_patches_every_language_into_what_a_full_build_writes(
    tmp_path: Path, build
) -> None:
    """The alerts' fast path patches each language's pages with its own banner."""
    build(bilingual_site(), tmp_path / "patched", "r1", now=NOW)
    alerts = (_alert("Route barrée", "Camin barrat"), replace(_alert("Orage", ""), item_id=8))
    result = build(bilingual_site(alerts=alerts), tmp_path / "patched", "r2", now=NOW)
    assert "alerts only changed" in result.log
    build(bilingual_site(alerts=alerts), tmp_path / "full", "r1", now=NOW)
    patched, full = tmp_path / "patched" / "releases" / "r2", tmp_path / "full" / "releases" / "r1"
    files = sorted(str(p.relative_to(full)) for p in full.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(patched)) for p in patched.rglob("*") if p.is_file())
    assert [name for name in files if not _same_file(full / name, patched / name)] == []
    occitan = (patched / "oc" / "ecole" / "index.html").read_text()
    assert "Camin barrat" in occitan and '<span lang="fr">Orage</span>' in occitan
    assert "Vigilància" in occitan
    assert "Route barrée" in (patched / "ecole" / "index.html").read_text()
    assert "Camin barrat" in (patched / "oc" / "alertes" / "index.html").read_text()


def test_language_folders_are_reserved_page_addresses(tmp_path: Path, build) -> None:
    occitan_page = replace(PAGES[0], slug="oc", title="La lenga occitana")
    with pytest.raises(BuildError) as error:
        build(site_content(pages=(occitan_page,)), tmp_path, "r1", now=NOW)
    assert "réservée" in error.value.message


def _broken_links(release: Path, folder: Path) -> dict[str, list[str]]:
    """Relative links of the pages under ``folder`` that lead to no file of the release."""
    broken: dict[str, list[str]] = {}
    for page in folder.rglob("*.html"):
        for _tag, attrs in scan(page).tags:
            for name in ("href", "src"):
                link = attrs.get(name, "")
                if not link or link.startswith(("#", "/", "http:", "https:", "mailto:", "tel:")):
                    continue
                target = (page.parent / link.split("#")[0].split("?")[0]).resolve()
                if link.split("#")[0].endswith("/"):
                    target = target / "index.html"
                if not target.is_relative_to(release.resolve()) or not target.exists():
                    broken.setdefault(str(page.relative_to(release)), []).append(link)
    return broken


def test_every_link_of_the_occitan_pages_leads_somewhere(live: Path) -> None:
    """Pages, feeds, open data and attached files: under oc/ or, for single files, at the root."""
    assert (live / "oc" / "agenda" / "marche-de-noel" / "index.html").is_file()
    assert _broken_links(live, live / "oc") == {}
