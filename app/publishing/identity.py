"""A site's identity in its theme: name, logo, header photo, colours derived for contrast.

The colours go in a generated stylesheet (``theme/css/identity.css``, after the theme's
own) rather than in ``style`` attributes: the sites' CSP allows no inline style.
"""

from __future__ import annotations

from typing import Any

from app.publishing.colors import CONTRAST_PAIRS, check_main_color, derive_palette
from app.publishing.content import MediaContent, SiteContent
from app.publishing.media import release_media, site_base

IDENTITY_CSS = "css/identity.css"  # under the theme's static folder ("theme/")
THEME_OUTPUT_DIR = "theme"
_VOWELS = "aeiouyhâàéèêëîïôöûüœAEIOUYHÂÀÉÈÊËÎÏÔÖÛÜŒ"


def _of(name: str) -> str:
    """French « de » before a name, elided before a vowel or a mute h."""
    return f"d'{name}" if name[:1] in _VOWELS else f"de {name}"


def coat_of_arms_alt(name: str, *, intercommunality: bool = False) -> str:
    """« Armoiries d'Aurignac », « Armoiries de Castelnaudary »; an intercommunality has
    a logo (« Logo de la Communauté… » reads badly: « Logo : Communauté… »)."""
    return f"Logo : {name}" if intercommunality else f"Armoiries {_of(name)}"


def _image(content: SiteContent, media: MediaContent) -> dict[str, Any]:
    """Where a library image is in the release, as an ``<img>``/``<picture>`` needs it."""
    resolver = release_media(content)
    largest = max(media.renditions, key=lambda r: r.width, default=None)
    return {
        "src": resolver.image_url(media),
        "srcset": resolver.srcset(media, "webp"),
        "avif_srcset": resolver.srcset(media, "avif"),
        "width": (largest.width if largest else media.file.width) or 0,
        "height": (largest.height if largest else media.file.height) or 0,
    }


def _logo(content: SiteContent) -> dict[str, Any] | None:
    media = content.logo
    if media is None or media.kind != "image":
        return None
    alt = media.alt_text.strip()
    if not alt or alt == content.shown_name:  # the name is written next to it
        alt = coat_of_arms_alt(content.shown_name, intercommunality=content.is_intercommunality)
    return {**_image(content, media), "alt": alt}


def _photo(content: SiteContent) -> dict[str, Any] | None:
    media = content.header_photo
    if media is None or media.kind != "image":
        return None
    return _image(content, media)


def identity_context(content: SiteContent) -> dict[str, Any]:
    """Upper-case template variables of the site's identity (``IDENTITY``)."""
    photo = _photo(content)
    credit = content.header_photo_credit or (content.header_photo.credit if photo else "")
    return {
        "SITENAME": content.shown_name,
        "IDENTITY": {
            "name": content.shown_name,
            "official_name": content.name,
            "logo": _logo(content),
            "photo": photo,
            "photo_credit": credit.strip() if photo else "",
            "stylesheet": IDENTITY_CSS if _main_color(content) else "",
            # Root-relative address of the home page: links that work from any depth
            # (the 404 page is served for every missing path).
            "home": site_base(content),
        },
    }


def _main_color(content: SiteContent) -> str:
    """The chosen colour if it is one (a malformed value is the theme's own colour)."""
    try:
        return check_main_color(content.main_color).chosen if content.main_color else ""
    except ValueError:
        return ""


def identity_stylesheet(color: str) -> str:
    """The CSS custom properties of the palette derived from ``color``."""
    check = check_main_color(color)
    palette = derive_palette(color)
    used = f", used as {check.used} for contrast" if check.corrected else ""
    lines = [
        f"/* Generated from the collectivity's colour {check.chosen}{used}; the",
        f"   {len(CONTRAST_PAIRS)} pairs the themes paint meet WCAG 2.1 AA (colors.py). */",
        ":root {",
        *(f"  --{name}: {value};" for name, value in palette.items()),
        "}",
        "",
    ]
    return "\n".join(lines)


def identity_files(content: SiteContent) -> dict[str, bytes]:
    """Release path -> bytes of the identity's generated files (colour stylesheet...)."""
    color = _main_color(content)
    if not color:
        return {}
    css = identity_stylesheet(color)
    return {f"{THEME_OUTPUT_DIR}/{IDENTITY_CSS}": css.encode()}
