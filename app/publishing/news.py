"""The news section of a site: one page per item, a paginated archive, an Atom feed.

Items and archive pages are Pelican documents (their bodies go through the sanitising
reader); the templates read dates, photos and each archive page's items from ``NEWS``
and ``NEWS_PAGES``. Newest first: by the item's date, then by its publication.
"""

from __future__ import annotations

import gettext
import math
import re
from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from babel.dates import format_date

from app.config import TIMEZONE
from app.publishing.content import FileContent, NewsContent, SiteContent
from app.publishing.export import (
    NEWS_PATH,
    ExportError,
    pelican_date,
    pelican_document,
    site_time,
)
from app.publishing.markdown import ADMIN_BUDGET_S, render_markdown
from app.publishing.media import release_media
from app.publishing.preview import PREVIEW_LANG, PreviewPage, render_theme_template
from app.publishing.sections import Section
from app.text import SLUG_PATTERN

NEWS_URL = f"{NEWS_PATH}/"
FEED_PATH = f"{NEWS_PATH}/atom.xml"
LATEST_COUNT = 3  # on the home page
PER_PAGE = 10  # items per archive page
FEED_COUNT = 20  # entries of the Atom feed
ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# The date in the feed's tag: URIs (RFC 4151): fixed, so an entry's id never changes.
TAG_DATE = "2026"


def newest_first(news: tuple[NewsContent, ...]) -> list[NewsContent]:
    return sorted(news, key=lambda n: (n.news_date, n.published_at, n.slug), reverse=True)


def news_path(item: NewsContent) -> str:
    """Where an item's page lives (also its Pelican slug)."""
    return f"{NEWS_PATH}/{item.slug}"


def image_path(item: NewsContent) -> str:
    assert item.image is not None
    return f"{news_path(item)}/{item.image.filename}"


def archive_path(number: int) -> str:
    """Where archive page ``number`` (from 1) lives."""
    return NEWS_PATH if number == 1 else f"{NEWS_PATH}/page/{number}"


def page_count(content: SiteContent) -> int:
    """Archive pages: at least one, which says when there is no news yet."""
    return max(1, math.ceil(len(content.news) / PER_PAGE))


def item_data(item: NewsContent, *, lang: str) -> dict[str, Any]:
    """What the lists and the item's page show about one item."""
    image = None
    if item.image is not None:
        image = {
            "url": image_path(item),
            "alt": item.image_alt,
            "width": item.image.width,
            "height": item.image.height,
        }
    return {
        "slug": item.slug,
        "title": item.title,
        "url": f"{news_path(item)}/",
        "date_iso": item.news_date.isoformat(),
        "date_label": format_date(item.news_date, format="long", locale=lang),
        "summary": item.summary,
        "image": image,
    }


def news_context(
    content: SiteContent, *, lang: str, translations: gettext.NullTranslations, now: datetime
) -> dict[str, Any]:
    """``NEWS_URL``, ``NEWS_FEED_URL``, ``NEWS`` (slug -> item), ``NEWS_LATEST`` (the
    three newest) and ``NEWS_PAGES`` (the archive pages, each with its items)."""
    items = [item_data(item, lang=lang) for item in newest_first(content.news)]
    count = page_count(content)
    pages = [
        {
            "number": number,
            "url": f"{archive_path(number)}/",
            "news": items[(number - 1) * PER_PAGE : number * PER_PAGE],
            "previous_url": f"{archive_path(number - 1)}/" if number > 1 else None,
            "next_url": f"{archive_path(number + 1)}/" if number < count else None,
        }
        for number in range(1, count + 1)
    ]
    return {
        "NEWS_URL": NEWS_URL,
        "NEWS_FEED_URL": FEED_PATH,
        "NEWS": {item["slug"]: item for item in items},
        "NEWS_LATEST": items[:LATEST_COUNT],
        "NEWS_PAGES": pages,
    }


def _check_slugs(content: SiteContent) -> None:
    seen: set[str] = set()
    for item in content.news:
        if not SLUG_PATTERN.match(item.slug) or item.slug in seen or item.slug == "page":
            raise ExportError(f"L'adresse de l'actualité « {item.title} » n'est pas valide.")
        seen.add(item.slug)


def news_documents(content: SiteContent, *, now: datetime) -> dict[str, bytes]:
    """A Pelican page per item ("actualites.<slug>.md") and per archive page
    ("actualites.page.<n>.md": item slugs hold no dot, so the names never collide)."""
    _check_slugs(content)
    files = {}
    for item in content.news:
        metadata = {
            "Title": item.title,
            "Slug": news_path(item),
            "Date": pelican_date(item.published_at),
            "Template": "news",
            "News_item": item.slug,
        }
        files[f"{NEWS_PATH}.{item.slug}.md"] = pelican_document(metadata, item.body)
    for number in range(1, page_count(content) + 1):
        metadata = {
            "Title": f"Actualités {number}",  # Pelican wants one; the template writes its own
            "Slug": archive_path(number),
            "Template": "news_index",
            "News_page": str(number),
        }
        files[f"{NEWS_PATH}.page.{number}.md"] = pelican_document(metadata, "")
    return files


