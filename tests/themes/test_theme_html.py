"""The Nu HTML checker finds no error on the home page, a page and the 404 page of each
theme (with a coat of arms, a header photo and a colour)."""

from __future__ import annotations

from test_html_validity import _nu_errors

from tests.themes.samples import THEMES


def test_home_page_and_404_of_every_theme_are_valid(sites, tmp_path):
    pages = {
        f"{theme}/{path}": (sites[theme] / path).read_text(encoding="utf-8")
        for theme in THEMES
        for path in ("index.html", "404.html", "ecole/index.html")
    }
    assert _nu_errors(pages, tmp_path / "nu") == {}
