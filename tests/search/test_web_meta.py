"""What the web expects of a site: sitemap.xml, robots.txt, favicons (from the logo, or
the initial on the site's colour), description, Open Graph, canonical URL, feed links."""

from __future__ import annotations

import gettext
import hashlib
import io
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import jinja2
from PIL import Image
from publishing_samples import HtmlScan
from search_samples import THEMES_DIR, TRANSLATIONS_DIR, build, full_site

from app.files.paths import file_path
from app.publishing.colors import check_main_color
from app.publishing.content import FileContent, MediaContent, RenditionContent
from app.publishing.preview import render_preview
from app.publishing.settings import theme_context
from app.publishing.theming import JINJA_OPTIONS, jinja_globals
from app.publishing.web_meta import DEFAULT_COLOR, html_pages, initial

LIVE_URL = "http://127.0.0.1:8000/aurignac/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _head(live: Path, page: str) -> HtmlScan:
    html = (live / page).read_text()
    return HtmlScan(html[: html.index("</head>")])


def _meta(head: HtmlScan) -> dict[str, str]:
    found = {}
    for tag, attrs in head.tags:
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            found[attrs.get("property") or attrs["name"]] = attrs["content"]
    return found


def test_the_sitemap_lists_every_page_with_its_last_change(live: Path) -> None:
    root = ET.fromstring((live / "sitemap.xml").read_bytes())  # noqa: S314 - our own build
    urls = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }
    pages = [p.relative_to(live).as_posix() for p in live.rglob("*.html")]
    expected = {LIVE_URL + p.removesuffix("index.html") for p in pages if p != "404.html"}
    assert set(urls) == expected and len(urls) == len(expected) >= 20
    assert urls[LIVE_URL + "annuaire/mairie/"] == "2024-05-01T10:30:00+02:00"  # published
    assert urls[LIVE_URL + "actualites/kermesse-de-printemps/"] == "2026-11-02T10:00:00+01:00"
    assert urls[LIVE_URL] == "2026-11-02T10:00:00+01:00"  # the site's last change


