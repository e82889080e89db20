"""Markdown written by clerks -> HTML safe to publish, shared by previews and builds."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown's docs use
from typing import TYPE_CHECKING

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from app.errors import N_
from app.publishing.budget import BudgetExceeded, time_budget
from app.publishing.markdown_limits import MarkdownRefused, check_structure

if TYPE_CHECKING:
    from app.publishing.media import MediaResolver

# The page title is the only <h1>; a clerk's "# Heading" becomes an <h2> so headings stay
# in order for screen readers.
HEADING_SHIFT = 1

# Only extensions that produce plain, semantic HTML (no attr_list: it lets Markdown set
# arbitrary attributes; no codehilite: its inline classes are stripped anyway).
MARKDOWN_EXTENSIONS = [
    "markdown.extensions.tables",
    "markdown.extensions.fenced_code",
    "markdown.extensions.sane_lists",
]

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "del", "em", "figcaption", "figure",
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "picture", "pre", "source",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    # srcset/sizes/loading/decoding: the library's images (app.publishing.media).
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "source": {"srcset", "sizes", "type"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# CPU seconds one text may take to render (app.publishing.budget): a page's share of a
# build, and in the admin (preview, save) what a clerk may wait. The longest page a form
# accepts (100,000 characters) takes about 0.3 s.
BUILD_BUDGET_S = 10.0
ADMIN_BUDGET_S = 1.0


# Links may leave the site; nothing else may make the resident's browser call out.
URL_SCHEMES = {"http", "https", "mailto", "tel"}


class _ShiftHeadings(Treeprocessor):
    """Lower every heading by HEADING_SHIFT levels (h1 -> h2, never below h6)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(int(element.tag[1]) + HEADING_SHIFT, 6)}"


class ShiftHeadingsExtension(Extension):
    """Register _ShiftHeadings with Python-Markdown."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_ShiftHeadings(md), "bastide_shift_headings", 5)


def markdown_settings(media: MediaResolver | None = None) -> dict:
    """The ``MARKDOWN`` options used by both the preview and the Pelican reader; ``media``
    resolves ``media:<id>`` references to the library (app.publishing.media)."""
    extensions: list = [*MARKDOWN_EXTENSIONS, ShiftHeadingsExtension()]
    if media is not None:
        from app.publishing.media import MediaExtension

        extensions.append(MediaExtension(media))
    return {"extensions": extensions, "output_format": "html"}


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """Keep images on the site itself: an external image is a request to a third party."""
    if element == "img" and attribute == "src" and not is_same_site_url(value):
        return None
    if attribute == "srcset" and not all(map(is_same_site_url, _srcset_urls(value))):
        return None
    return value


def _srcset_urls(srcset: str) -> list[str]:
    """The URLs of a ``srcset`` ("a.webp 480w, b.webp 960w")."""
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


def is_same_site_url(url: str) -> bool:
    """True for a path on the site itself, as a browser would resolve it."""
    # Browsers decode entities, then drop ASCII whitespace and control characters in URLs
    # and treat a backslash like a slash: normalise the same way before judging.
    url = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url)).replace("\\", "/")
    if not url or url.startswith("//"):
        return False
    return url.startswith("/") or ":" not in url.split("/", 1)[0]


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
)


def sanitise_html(html: str) -> str:
    """Strip everything outside the allow-list from HTML produced by Markdown."""
    return _CLEANER.clean(html)


def render_markdown(
    text: str, media: MediaResolver | None = None, *, budget: float = BUILD_BUDGET_S
) -> str:
    """Convert a clerk's Markdown to sanitised HTML (``media``: see markdown_settings);
    MarkdownRefused when the text is pathological or takes longer than ``budget`` seconds."""
    text = text.replace("\r\n", "\n")
    check_structure(text)
    converter = markdown.Markdown(**markdown_settings(media))
    try:
        with time_budget(budget):
            html = converter.convert(text)
    except BudgetExceeded:
        raise MarkdownRefused(
            N_(
                "The text is too complex to be shown quickly (over %(seconds)g s): split it "
                "into several pages or simplify its formatting."
            ),
            seconds=budget,
        ) from None
    return sanitise_html(html)
