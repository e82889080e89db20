"""The news pages of a site and the news screens pass html5lib and the Nu HTML checker
(the helpers of tests/publishing/test_html_validity.py)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

from publishing_samples import site_content
from test_html_validity import _nu_errors, _parse_errors

from app.files.paths import file_path
from app.publishing.content import FileContent
from tests.conftest import post_form

from .conftest import image_bytes, many_items
from .test_news_admin import with_photo


def _site_pages(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in (root / "actualites").rglob("*.html")
    }


def test_news_pages_are_valid_html(build_news_site, tmp_path: Path) -> None:
    data = image_bytes((320, 240))
    sha256 = hashlib.sha256(data).hexdigest()
    files_dir = tmp_path / "files"
    file_path(files_dir, sha256).parent.mkdir(parents=True)
    file_path(files_dir, sha256).write_bytes(data)
    photo = FileContent(sha256, len(data), "image/jpeg", "fete.jpg", 320, 240)
    *older, newest = many_items(12)
    newest = replace(newest, news_date=date(2026, 11, 20), image=photo, image_alt="La fanfare",
                     body="# Programme\n\n- concert\n- bal")  # fmt: skip
    build_news_site(site_content(news=(*older, newest)), tmp_path / "site", files_dir=files_dir)
    build_news_site(site_content(news=()), tmp_path / "empty")
    pages = _site_pages(tmp_path / "site" / "live")
    pages["empty/actualites/index.html"] = (
        tmp_path / "empty" / "live" / "actualites" / "index.html"
    ).read_text(encoding="utf-8")
    assert {"actualites/index.html", "actualites/page/2/index.html"} <= set(pages)
    assert len(pages) == 12 + 3
    assert {name: e for name, e in ((n, _parse_errors(h)) for n, h in pages.items()) if e} == {}
    assert _nu_errors(pages, tmp_path / "nu") == {}


def test_news_screens_are_valid_html(client, login, publisher, tmp_path: Path) -> None:
    login(publisher.email)
    base = "/admin/c/aurignac/news/"
    post_form(client, f"{base}new", with_photo(save="1"))
    pages = {
        url: client.get(url).get_data(as_text=True) for url in (base, f"{base}new", f"{base}1")
    }
    refused = post_form(client, f"{base}new", with_photo(b"<html></html>", image_alt=""))
    assert refused.status_code == 400
    pages["form with errors"] = refused.get_data(as_text=True)
    pages["preview"] = post_form(client, f"{base}preview", with_photo(image=None)).get_data(
        as_text=True
    )
    assert {url: e for url, e in ((u, _parse_errors(h)) for u, h in pages.items()) if e} == {}
    assert _nu_errors(pages, tmp_path / "nu") == {}