def test_the_not_found_page_is_not_in_the_sitemap(tmp_path: Path) -> None:
    for relative in ("index.html", "404.html", "annuaire/index.html"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("<!doctype html>")
    assert html_pages(tmp_path) == ["annuaire/index.html", "index.html"]


def test_robots_txt_allows_everything_and_gives_the_sitemap(live: Path) -> None:
    assert (live / "robots.txt").read_text() == (
        f"User-agent: *\nAllow: /\n\nSitemap: {LIVE_URL}sitemap.xml\n"
    )


def test_without_a_logo_the_favicon_is_the_initial_on_the_site_colour(live: Path) -> None:
    with Image.open(live / "favicon.ico") as icon:
        assert icon.format == "ICO"
        assert sorted(icon.info["sizes"]) == [(16, 16), (32, 32)]
        corner = icon.convert("RGB").getpixel((1, 1))
    assert corner == _rgb(DEFAULT_COLOR)
    with Image.open(live / "apple-touch-icon.png") as touch:
        assert touch.size == (180, 180) and touch.mode == "RGB"
        assert touch.getpixel((2, 2)) == _rgb(DEFAULT_COLOR)
        centre = touch.crop((60, 40, 120, 140))
        assert (255, 255, 255) in [colour for _, colour in centre.getcolors(10_000)]  # the A


def test_the_initial_skips_the_article() -> None:
    assert [initial(n) for n in ("Aurignac", "Le Vernet", "L'Isle-en-Dodon", "Les Angles")] == [
        "A", "V", "I", "A",
    ]  # fmt: skip


def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


def _png(size: tuple[int, int], color: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def _stored(files_dir: Path, data: bytes, filename: str, size: tuple[int, int]) -> FileContent:
    sha = hashlib.sha256(data).hexdigest()
    path = file_path(files_dir, sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return FileContent(sha, len(data), "image/png", filename, width=size[0], height=size[1])


def _image(files_dir: Path, media_id: int, color: str, size: tuple[int, int]) -> MediaContent:
    rendition = _stored(files_dir, _png(size, color), f"image-{media_id}.png", size)
    return MediaContent(
        id=media_id,
        kind="image",
        title=f"Image {media_id}",
        file=rendition,
        alt_text=f"Image {media_id} de la commune",
        renditions=(RenditionContent(size[0], size[1], "png", rendition),),
    )


def test_the_favicon_is_drawn_from_the_logo(tmp_path: Path) -> None:
    files_dir = tmp_path / "files"
    logo = _image(files_dir, 41, "#b01020", (120, 80))
    content = replace(full_site(), logo=logo, media=(logo,))
    release = build(content, tmp_path / "site", files_dir=files_dir).release_path
    with Image.open(release / "favicon.ico") as icon:
        assert icon.convert("RGBA").getpixel((16, 16)) == (176, 16, 32, 255)
        assert icon.convert("RGBA").getpixel((16, 1))[3] == 0  # letterboxed: transparent
    with Image.open(release / "apple-touch-icon.png") as touch:
        assert touch.getpixel((90, 90)) == (176, 16, 32)
        assert touch.getpixel((90, 2)) == (255, 255, 255)  # opaque margin
    meta = _meta(_head(release, "index.html"))
    assert meta["og:image"] == LIVE_URL + "medias/41/image-41.png"
    assert meta["og:image:alt"] == "Image 41 de la commune"


def test_the_header_photo_is_the_shared_image_and_the_chosen_colour_the_initial_s(
    tmp_path: Path,
) -> None:
    files_dir = tmp_path / "files"
    photo = _image(files_dir, 42, "#336699", (1200, 630))
    content = replace(full_site(), header_photo=photo, media=(photo,), main_color="#ffff00")
    release = build(content, tmp_path / "site", files_dir=files_dir).release_path
    meta = _meta(_head(release, "horaires/index.html"))
    assert meta["og:image"] == LIVE_URL + "medias/42/image-42.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    with Image.open(release / "apple-touch-icon.png") as touch:
        assert touch.getpixel((2, 2)) == _rgb(check_main_color("#ffff00").used)  # AA shade


def test_every_page_has_description_open_graph_and_canonical(live: Path) -> None:
    entry = _meta(_head(live, "annuaire/mairie/index.html"))
    assert entry["description"] == "Accueil du public, état civil, urbanisme."  # its summary
    assert entry["og:title"] == "Mairie d'Aurignac"
    assert entry["og:type"] == "article"
    assert entry["og:url"] == LIVE_URL + "annuaire/mairie/"
    assert entry["og:site_name"] == "Aurignac"
    assert entry["og:locale"] == "fr_FR"
    assert "og:image" not in entry  # no logo, no photo
    head = _head(live, "annuaire/mairie/index.html")
    assert head.find("link", rel="canonical") == [
        {"rel": "canonical", "href": LIVE_URL + "annuaire/mairie/"}
    ]
    home = _meta(_head(live, "index.html"))
    assert home["og:type"] == "website" and home["og:url"] == LIVE_URL
    assert home["description"].startswith("Aurignac")  # the sentence about the site
    page = _meta(_head(live, "horaires/index.html"))
    assert page["description"].startswith("Bienvenue La mairie vous accueille")  # its text
    news = _meta(_head(live, "actualites/kermesse-de-printemps/index.html"))
    assert news["description"] == "Stands et jeux sur la place."


def test_the_canonical_address_is_the_site_s_own_host_name(tmp_path: Path) -> None:
    content = replace(full_site(), live_url="https://www.aurignac.fr/")
    release = build(content, tmp_path / "site").release_path
    head = _head(release, "agenda/marche-de-plein-vent/index.html")
    assert head.find("link", rel="canonical")[0]["href"] == (
        "https://www.aurignac.fr/agenda/marche-de-plein-vent/"
    )
    assert "Sitemap: https://www.aurignac.fr/sitemap.xml" in (release / "robots.txt").read_text()


def test_feeds_and_favicons_are_linked_from_every_page(live: Path) -> None:
    for page, prefix in (("index.html", "./"), ("annuaire/mairie/index.html", "../../")):
        head = _head(live, page)
        feeds = {a["href"]: a["type"] for a in head.find("link", rel="alternate")}
        assert feeds == {
            f"{prefix}actualites/atom.xml": "application/atom+xml",
            f"{prefix}agenda/agenda.ics": "text/calendar",
        }, page
        assert head.find("link", rel="icon")[0]["href"] == f"{prefix}favicon.ico"
        assert head.find("link", rel="apple-touch-icon")[0]["href"] == (
            f"{prefix}apple-touch-icon.png"
        )
    news_head = _head(live, "actualites/kermesse-de-printemps/index.html")
    atom = [a["href"] for a in news_head.find("link", rel="alternate")]
    assert atom.count("../../actualites/atom.xml") == 1  # its own link, not twice
    for relative in ("actualites/atom.xml", "agenda/agenda.ics"):
        assert (live / relative).is_file()


def _render(template: str, **context) -> str:
    """``template`` of the base theme as a build renders it (untranslated)."""
    options = {key: value for key, value in JINJA_OPTIONS.items() if key != "autoescape"}
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(THEMES_DIR / "bastide" / "templates")),
        autoescape=True,
        **options,
    )
    env.globals.update(jinja_globals(gettext.NullTranslations()))
    return env.get_template(template).render({**theme_context(full_site()), **context})


def test_the_not_found_page_links_from_the_site_root() -> None:
    """Served at any depth, the 404 page cannot use relative links."""
    context = {"SITEURL": ".", "output_file": "404.html", "page_name": "404"}
    head = HtmlScan(_render("_head_meta.html", **context))
    assert head.find("link", rel="icon")[0]["href"] == "/aurignac/favicon.ico"
    assert head.find("link", rel="canonical") == []  # no address of its own
    form = HtmlScan(_render("_search_form.html", **context))
    assert form.find("form")[0]["action"] == "/aurignac/recherche/"


def test_a_preview_has_no_canonical_address_nor_open_graph() -> None:
    html = render_preview(
        full_site(),
        full_site().pages[0],
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
        static_url="/admin/theme-static/bastide",
    )
    head = HtmlScan(html[: html.index("</head>")])
    assert head.find("link", rel="canonical") == [] and head.find("link", rel="icon") == []
    assert [a for t, a in head.tags if t == "meta" and "property" in a] == []
    assert head.find("meta", name="description")  # the description still helps
