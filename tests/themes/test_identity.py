"""A site wears its collectivity's identity: the name it chose, its coat of arms, its
header photo with the credit, its colour (as a generated stylesheet, no inline style)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.publishing.identity import coat_of_arms_alt, identity_context, identity_files
from tests.publishing.publishing_samples import HtmlScan, site_content
from tests.themes.samples import build, identity_site


def _html(live: Path, path: str = "index.html") -> str:
    return (live / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("theme", ["bastide", "clocher", "gazette"])
def test_the_shown_name_is_in_the_header_title_heading_and_footer(sites, theme):
    for path in ("index.html", "horaires/index.html"):
        doc = HtmlScan(_html(sites[theme], path))
        assert "Aurignac-en-Comminges" in doc.text.split("Aller au contenu", 1)[1][:150], path
        assert doc.text.count("Aurignac-en-Comminges") >= 3, path  # title, header, footer
    title = _html(sites[theme]).split("<title>")[1].split("</title>")[0]
    assert title.startswith("Aurignac-en-Comminges")


@pytest.mark.parametrize("theme", ["bastide", "clocher", "gazette"])
def test_the_coat_of_arms_is_a_described_image_in_the_link_home(sites, theme):
    html = _html(sites[theme], "ecole/index.html")
    logos = [attrs for tag, attrs in HtmlScan(html).tags if attrs.get("class") == "site-logo"]
    assert len(logos) == 1
    [logo] = logos
    assert logo["alt"] == "Armoiries d'Aurignac-en-Comminges"
    assert logo["src"] == "/aurignac/medias/901/blason.png"
    assert (logo["width"], logo["height"]) == ("120", "140")
    assert (sites[theme] / "medias/901/blason.png").is_file()
    assert html.index('class="site-name"') < html.index('class="site-logo"')


def test_the_coat_of_arms_alternative_follows_french_elision():
    assert coat_of_arms_alt("Aurignac") == "Armoiries d'Aurignac"
    assert coat_of_arms_alt("Castelnaudary") == "Armoiries de Castelnaudary"
    assert coat_of_arms_alt("Hauterive") == "Armoiries d'Hauterive"


def test_a_logo_described_in_the_library_keeps_its_description(tmp_path):
    content = identity_site(tmp_path)
    described = replace(content.logo, alt_text="Logo du village")
    context = identity_context(replace(content, logo=described))
    assert context["IDENTITY"]["logo"]["alt"] == "Logo du village"


@pytest.mark.parametrize("theme", ["bastide", "clocher", "gazette"])
def test_the_header_photo_is_decorative_and_its_credit_is_shown(sites, theme):
    html = _html(sites[theme])
    doc = HtmlScan(html)
    photos = [attrs for tag, attrs in doc.tags if tag == "img" and "village-" in attrs["src"]]
    assert len(photos) == 1
    assert photos[0]["alt"] == ""
    assert photos[0]["src"] == "/aurignac/medias/902/village-960.jpg"
    sources = [attrs for tag, attrs in doc.tags if tag == "source"]
    assert any("/aurignac/medias/902/village-480.webp 480w" in s["srcset"] for s in sources)
    caption = html.split('<figcaption class="photo-credit">')[1].split("</figcaption>")[0]
    assert caption.endswith("Photo Jean Martin, mairie d&#39;Aurignac")  # "Photo : ..."
    assert (sites[theme] / "medias/902/village-960.webp").is_file()


def _images(html: str) -> list[str]:
    return [attrs["src"] for tag, attrs in HtmlScan(html).tags if tag == "img"]


def test_the_clocher_theme_shows_the_photo_on_every_page(sites):
    photo = "/aurignac/medias/902/village-960.jpg"
    assert photo in _images(_html(sites["clocher"], "ecole/index.html"))
    assert photo not in _images(_html(sites["bastide"], "ecole/index.html"))


def test_the_colour_comes_as_a_generated_stylesheet_after_the_themes(sites):
    for theme, live in sites.items():
        html = _html(live, "ecole/index.html")
        order = [html.index(f'/css/{name}.css"') for name in ("style", "theme", "identity")]
        assert order == sorted(order), theme
        assert "style=" not in html, theme
        css = (live / "theme/css/identity.css").read_text()
        assert "--accent: #7a7a00;" in css and "#ffff00" in css  # corrected, and says so


def test_without_a_colour_a_site_wears_its_themes_own(tmp_path):
    build(identity_site(tmp_path / "files", theme="gazette"), tmp_path / "s", tmp_path / "files")
    live = tmp_path / "s" / "live"
    assert not (live / "theme/css/identity.css").exists()
    assert "identity.css" not in _html(live)
    assert "--accent: #2f5d2a;" in (live / "theme/css/theme.css").read_text()


def test_a_site_without_identity_shows_its_official_name_without_images():
    context = identity_context(site_content())
    identity = context["IDENTITY"]
    assert identity["name"] == context["SITENAME"] == "Aurignac"
    assert (identity["logo"], identity["photo"], identity["stylesheet"]) == (None, None, "")
    assert identity["home"] == "/aurignac/"


def test_a_malformed_colour_leaves_the_themes_own(tmp_path):
    content = replace(site_content(), main_color="jaune")
    assert identity_context(content)["IDENTITY"]["stylesheet"] == ""
    assert identity_files(content) == {}
    assert set(identity_files(replace(content, main_color="#FFFF00"))) == {"theme/css/identity.css"}


def test_an_intercommunality_has_a_logo_not_a_coat_of_arms(tmp_path):
    content = replace(identity_site(tmp_path), siren="200071629", display_name="CC Cœur et Coteaux")
    assert identity_context(content)["IDENTITY"]["logo"]["alt"] == "Logo : CC Cœur et Coteaux"
