"""The library on the sites: ``media:<id>`` resolved by the Markdown extension (images with
srcset and size, document links with format and size), the files a release carries."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from io import BytesIO

import pytest
from PIL import Image

from app.builds.snapshot import load_site_content
from app.config import PROJECT_ROOT
from app.media.queries import admin_resolver
from app.models import Commune
from app.publishing.content import FileContent, MediaContent, PageContent, RenditionContent
from app.publishing.markdown import render_markdown
from app.publishing.media import AdminMedia, ReleaseMedia, size_label
from app.publishing.pipeline import build_site
from app.publishing.preview import render_preview
from tests.conftest import publish_directly

from .conftest import GPS_IFD, exif_with_gps, image_bytes, pdf_bytes, post_upload

THEMES_DIR, TRANSLATIONS_DIR = PROJECT_ROOT / "themes", PROJECT_ROOT / "translations"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _file(name: str, media_type: str, size: int = 5000, width=None, height=None) -> FileContent:
    return FileContent("a" * 64, size, media_type, name, width, height)


def _image(media_id=1, *, credit="", decorative=False, avif=False) -> MediaContent:
    formats = ["webp", *(["avif"] if avif else [])]
    renditions = tuple(
        RenditionContent(w, w * 3 // 4, f, _file(f"m-{w}.{f}", f"image/{f}", 100, w, w * 3 // 4))
        for w in (480, 960, 1600)
        for f in formats
    )
    fallback = RenditionContent(1600, 1200, "jpeg", _file("m.jpg", "image/jpeg", 900, 1600, 1200))
    return MediaContent(
        media_id, "image", "Mairie", fallback.file, alt_text="La mairie",
        decorative=decorative, credit=credit, renditions=(*renditions, fallback),
    )  # fmt: skip


def _document(media_id=2, *, has_text=True) -> MediaContent:
    budget = _file("budget.pdf", "application/pdf", 1_258_291)
    return MediaContent(media_id, "document", "Budget 2026", budget, has_text=has_text)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data

    def find(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


def test_an_image_gets_its_copies_its_size_and_its_alternative_text():
    resolver = ReleaseMedia([_image()], base="/aurignac/")
    [img] = Tags(render_markdown("![](media:1)", resolver)).find("img")
    assert img["src"] == "/aurignac/medias/1/m.jpg"
    assert img["srcset"] == ", ".join(
        f"/aurignac/medias/1/m-{w}.webp {w}w" for w in (480, 960, 1600)
    )
    assert img["sizes"] == "(min-width: 50em) 45em, 100vw"
    assert (img["width"], img["height"], img["alt"]) == ("1600", "1200", "La mairie")
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    [img] = Tags(render_markdown("![Le parvis](media:1)", resolver)).find("img")
    assert img["alt"] == "Le parvis"  # the text's own alternative wins


def test_avif_copies_come_as_a_source_the_browser_may_choose():
    html = render_markdown("![](media:1)", ReleaseMedia([_image(avif=True)]))
    [source] = Tags(html).find("source")
    assert source["type"] == "image/avif" and "/medias/1/m-960.avif 960w" in source["srcset"]
    assert html.index("<picture>") < html.index("<img")


def test_a_credit_makes_a_figure_with_its_caption():
    html = render_markdown("![](media:1)", ReleaseMedia([_image(credit="© Photo : Jean")]))
    assert html.startswith("<figure>") and "<figcaption>© Photo : Jean</figcaption>" in html
    inline = render_markdown("Voici ![](media:1) la mairie.", ReleaseMedia([_image(credit="©")]))
    assert "<figure>" not in inline and "<p>Voici <img" in inline


def test_a_decorative_image_has_an_empty_alternative_the_check_knows_about():
    resolver = ReleaseMedia([_image(decorative=True)])
    [img] = Tags(render_markdown("![](media:1)", resolver)).find("img")
    assert img["alt"] == ""
    assert resolver.decorative_srcs == {"/medias/1/m.jpg"}


def test_a_document_link_says_its_format_and_size():
    resolver = ReleaseMedia([_document(has_text=False)], base="/aurignac/")
    html = render_markdown("Lire [le budget](media:2).", resolver)
    assert '<a href="/aurignac/medias/2/budget.pdf"' in html
    assert Tags(html).text == "Lire le budget (PDF, 1,2 Mo)."
    assert resolver.scanned_hrefs == {"/aurignac/medias/2/budget.pdf"}
    assert Tags(render_markdown("[](media:2)", resolver)).text == "Budget 2026 (PDF, 1,2 Mo)"


def test_an_unknown_id_renders_nothing_for_an_image_and_plain_text_for_a_link():
    html = render_markdown("Avant ![x](media:99) après [le budget](media:98) fin.", ReleaseMedia())
    assert Tags(html).find("img") == [] and Tags(html).find("a") == []
    assert Tags(html).text == "Avant  après le budget fin."
    assert "media:" not in html


def test_without_a_library_markdown_renders_as_before():
    assert render_markdown("![x](media:1)") == '<p><img alt="x"></p>'


def test_the_sanitiser_keeps_srcset_on_the_site_only():
    html = render_markdown('<img src="/a.jpg" srcset="https://tracker.example/a.jpg 1x" alt="">')
    assert "srcset" not in html and "tracker" not in html


def test_the_admin_resolver_points_at_the_signed_in_urls():
    resolver = AdminMedia([_image(), _document()], prefix="/admin/c/aurignac")
    html = render_markdown("![](media:1) [budget](media:2)", resolver)
    [img] = Tags(html).find("img")
    assert img["src"] == "/admin/c/aurignac/media/1/view" and "srcset" not in img
    assert Tags(html).find("a")[0]["href"] == "/admin/c/aurignac/media/2/download"


@pytest.fixture
def published(client, login, editor, commune, make_commune, make_user, database):
    """A page using a phone photo (with GPS), a PDF and another commune's image."""
    login(editor.email)
    url = "/admin/c/aurignac/media/"
    photo = image_bytes((1200, 900), exif=exif_with_gps())
    assert post_upload(client, url, photo, "lavoir.jpg", alt_text="Le lavoir").status_code == 302
    assert post_upload(client, url, pdf_bytes(text="Budget"), "budget.pdf").status_code == 302
    assert post_upload(client, url, pdf_bytes(), "unused.pdf").status_code == 302
    other = make_commune(slug="boussan", name="Boussan")
    make_user("clerk@boussan.test", commune=other)
    client.post("/admin/logout")
    login("clerk@boussan.test")
    response = post_upload(client, "/admin/c/boussan/media/", image_bytes(), "x.jpg", alt_text="X")
    assert response.status_code == 302
    # Ids in upload order: 1 the photo, 2 the PDF, 3 unused, 4 Boussan's image.
    body = "# Le lavoir\n\n![](media:1)\n\nVoir [le budget](media:2).\n\n![volé](media:4)\n"
    from app.models import Page

    with database.unit_of_work() as session:
        publish_directly(session, Page(commune_id=commune.id, title="Lavoir", slug="lavoir",
                                       body=body, menu_position=0))  # fmt: skip
    return commune


