"""News on a built site: one page per item, a paginated archive, the photos beside their
items, the home page's three newest, an empty archive on a site without news."""

from __future__ import annotations

import gettext
from dataclasses import replace
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path

import pytest
from publishing_samples import TRANSLATIONS_DIR, HtmlScan, site_content

from app.publishing.export import ExportError
from app.publishing.news import PER_PAGE, news_context, news_documents
from app.publishing.pipeline import BuildError
from app.publishing.theming import load_translations

from .conftest import image_bytes, many_items, news_item

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
FR = load_translations(TRANSLATIONS_DIR, "fr")


def read(path: Path) -> HtmlScan:
    return HtmlScan(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def photo(tmp_path_factory):
    """A photo in a private file store: (its bytes, its FileContent, the store)."""
    import hashlib

    from app.files.paths import file_path
    from app.publishing.content import FileContent

    data = image_bytes((320, 240))
    files_dir = tmp_path_factory.mktemp("files")
    sha256 = hashlib.sha256(data).hexdigest()
    file_path(files_dir, sha256).parent.mkdir(parents=True)
    file_path(files_dir, sha256).write_bytes(data)
    return data, FileContent(sha256, len(data), "image/jpeg", "fete.jpg", 320, 240), files_dir


@pytest.fixture(scope="module")
def items(photo) -> tuple:
    """23 items (three archive pages); the newest has a photo and a rich text."""
    _data, stored, _files = photo
    *older, newest = many_items(23)
    newest = replace(
        newest,
        slug="fete-du-village",
        title="Fête du village",
        news_date=date(2026, 11, 20),
        summary="Le programme & les horaires <complets>.",
        body="# Programme\n\nConcert à **20 h**.\n\n<script>alert(1)</script>",
        image=stored,
        image_alt="La fanfare sur la place",
    )
    return (*older, newest)


@pytest.fixture(scope="module")
def site(tmp_path_factory, build_news_site, items, photo) -> Path:
    site_dir = tmp_path_factory.mktemp("news")
    build_news_site(site_content(news=items), site_dir, now=NOW, files_dir=photo[2])
    return site_dir / "live"


def test_each_item_has_its_page(site: Path, photo) -> None:
    path = site / "actualites" / "fete-du-village" / "index.html"
    html = path.read_text(encoding="utf-8")
    doc = HtmlScan(html)
    assert "<h1>Fête du village</h1>" in html
    assert doc.find("time", datetime="2026-11-20")
    assert "20 novembre 2026" in doc.text
    [image] = doc.find("img", src="../../actualites/fete-du-village/fete.jpg")
    assert (image["alt"], image["width"], image["height"]) == (
        "La fanfare sur la place",
        "320",
        "240",
    )
    assert "<h2>Programme</h2>" in html and "<strong>20 h</strong>" in html
    assert "<script>alert" not in html  # the body went through the sanitising reader
    assert [a for a in doc.find("a") if a["href"] == "../../actualites/"]
    [feed] = doc.find("link", rel="alternate", type="application/atom+xml")
    assert feed["href"] == "../../actualites/atom.xml"


def test_the_photo_is_published_byte_for_byte(site: Path, photo) -> None:
    data, _stored, _files = photo
    assert (site / "actualites" / "fete-du-village" / "fete.jpg").read_bytes() == data


def test_the_archive_has_ten_items_a_page(site: Path) -> None:
    first = read(site / "actualites" / "index.html")
    second = read(site / "actualites" / "page" / "2" / "index.html")
    third = read(site / "actualites" / "page" / "3" / "index.html")
    assert not (site / "actualites" / "page" / "4").exists()
    assert not (site / "actualites" / "page" / "1").exists()  # page 1 is /actualites/

    def titles(doc: HtmlScan) -> list[str]:
        hrefs = [a["href"] for a in doc.find("a")]
        return [h for h in hrefs if "/actualites/info-" in h or "/fete-du-village/" in h]

    assert len(titles(first)) == PER_PAGE and len(titles(second)) == PER_PAGE
    assert len(titles(third)) == 3
    # Newest first: the party, then info-21, info-20...; the oldest (info-00) last.
    assert titles(first)[:2] == ["../actualites/fete-du-village/", "../actualites/info-21/"]
    assert titles(third)[-1] == "../../../actualites/info-00/"
    assert "Le programme &amp; les horaires &lt;complets&gt;." in (
        site / "actualites" / "index.html"
    ).read_text(encoding="utf-8")


def test_the_pagination_is_an_accessible_navigation(site: Path) -> None:
    doc = read(site / "actualites" / "page" / "2" / "index.html")
    [nav] = doc.find("nav", **{"aria-label": FR.gettext("Pages of the news")})
    assert nav["class"] == "pagination"
    [current] = doc.find("a", **{"aria-current": "page", "href": "../../../actualites/page/2/"})
    assert current
    pages = [a["href"] for a in doc.find("a") if a["href"].startswith("../../../actualites/")]
    assert "../../../actualites/" in pages and "../../../actualites/page/3/" in pages
    assert doc.find("a", rel="prev", href="../../../actualites/")
    assert doc.find("a", rel="next", href="../../../actualites/page/3/")
    first = read(site / "actualites" / "index.html")
    assert not first.find("a", rel="prev") and first.find("a", rel="next")
    assert first.find("a", **{"aria-current": "page", "href": "../actualites/"})


def test_the_three_newest_are_in_the_home_context(items) -> None:
    older = news_item(
        "plus-ancienne", date(2026, 11, 20), published_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    context = news_context(
        site_content(news=(*items, older)), lang="fr", translations=FR, now=NOW
    )  # fmt: skip
    latest = context["NEWS_LATEST"]
    # Same date: the latest publication first.
    assert [n["slug"] for n in latest] == ["fete-du-village", "plus-ancienne", "info-21"]
    assert latest[0] == {
        "slug": "fete-du-village",
        "title": "Fête du village",
        "url": "actualites/fete-du-village/",
        "date_iso": "2026-11-20",
        "date_label": "20 novembre 2026",
        "summary": "Le programme & les horaires <complets>.",
        "image": {
            "url": "actualites/fete-du-village/fete.jpg",
            "alt": "La fanfare sur la place",
            "width": 320,
            "height": 240,
        },
    }
    assert latest[2]["image"] is None
    assert context["NEWS_URL"] == "actualites/"
    assert [p["url"] for p in context["NEWS_PAGES"]] == [
        "actualites/", "actualites/page/2/", "actualites/page/3/"
    ]  # fmt: skip


def test_a_site_without_news_says_so(build_news_site, tmp_path: Path) -> None:
    build_news_site(site_content(news=()), tmp_path, now=NOW)
    html = (tmp_path / "live" / "actualites" / "index.html").read_text(encoding="utf-8")
    assert FR.gettext("There is no news yet.") in unescape(html)
    assert "pagination" not in html
    assert (tmp_path / "live" / "actualites" / "atom.xml").is_file()
    assert (
        news_context(site_content(), lang="fr", translations=gettext.NullTranslations(), now=NOW)[
            "NEWS_LATEST"
        ]
        == []
    )


def test_a_missing_photo_fails_the_build_and_keeps_the_live_site(
    build_news_site, tmp_path: Path, photo
) -> None:
    _data, stored, _files = photo
    broken = news_item("sans-photo", date(2026, 11, 2), image=stored, image_alt="x")
    with pytest.raises(BuildError, match=r"fete\.jpg"):
        build_news_site(site_content(news=(broken,)), tmp_path, files_dir=tmp_path / "empty")


@pytest.mark.parametrize("slug", ["page", "Pas-Valide", "a/b"])
def test_an_invalid_item_address_is_refused_at_export(slug: str) -> None:
    with pytest.raises(ExportError):
        news_documents(site_content(news=(news_item(slug, date(2026, 11, 2)),)), now=NOW)


def test_archive_documents_name_their_page(items) -> None:
    documents = news_documents(site_content(news=items), now=NOW)
    assert {"actualites.page.1.md", "actualites.page.2.md", "actualites.page.3.md"} <= set(
        documents
    )
    second = documents["actualites.page.2.md"].decode()
    assert "Slug: actualites/page/2\n" in second and "Template: news_index\n" in second
    assert "News_page: 2\n" in second
    item = documents["actualites.fete-du-village.md"].decode()
    assert "Slug: actualites/fete-du-village\n" in item and "Template: news\n" in item
