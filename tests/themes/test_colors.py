"""Whatever colour a collectivity picks, every pair of colours a theme paints meets WCAG
2.1 AA in every state; the ratios are computed from the generated stylesheet itself."""

from __future__ import annotations

import re
import tomllib

import pytest

from app.config import PROJECT_ROOT
from app.publishing.colors import (
    CONTRAST_PAIRS,
    check_main_color,
    contrast_failures,
    contrast_ratio,
    derive_palette,
)
from app.publishing.identity import identity_stylesheet
from tests.themes.samples import THEMES

TEST_COLORS = ["#ffff00", "#00ff00", "#e2001a", "#000080", "#ffffff", "#777777", "#00ffff",
               "#ff00ff", "#000000", "#ffdd00", "#0a3a66", "#f0f0f0"]  # fmt: skip
PROPERTY = re.compile(r"--([a-z-]+):\s*(#[0-9a-f]{6});")


def _properties(css: str) -> dict[str, str]:
    """The colour custom properties a stylesheet's ``:root`` blocks set, the last winning."""
    found: dict[str, str] = {}
    for block in re.findall(r":root\s*\{([^}]*)\}", css):
        found |= dict(PROPERTY.findall(block))
    return found


@pytest.mark.parametrize("color", TEST_COLORS)
def test_every_pair_of_the_generated_stylesheet_meets_aa(color):
    palette = _properties(identity_stylesheet(color))
    assert set(palette) >= {name for pair in CONTRAST_PAIRS for name in pair[:2]}
    for foreground, background, minimum, where in CONTRAST_PAIRS:
        ratio = contrast_ratio(palette[foreground], palette[background])
        assert ratio >= minimum, f"{color}: {where} ({foreground} on {background}) {ratio:.2f}"


def test_the_pairs_cover_every_state_of_a_link_and_the_focus():
    wheres = " ".join(where for *_, where in CONTRAST_PAIRS)
    for state in ("hover", "visited", "current", "focus", "header", "footer", "tinted"):
        assert state in wheres


@pytest.mark.parametrize(
    ("color", "used"), [("#ffff00", "#7a7a00"), ("#00ff00", "#008a00"), ("#FFFFFF", "#767676")]
)
def test_a_colour_without_contrast_is_corrected_and_the_clerk_told(color, used):
    check = check_main_color(color)
    assert check.corrected and check.used == used
    assert contrast_ratio(check.used, "#ffffff") >= 4.5
    assert "4,5:1" in check.message and used in check.message
    assert f"{contrast_ratio(color.lower(), '#ffffff'):.2f}".replace(".", ",") in check.message


def test_a_dark_enough_colour_is_used_as_chosen():
    check = check_main_color("#e2001a")
    assert (check.used, check.corrected, check.message) == ("#e2001a", False, "")


def test_yellow_is_never_published_as_a_text_or_background_colour():
    css = identity_stylesheet("#ffff00")
    palette = _properties(css)
    assert "#ffff00" not in palette.values()
    assert contrast_failures(palette) == []
    assert "#ffff00" in css.splitlines()[0]  # the comment says what was chosen


@pytest.mark.parametrize("theme", THEMES)
def test_each_themes_own_colours_are_derived_from_its_colour_and_meet_aa(theme):
    """No colour chosen: the theme's own, from theme.toml, as the generator would make it."""
    with (PROJECT_ROOT / "themes" / theme / "theme.toml").open("rb") as handle:
        color = tomllib.load(handle)["color"]
    shared = (PROJECT_ROOT / "themes/bastide/static/css/style.css").read_text()
    own = (PROJECT_ROOT / "themes" / theme / "static/css/theme.css").read_text()
    palette = _properties(shared + own)
    derived = derive_palette(color)
    assert {name: palette[name] for name in derived} == derived
    assert contrast_failures(palette) == []