def _site(database, settings, commune):
    with database.session() as session:
        return load_site_content(session, settings, session.get(Commune, commune.id), NOW)


def test_a_release_carries_the_files_of_the_media_its_pages_use(
    published, database, settings, tmp_path
):
    content = _site(database, settings, published)
    assert [m.id for m in content.media] == [1, 2]  # not unused 3, not Boussan's 4
    site_dir = tmp_path / "site"
    build_site(
        content, site_dir=site_dir, release_name="r1", themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR, files_dir=settings.files_dir, now=NOW,
    )  # fmt: skip
    live = site_dir / "live"
    medias = sorted(p.relative_to(live).as_posix() for p in (live / "medias").rglob("*.*"))
    assert "medias/1/lavoir.jpg" in medias and "medias/2/budget.pdf" in medias
    assert not [path for path in medias if path.startswith(("medias/3/", "medias/4/"))]
    with Image.open(live / "medias" / "1" / "lavoir.jpg") as published_photo:
        exif = published_photo.getexif()
        assert not exif and not exif.get_ifd(GPS_IFD) and "exif" not in published_photo.info
    assert (live / "medias/2/budget.pdf").read_bytes() == pdf_bytes(text="Budget")

    page = Tags((live / "lavoir" / "index.html").read_text(encoding="utf-8"))
    [img] = [img for img in page.find("img") if "/medias/" in img.get("src", "")]
    assert not [img for img in page.find("img") if img.get("alt") == "volé"]  # Boussan's
    assert img["src"] == "/aurignac/medias/1/lavoir.jpg"
    assert "/aurignac/medias/1/lavoir-480.webp 480w" in img["srcset"]
    assert "/aurignac/medias/1/lavoir-900.webp 900w" in img["srcset"]  # turned: 900×1200
    assert (img["width"], img["height"], img["alt"]) == ("900", "1200", "Le lavoir")
    size = size_label(len(pdf_bytes(text="Budget")))
    assert f"Voir le budget (PDF, {size})." in page.text
    assert "media:" not in (live / "lavoir" / "index.html").read_text(encoding="utf-8")


def test_a_preview_shows_the_library_from_the_admin(published, database, settings):
    content = _site(database, settings, published)
    with database.session() as session:
        owner = session.get(Commune, published.id)
        resolver = admin_resolver(session, owner, "![](media:1) ![](media:4)")
    page = PageContent("apercu", "Aperçu", "![](media:1)\n\n![](media:4)", 0, None)
    html = render_preview(content, page, themes_dir=THEMES_DIR, translations_dir=TRANSLATIONS_DIR,
                          static_url="/admin/static", media=resolver)  # fmt: skip
    srcs = [img["src"] for img in Tags(html).find("img") if "media" in img.get("src", "")]
    assert srcs == ["/admin/c/aurignac/media/1/view"]


def test_the_published_photo_is_the_cleaned_one(published, client, login, editor):
    client.post("/admin/logout")
    login(editor.email)
    response = client.get("/admin/c/aurignac/media/1/download")
    with Image.open(BytesIO(response.data)) as image:
        assert not image.getexif()
    response.close()


def test_a_page_cannot_take_the_library_files_address():
    from publishing_samples import page, site_content

    from app.publishing.export import ExportError, documents

    with pytest.raises(ExportError, match="medias"):
        documents(site_content(pages=(page("medias", "Médias", 0),)))
