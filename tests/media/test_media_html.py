"""The library's screens, and a page showing library files, pass html5lib and the Nu HTML
checker (the helpers of tests/publishing/test_html_validity.py)."""

from __future__ import annotations

from pathlib import Path

from publishing_samples import THEMES_DIR, TRANSLATIONS_DIR, site_content
from sqlalchemy import select
from test_html_validity import _nu_errors, _parse_errors

from app.models import MediaItem, Page
from app.publishing.content import PageContent
from app.publishing.media import ReleaseMedia
from app.publishing.preview import render_preview
from tests.conftest import post_form

from .conftest import library_url, pdf_bytes
from .test_site import _document, _image


def test_library_screens_are_valid_html(client, upload, one_image, commune, database, tmp_path):
    assert upload(pdf_bytes(), "scan.pdf").status_code == 302
    refused = upload(b"<html></html>", "x.jpg", title="Garde")
    assert refused.status_code == 400
    with database.unit_of_work() as session:
        session.add(Page(commune_id=commune.id, title="Lavoir", slug="lavoir",
                         body=f"![](media:{one_image.id})"))  # fmt: skip
        scan = session.scalar(select(MediaItem).where(MediaItem.kind == "document"))
    pages = {
        "library": client.get(library_url(commune)).get_data(as_text=True),
        "upload refused": refused.get_data(as_text=True),
        "image": client.get(library_url(commune, str(one_image.id))).get_data(as_text=True),
        "scan": client.get(library_url(commune, str(scan.id))).get_data(as_text=True),
    }
    invalid = post_form(client, library_url(commune, str(one_image.id)), {"title": ""})
    pages["description refused"] = invalid.get_data(as_text=True)
    assert invalid.status_code == 400
    assert {name: _parse_errors(html) for name, html in pages.items() if _parse_errors(html)} == {}
    assert _nu_errors(pages, tmp_path / "nu") == {}


def test_a_page_with_library_files_is_valid_html(tmp_path: Path) -> None:
    media = ReleaseMedia([_image(credit="© Photo : Jean", avif=True), _document()])
    body = "# Le lavoir\n\n![](media:1)\n\nVoici ![Le parvis](media:1) et [le budget](media:2)."
    page = PageContent("lavoir", "Le lavoir", body, 0, None)
    options = {"themes_dir": THEMES_DIR, "translations_dir": TRANSLATIONS_DIR}
    html = render_preview(site_content(), page, static_url="/theme", media=media, **options)
    assert "<figure>" in html and "srcset=" in html
    assert _parse_errors(html) == []
    assert _nu_errors({"page": html}, tmp_path / "nu") == {}


def test_an_empty_library_is_valid_html(client, login, editor, commune, tmp_path):
    login(editor.email)
    html = client.get(library_url(commune)).get_data(as_text=True)
    assert _parse_errors(html) == [] and _nu_errors({"empty": html}, tmp_path) == {}
