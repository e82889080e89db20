"""Three distinct themes: the base and two variants that override some templates and
bring their own stylesheet; Pelican, previews and the admin resolve them alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.publishing.preview import render_theme_template
from app.publishing.themes import available_themes, resolve_theme
from tests.publishing.publishing_samples import TRANSLATIONS_DIR, site_content
from tests.themes.samples import THEMES, build

THEMES_DIR = PROJECT_ROOT / "themes"


def test_three_themes_are_offered_with_french_labels_and_descriptions():
    themes = available_themes(THEMES_DIR)
    assert [t.name for t in themes] == ["bastide", "clocher", "gazette"]
    for theme in themes:
        assert theme.label and theme.label != theme.name.lower()
        assert len(theme.description) > 40 and "," in theme.description  # French sentences
        assert re.fullmatch(r"#[0-9a-f]{6}", theme.color)
    assert len({t.color for t in themes}) == 3


@pytest.mark.parametrize("name", ["clocher", "gazette"])
def test_a_variant_extends_the_base(name):
    theme = resolve_theme(THEMES_DIR, name)
    assert theme.base == THEMES_DIR / "bastide"
    assert theme.static_dirs == (THEMES_DIR / "bastide/static", THEMES_DIR / name / "static")
    assert theme.template_dirs[-1] == THEMES_DIR / "bastide/templates"


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("variants")
    for theme in THEMES:
        build(site_content(theme=theme), root / theme, root / "files")
    return {theme: root / theme / "live" for theme in THEMES}


def test_a_variant_release_carries_its_stylesheet_over_the_bases(releases):
    own = {t: (releases[t] / "theme/css/theme.css").read_text() for t in THEMES}
    for theme in THEMES:
        assert own[theme] == (THEMES_DIR / theme / "static/css/theme.css").read_text()
        shared = (releases[theme] / "theme/css/style.css").read_text()
        assert shared == (THEMES_DIR / "bastide/static/css/style.css").read_text()
    assert len(set(own.values())) == 3


def test_a_variant_lays_out_its_own_header(releases):
    clocher = (releases["clocher"] / "index.html").read_text()
    bastide = (releases["bastide"] / "index.html").read_text()
    assert 'class="site-header hero-header"' in clocher and "hero-crest" in clocher
    assert "hero-crest" not in bastide and 'class="wrap header-bar"' in bastide


def test_every_theme_uses_system_fonts_and_no_outside_resource():
    for css in THEMES_DIR.glob("*/static/**/*.css"):
        text = css.read_text()
        assert "@font-face" not in text and "@import" not in text, css
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
        assert "marianne" not in text.lower(), css  # the State's typeface is reserved


def test_previews_render_a_variants_templates():
    html = render_theme_template(
        site_content(theme="clocher"), "index.html", {"page_name": "index"}, themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR, static_url="/admin/themes/clocher",
    )  # fmt: skip
    assert "hero-crest" in html
    assert 'href="/admin/themes/clocher/css/theme.css"' in html
