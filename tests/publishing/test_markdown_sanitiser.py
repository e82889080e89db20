"""render_markdown keeps what clerks write and drops everything that could run or track."""

from __future__ import annotations

import pytest
from publishing_samples import XSS_BODY, XSS_PAYLOADS, assert_inert

from app.publishing.markdown import render_markdown


@pytest.mark.parametrize(("payload", "forbidden"), XSS_PAYLOADS)
def test_payload_is_neutralised(payload: str, forbidden: list[str]) -> None:
    assert_inert(render_markdown(payload), forbidden)


def test_all_payloads_together_are_neutralised() -> None:
    html = render_markdown(XSS_BODY)
    for _payload, forbidden in XSS_PAYLOADS:
        assert_inert(html, forbidden)


def test_ordinary_markdown_survives() -> None:
    html = render_markdown(
        "# Titre\n\n## Sous-titre\n\nDu *texte* et du **gras**, un [lien](https://example.fr/) "
        "et [un autre](../horaires/), un [courriel](mailto:mairie@example.fr).\n\n"
        "- un\n- deux\n\n1. premier\n2. second\n\n> citation\n\n"
        "| A | B |\n|---|---|\n| 1 | 2 |\n\n![Plan du bourg](../media/plan.png)\n"
    )
    for fragment in [
        "<em>texte</em>",
        "<strong>gras</strong>",
        '<a href="https://example.fr/" rel="noopener noreferrer">lien</a>',
        'href="../horaires/"',
        'href="mailto:mairie@example.fr"',
        "<ul>\n<li>un</li>",
        "<ol>\n<li>premier</li>",
        "<blockquote>",
        "<table>",
        "<th>A</th>",
        "<td>2</td>",
        '<img alt="Plan du bourg" src="../media/plan.png">',
    ]:
        assert fragment in html


def test_headings_start_below_the_page_title() -> None:
    html = render_markdown("# Un\n\n## Deux\n\n###### Six")
    assert "<h1" not in html
    assert "<h2>Un</h2>" in html
    assert "<h3>Deux</h3>" in html
    assert "<h6>Six</h6>" in html


@pytest.mark.parametrize(
    "source",
    [
        "https://tracker.example/pixel.png",
        "//tracker.example/pixel.png",
        "/\\tracker.example/pixel.png",
        "\\\\tracker.example/pixel.png",
        "/&#9;/tracker.example/pixel.png",
        " //tracker.example/pixel.png",
    ],
)
def test_images_from_other_sites_are_dropped(source: str) -> None:
    """An external image is a request to a third party, however the URL is disguised."""
    html = render_markdown(f'<p><img alt="x" src="{source}"></p>')
    assert "tracker.example" not in html


def test_images_of_the_site_itself_are_kept() -> None:
    assert 'src="/media/plan.png"' in render_markdown("![Plan](/media/plan.png)")
