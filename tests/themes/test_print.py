"""Every theme prints the content in black on white, without the navigation, the search
and the language switcher, with the address of each external link after it."""

from __future__ import annotations

import re

from app.config import PROJECT_ROOT

STYLE = PROJECT_ROOT / "themes/bastide/static/css/style.css"


def _print_rules() -> str:
    css = STYLE.read_text()
    start = css.index("@media print {")
    depth = 0
    for index in range(css.index("{", start), len(css)):
        depth += {"{": 1, "}": -1}.get(css[index], 0)
        if depth == 0:
            return css[start:index]
    raise AssertionError("unclosed @media print")


def test_the_shared_stylesheet_has_print_rules_for_every_theme():
    rules = _print_rules()
    hidden = re.search(r"([^{}]+)\{\s*display: none !important;", rules).group(1)
    for selector in (".site-nav", ".site-search", ".language-switcher", ".skip-link"):
        assert selector in hidden
    assert 'content: " (" attr(href) ")"' in rules and 'a[href^="http"]::after' in rules
    assert "color: #000 !important" in rules and "background: #fff !important" in rules


def test_every_page_links_the_shared_stylesheet(sites):
    for live in sites.values():
        html = (live / "ecole" / "index.html").read_text()
        assert 'href="../theme/css/style.css"' in html
