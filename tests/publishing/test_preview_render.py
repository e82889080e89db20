"""render_preview: the page in the theme's layout, in-process, with the admin's assets."""

from __future__ import annotations

from dataclasses import replace

import pytest
from publishing_samples import (
    PAGES,
    THEMES_DIR,
    TRANSLATIONS_DIR,
    XSS_BODY,
    XSS_PAYLOADS,
    HtmlScan,
    assert_inert,
    site_content,
)

from app.publishing.markdown import render_markdown
from app.publishing.preview import render_preview

STATIC_URL = "/admin/themes/bastide/static"


def preview(site=None, page=PAGES[2]) -> str:
    return render_preview(
        site or site_content(),
        page,
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
        static_url=STATIC_URL,
    )


def test_preview_is_the_page_in_the_theme_layout() -> None:
    html = preview()
    doc = HtmlScan(html)
    assert '<html lang="fr">' in html
    assert render_markdown(PAGES[2].body) in html
    assert html.index('<main id="contenu"') < html.index(render_markdown(PAGES[2].body))
    assert doc.find("link", rel="stylesheet", href=f"{STATIC_URL}/css/style.css")
    assert "Aperçu" in doc.text and "Aller au contenu" in doc.text
    assert "Accessibilité : partiellement conforme" in doc.text
    assert "Mis à jour le 1 mai 2024" in doc.text
    current = doc.find("a", **{"aria-current": "page"})
    assert [a["href"] for a in current] == ["http://127.0.0.1:8000/aurignac/horaires/"]


def test_preview_sanitises_the_draft() -> None:
    html = preview(page=replace(PAGES[0], body=XSS_BODY))
    body = html[html.index("<main") : html.index("</main>")]  # the header has a search form
    for _payload, forbidden in XSS_PAYLOADS:
        assert_inert(body, forbidden)
    assert "<script" not in html.lower()


def test_preview_of_a_never_published_draft() -> None:
    draft = replace(PAGES[0], slug="nouvelle", title="Nouvelle page", published_at=None)
    html = preview(page=draft)
    assert "<h1>Nouvelle page</h1>" in html
    assert "Mis à jour" not in html


@pytest.mark.parametrize(
    ("status", "mention"),
    [
        ("non", "Accessibilité : non conforme"),
        ("partiellement", "Accessibilité : partiellement conforme"),
        ("totalement", "Accessibilité : totalement conforme"),
    ],
)
def test_footer_mention_follows_the_status(status: str, mention: str) -> None:
    text = HtmlScan(preview(site_content(accessibility_status=status))).text
    assert mention in text
    others = {"non conforme", "partiellement conforme", "totalement conforme"}
    assert [m for m in others if f"Accessibilité : {m}" in text] == [mention.split(" : ")[1]]
