"""What the web expects of a site: sitemap, robots.txt, favicon, canonical and social meta.

``web_context`` gives the head's meta data (``_head_meta.html``: description, Open Graph,
canonical URL, feeds, favicon); ``site_files`` writes, from the rendered release,
``sitemap.xml`` (every page but the 404, absolute URLs, last modification), ``robots.txt``
and the favicons, drawn from the collectivity's logo or, without one, its initial on the
site's colour.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree as ET

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from app.publishing.colors import check_main_color
from app.publishing.content import MediaContent, SiteContent
from app.publishing.export import EVENTS_PATH, entry_path, pelican_date
from app.publishing.media import fallback_rendition, release_path, site_base
from app.publishing.search import without_language

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
FAVICON = "favicon.ico"
TOUCH_ICON = "apple-touch-icon.png"
FAVICON_SIZES = ((16, 16), (32, 32))
TOUCH_ICON_SIZE = 180
DEFAULT_COLOR = "#1d4f73"  # the themes' default accent, when the collectivity chose none
NOT_FOUND_PAGE = "404.html"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
OG_LOCALES = {"fr": "fr_FR", "oc": "oc_FR", "en": "en_GB"}
_ARTICLES = ("Les ", "Le ", "La ", "L'", "L’")


def absolute_url(content: SiteContent, path: str = "") -> str:
    """``path`` of the release on the live site (``live_url`` ends with a slash)."""
    base = content.live_url if content.live_url.endswith("/") else content.live_url + "/"
    return base + path


def _share_image(content: SiteContent) -> dict[str, Any] | None:
    """The header photo, else the logo: its largest JPEG or PNG copy, for Open Graph."""
    for media in (content.header_photo, content.logo):
        if media is None:
            continue
        rendition = fallback_rendition(media)
        file = rendition.file if rendition else media.file
        return {
            "url": absolute_url(content, release_path(media, file)),
            "type": file.media_type,
            "width": rendition.width if rendition else file.width,
            "height": rendition.height if rendition else file.height,
            "alt": "" if media.decorative else media.alt_text,
        }
    return None


def web_context(content: SiteContent) -> dict[str, Any]:
    """Upper-case template variables of the head's meta data."""
    # The sections import the previews, which import the settings, which import us.
    from app.publishing.events import FEED_PATH as AGENDA_FEED_PATH
    from app.publishing.news import FEED_PATH as NEWS_FEED_PATH

    return {
        "WEB_META": {
            "site_url": absolute_url(content),
            # The 404 page is served at any depth: its links start from the site's root.
            "root": site_base(content),
            "image": _share_image(content),
            "og_locales": OG_LOCALES,
            "news_feed": NEWS_FEED_PATH,
            "agenda_feed": AGENDA_FEED_PATH,
            "favicon": FAVICON,
            "touch_icon": TOUCH_ICON,
        }
    }


def _item_dates(content: SiteContent) -> dict[str, datetime]:
    """Folder of each item's page -> when it was last published."""
    from app.publishing.acts import act_path
    from app.publishing.news import news_path

    dates = {page.slug: page.published_at for page in content.pages}
    dates |= {entry_path(entry): entry.published_at for entry in content.entries}
    dates |= {news_path(item): item.published_at for item in content.news}
    dates |= {f"{EVENTS_PATH}/{event.slug}": event.published_at for event in content.events}
    dates |= {act_path(act): act.published_at for act in content.acts}
    return dates


def _last_change(content: SiteContent) -> datetime | None:
    """The latest publication of what the site's pages show (the lists' last change); not
    the alerts: their fast path keeps the live sitemap, which must stay a full build's."""
    items = [*content.pages, *content.entries, *content.news, *content.events, *content.acts]
    return max((item.published_at for item in items), default=None)


def html_pages(release: Path) -> list[str]:
    """Release paths of the pages a sitemap lists: every HTML file but the 404 page."""
    pages = (p.relative_to(release).as_posix() for p in release.rglob("*.html"))
    return sorted(p for p in pages if p.rsplit("/", 1)[-1] != NOT_FOUND_PAGE)


def page_url(content: SiteContent, relative: str) -> str:
    """Absolute address of a page of the release (``x/index.html`` is ``x/``)."""
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return absolute_url(content, relative)


def sitemap(content: SiteContent, release: Path) -> bytes:
    """``sitemap.xml`` (sitemaps.org 0.9) of every page of the release."""
    dates, last_change = _item_dates(content), _last_change(content)
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for relative in html_pages(release):
        folder = without_language(str(PurePosixPath(relative).parent), content.languages)
        changed = dates.get(folder, last_change)
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page_url(content, relative)
        if changed is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = pelican_date(changed)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(content: SiteContent) -> bytes:
    """Every robot welcome, and where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(content, SITEMAP)}\n".encode()


def _logo_image(content: SiteContent, release: Path) -> Image.Image | None:
    """The logo's largest copy in the release, or None (no logo, or unreadable)."""
    media: MediaContent | None = content.logo
    if media is None:
        return None
    rendition = fallback_rendition(media)
    path = release / release_path(media, rendition.file if rendition else media.file)
    try:
        with Image.open(path) as image:
            return image.convert("RGBA")
    except (OSError, UnidentifiedImageError):
        return None


def _square(
    image: Image.Image, size: int, background: tuple[int, ...], margin: int = 0
) -> Image.Image:
    """``image`` fitted, centred, into a ``size`` square of ``background``."""
    fitted = image.copy()
    fitted.thumbnail((size - 2 * margin, size - 2 * margin), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (size, size), background)
    square.alpha_composite(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2))
    return square


def initial(name: str) -> str:
    """The letter a favicon shows: "Le Vernet" -> "V", "L'Isle-Jourdain" -> "I"."""
    for article in _ARTICLES:
        if name.startswith(article) and len(name) > len(article):
            name = name[len(article) :]
            break
    letter = next((c for c in name if c.isalnum()), "?")
    return letter.upper()


def _initial_image(content: SiteContent, size: int) -> Image.Image:
    """The collectivity's initial, white on its colour (darkened to meet AA)."""
    try:
        color = check_main_color(content.main_color).used if content.main_color else DEFAULT_COLOR
    except ValueError:  # not a colour: the theme's own, as the stylesheet does
        color = DEFAULT_COLOR
    image = Image.new("RGBA", (size, size), color)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=round(size * 0.7))
    letter = initial(content.shown_name)
    draw.text((size / 2, size / 2), letter, fill="#ffffff", font=font, anchor="mm")
    return image


def favicons(content: SiteContent, release: Path) -> dict[str, bytes]:
    """``favicon.ico`` (16 and 32 px) and ``apple-touch-icon.png`` (180 px, opaque)."""
    logo = _logo_image(content, release)
    if logo is not None:
        icon = _square(logo, 64, (0, 0, 0, 0))
        touch = _square(logo, TOUCH_ICON_SIZE, (255, 255, 255, 255), margin=10)
    else:
        icon = _initial_image(content, 64)
        touch = _initial_image(content, TOUCH_ICON_SIZE)
    ico, png = io.BytesIO(), io.BytesIO()
    icon.save(ico, format="ICO", sizes=list(FAVICON_SIZES))
    touch.convert("RGB").save(png, format="PNG", optimize=True)
    return {FAVICON: ico.getvalue(), TOUCH_ICON: png.getvalue()}


def site_files(content: SiteContent, release: Path) -> dict[str, bytes]:
    """Release path -> bytes of the files made from the rendered release (sitemap...)."""
    return {
        SITEMAP: sitemap(content, release),
        ROBOTS: robots_txt(content),
        **favicons(content, release),
    }
