"""The home page stays under 30 KB before images (its HTML, stylesheets and scripts) at any
site size: it shows the menu's pages, never every page (the site map lists them all)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.publishing.content import NewsContent
from app.publishing.settings import MENU_LIMIT
from tests.publishing.publishing_samples import PUBLISHED, HtmlScan, page, site_content
from tests.themes.samples import build

HOME_LIMIT = 30 * 1024


def _large_site(theme: str):
    pages = tuple(
        page(f"page-{n:04d}", f"Une page au titre assez long, numéro {n:04d}", n, body="Texte.")
        for n in range(1500)
    )
    news = tuple(
        NewsContent(
            slug=f"nouvelle-{n}", title=f"Nouvelle au titre assez long numéro {n}",
            news_date=date(2026, 1 + n % 12, 1 + n % 28), published_at=PUBLISHED,
            summary="Un résumé de deux lignes, comme les secrétaires de mairie en écrivent. " * 2,
        )
        for n in range(60)
    )  # fmt: skip
    return replace(site_content(theme=theme, main_color="#e2001a"), pages=pages, news=news)


@pytest.mark.parametrize("theme", ["bastide", "clocher"])  # gazette: same lists
def test_the_home_page_of_a_1500_page_site_is_under_30_kb(tmp_path, theme):
    build(_large_site(theme), tmp_path / "site", tmp_path / "files")
    live = tmp_path / "site" / "live"
    doc = HtmlScan((live / "index.html").read_text(encoding="utf-8"))
    assets = [link["href"] for link in doc.find("link", rel="stylesheet")]
    assets += [script["src"] for script in doc.find("script") if script.get("src")]
    sizes = {path: (live / path).stat().st_size for path in ["index.html", *assets]}
    assert len(assets) >= 3  # the shared stylesheet, the theme's, the hours script
    assert sum(sizes.values()) <= HOME_LIMIT, sizes
    hrefs = [a["href"] for a in doc.find("a")]
    listed = {href for href in hrefs if href.startswith("./page-")}
    assert len(listed) == MENU_LIMIT  # the menu's pages, in the menu and on the home
    assert "./plan-du-site/" in hrefs
