"""A site's colours from the one its collectivity picks, made to meet WCAG 2.1 AA.

The chosen colour is a wish: the theme uses it as is when white text on it (and it as
text on white) reaches 4.5:1; otherwise it uses the nearest darker shade of the same hue
that does, and says so. No colour is ever published with a contrast below AA.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

AA_TEXT = 4.5
HEX_COLOR = re.compile(r"^#[0-9a-f]{6}$")
WHITE = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (r, g, b))


def darken_to(color: str, background: str = WHITE, ratio: float = AA_TEXT) -> str:
    """``color`` if it contrasts ``ratio`` with ``background``, else the lightest shade of
    its hue (same hue and saturation, lower lightness) that does."""
    if contrast_ratio(color, background) >= ratio:
        return color
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    low, high = 0.0, lightness  # lightness 0 is black: 21:1 against white
    for _ in range(30):
        middle = (low + high) / 2
        candidate = _hex(*colorsys.hls_to_rgb(hue, middle, saturation))
        if contrast_ratio(candidate, background) >= ratio:
            low = middle
        else:
            high = middle
    return _hex(*colorsys.hls_to_rgb(hue, low, saturation))


@dataclass(frozen=True)
class ColorCheck:
    """What the site will use for a chosen colour, and what to tell the clerk."""

    chosen: str
    used: str  # meets AA as text on white and as a background under white text

    @property
    def corrected(self) -> bool:
        return self.used != self.chosen

    @property
    def message(self) -> str:
        """French, for the settings screen; empty when the colour is used as chosen."""
        if not self.corrected:
            return ""
        ratio = f"{contrast_ratio(self.chosen, WHITE):.2f}".replace(".", ",")
        return (
            f"La couleur {self.chosen} n'offre qu'un contraste de {ratio}:1 avec le blanc, "
            f"en dessous du minimum de 4,5:1 exigé pour le texte (RGAA, critère 3.2). "
            f"Le site utilisera la nuance plus foncée {self.used}, de la même teinte."
        )


def check_main_color(color: str) -> ColorCheck:
    """The colour a site will use for ``color`` (``#rrggbb``, any case)."""
    color = color.strip().lower()
    if not HEX_COLOR.match(color):
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return ColorCheck(color, darken_to(color))


# --- The palette a theme draws from the used colour --------------------------------------

# Fixed colours every palette shares (the themes use nothing else for text and focus).
FIXED = {
    "page": WHITE,  # page background
    "surface": "#f2f2f2",  # footer and panels
    "text": "#1b1b1b",
    "on-accent": WHITE,  # text on the accent (header, buttons)
    "focus": "#ffdd00",  # focused links: a yellow block...
    "focus-text": "#0b0c0c",  # ...with near-black text and a near-black underline
}
STRONG_RATIO = 7.0
# (foreground, background, minimum ratio, where): every pair a theme paints, in every
# state (links keep their colour when visited and hovered: only the underline changes).
CONTRAST_PAIRS = (
    ("text", "page", AA_TEXT, "body text"),
    ("text", "surface", AA_TEXT, "footer text"),
    ("text", "accent-tint", AA_TEXT, "text on tinted panels"),
    ("accent-strong", "page", AA_TEXT, "links (normal, hover, visited, current)"),
    ("accent-strong", "surface", AA_TEXT, "links in the footer"),
    ("accent-strong", "accent-tint", AA_TEXT, "links on tinted panels"),
    ("on-accent", "accent", AA_TEXT, "header text and buttons"),
    ("on-accent", "accent-strong", AA_TEXT, "hovered buttons, strong header"),
    ("focus-text", "focus", AA_TEXT, "focused links"),
    ("focus", "accent", 3.0, "focus block against the header"),
    ("focus", "accent-strong", 3.0, "focus block against a strong header"),
    ("focus-text", "page", 3.0, "focus underline against the page"),
    ("focus-text", "surface", 3.0, "focus underline against the footer"),
    ("focus-text", "accent-tint", 3.0, "focus underline against tinted panels"),
    ("accent", "page", 3.0, "rules and borders (non-text)"),
)


def mix(color: str, other: str, share: float) -> str:
    """``share`` of ``color`` over ``other`` (both ``#rrggbb``)."""
    first = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    second = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(
        f"{round(a * share + b * (1 - share)):02x}" for a, b in zip(first, second, strict=True)
    )


def _tint(accent: str, strong: str) -> str:
    """The most coloured light tint of ``accent`` that keeps text and links at AA."""
    for percent in range(14, -1, -1):
        tint = mix(accent, WHITE, percent / 100)
        if min(contrast_ratio(strong, tint), contrast_ratio(FIXED["text"], tint)) >= AA_TEXT:
            return tint
    return WHITE


def derive_palette(color: str) -> dict[str, str]:
    """CSS custom property name (without ``--``) -> colour, for a chosen ``#rrggbb``."""
    accent = check_main_color(color).used
    strong = darken_to(accent, ratio=STRONG_RATIO)
    return {
        **FIXED,
        "accent": accent,
        "accent-strong": strong,
        "accent-tint": _tint(accent, strong),
    }


def contrast_failures(palette: dict[str, str]) -> list[str]:
    """The pairs of ``palette`` below their minimum (empty: every state meets AA)."""
    failures = []
    for foreground, background, minimum, where in CONTRAST_PAIRS:
        ratio = contrast_ratio(palette[foreground], palette[background])
        if ratio < minimum:
            failures.append(f"{where}: {foreground} on {background} {ratio:.2f} < {minimum}")
    return failures