def news_attachments(content: SiteContent) -> dict[str, FileContent]:
    """Each item's photo, beside its page."""
    return {image_path(item): item.image for item in content.news if item.image is not None}


def news_paths(content: SiteContent) -> list[str]:
    archive = [archive_path(n) for n in range(1, page_count(content) + 1)]
    return archive + [news_path(item) for item in content.news]


def news_files(
    content: SiteContent,
    *,
    generated_at: datetime,
    lang: str,
    translations: gettext.NullTranslations,
) -> dict[str, bytes]:
    return {FEED_PATH: atom_feed(content, generated_at=generated_at, translations=translations)}


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tag(content: SiteContent, path: str) -> str:
    """A stable tag: URI (RFC 4151) from the site's host and a path on it."""
    url = urlsplit(content.live_url)
    site_path = url.path.strip("/")
    return f"tag:{url.hostname},{TAG_DATE}:{site_path + '/' if site_path else ''}{path}"


def _absolute(content: SiteContent, path: str) -> str:
    return content.live_url.rstrip("/") + "/" + path


def _entry_moments(item: NewsContent) -> tuple[datetime, datetime]:
    """(published, updated): the news date at midnight in France, and the latest of that
    and the publication of its current version."""
    published = datetime.combine(item.news_date, time(), TIMEZONE)
    return published, max(published, site_time(item.published_at))


# Characters XML 1.0 forbids even escaped; ElementTree would write them as they are.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = _NOT_XML.sub("", text) if text else text
    return element


def _entry_html(content: SiteContent, item: NewsContent) -> str:
    """The item's photo and its sanitised text, as the entry's content."""
    html = render_markdown(item.body, release_media(content))
    if item.image is None:
        return html
    image = ET.Element("img", src=_absolute(content, image_path(item)), alt=item.image_alt)
    if item.image.width and item.image.height:
        image.set("width", str(item.image.width))
        image.set("height", str(item.image.height))
    return f"<p>{ET.tostring(image, encoding='unicode', method='html')}</p>\n{html}"


def atom_feed(
    content: SiteContent,
    *,
    generated_at: datetime,
    translations: gettext.NullTranslations | None = None,
) -> bytes:
    """The newest items as an Atom 1.0 feed (RFC 4287) with absolute links."""
    translations = translations or gettext.NullTranslations()
    items = newest_first(content.news)[:FEED_COUNT]
    moments = [_entry_moments(item) for item in items]
    updated = max((u for _p, u in moments), default=generated_at)
    # Unqualified names under an explicit xmlns: ElementTree's default_namespace option
    # refuses attributes without a namespace (rel, href...).
    feed = ET.Element("feed", xmlns=ATOM)
    _sub(feed, "id", _tag(content, NEWS_URL))
    _sub(feed, "title", f"{translations.gettext('News')} – {content.name}")
    _sub(feed, "updated", _rfc3339(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=_absolute(content, FEED_PATH))
    _sub(feed, "link", rel="alternate", type="text/html", href=_absolute(content, NEWS_URL))
    author = _sub(feed, "author")
    _sub(author, "name", content.name)
    _sub(author, "uri", content.live_url)
    for item, (published, entry_updated) in zip(items, moments, strict=True):
        url = _absolute(content, f"{news_path(item)}/")
        entry = _sub(feed, "entry")
        _sub(entry, "id", _tag(content, f"{news_path(item)}/"))
        _sub(entry, "title", item.title)
        _sub(entry, "published", published.isoformat())
        _sub(entry, "updated", _rfc3339(entry_updated))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        if item.summary:
            _sub(entry, "summary", item.summary)
        body = _sub(entry, "content", _entry_html(content, item), type="html")
        body.set(XML_BASE, url)  # relative links of the text resolve as on the page
    ET.indent(feed)  # whitespace between elements only: no text changes
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def render_news_preview(content: SiteContent, item: NewsContent, **options: Any) -> str:
    """The item's page as the theme renders it, for the clerk's preview."""
    page = PreviewPage(
        slug=news_path(item),
        title=item.title,
        url=f"{news_path(item)}/",
        content=render_markdown(item.body, options.get("media"), budget=ADMIN_BUDGET_S),
        date=None,
        menu_position=0,
    )
    context = {
        "page_name": f"{news_path(item)}/index",
        "page": page,
        "news_item": item_data(item, lang=PREVIEW_LANG),
    }
    return render_theme_template(content, "news.html", context, **options)


SECTION = Section(
    "news",
    context=news_context,
    documents=news_documents,
    files=news_files,
    attachments=news_attachments,
    paths=news_paths,
)
