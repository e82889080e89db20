"""Accessibility check of one text, as the site will show it: problems and how to fix them.

``check_html`` reads the sanitised HTML that ``render_markdown`` produces for one text
(headings start at <h2>: the page title is the <h1>) and returns the problems a clerk can
fix in the editor, each with a short quote of the offending text.

Blocking, rule by rule (the decision the admin applies):

- ``image-alt`` (an image without alternative text) BLOCKS PUBLICATION: the image is
  then invisible to a blind resident and no later tool can guess what it shows. It never
  blocks saving a draft.
- Every other rule is a warning: the text stays understandable, the fix is editorial, and
  the checks are heuristics (a "vague" link or a colour word may be fine in context), so
  the clerk decides. Warnings are counted per commune for the platform administrators.

Pure Python (the standard library's ``html.parser``), no Flask: linear in the size of the
text, and every regular expression is free of nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from app.errors import N_

EXCERPT_LENGTH = 60
# Deeper nesting is not collected separately: it keeps every check linear in the text.
MAX_DEPTH = 32
BLOCK_TAGS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "caption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CAPITALS_TAGS = {"p", "li", "h2", "h3", "h4", "h5", "h6"}

VAGUE_LINK_TEXTS = {
    "cliquez ici", "cliquer ici", "ici", "lire la suite", "en savoir plus", "plus", "lien",
    "voir", "suite", "click here", "read more", "here", "more", "link",
}  # fmt: skip
BARE_URL = re.compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)
DOCUMENT_EXTENSIONS = (
    ".pdf", ".doc", ".docx", ".odt", ".ods", ".xls", ".xlsx", ".ppt", ".pptx", ".odp", ".zip",
)  # fmt: skip
DOCUMENT_FORMAT = re.compile(
    r"\b(?:pdf|docx?|odt|ods|odp|xlsx?|pptx?|zip|word|excel|powerpoint|libreoffice)\b",
    re.IGNORECASE,
)
DOCUMENT_SIZE = re.compile(
    r"\d+(?:[,.]\d+)?\s?(?:o|ko|mo|go|octets|b|kb|mb|gb|kib|mib|bytes)\b", re.IGNORECASE
)
# An alternative text that is only a file name says nothing of the image.
FILE_NAME = re.compile(
    r"\S+\.(?:jpe?g|png|gif|webp|heic|heif|avif|tiff?|bmp|svg)$|(?:img|dsc|dscn|pxl|image)[_-]?\d+$",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W\d_]+")
_COLOURS_FR = r"rouges?|verte?s?|orange|oranges|bleue?s?|jaunes?|violette?s?|roses?|gris|grise?s?"
_THINGS_FR = r"cases?|cellules?|dates?|jours?|mots?|textes?|éléments?|passages?"
_COLOURS_EN = r"red|green|orange|blue|yellow|purple|pink|grey|gray"
_THINGS_EN = r"boxes|box|cells?|lines?|dates?|days?|words?|text|items?|rows?|parts?|areas?"
COLOUR_ALONE = re.compile(
    rf"\b(?:en|de couleur) (?:{_COLOURS_FR})\b"
    rf"|\b(?:{_THINGS_FR}) (?:{_COLOURS_FR})\b"
    rf"|\b(?:in|coloured|colored|highlighted in) (?:{_COLOURS_EN})\b"
    rf"|\b(?:{_COLOURS_EN}) (?:{_THINGS_EN})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    """One accessibility problem: what, where (``excerpt``) and how to fix it."""

    rule: str
    message: str  # an English msgid with %(name)s params, translated where shown
    hint: str  # how to fix it in the editor (msgid)
    excerpt: str
    blocking: bool = False
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    hint: str
    blocking: bool = False


RULES = {
    rule.code: rule
    for rule in (
        Rule(
            "image-alt",
            N_("An image has no alternative text."),
            N_(
                "Select the image and describe what it shows in “Alternative text”, or mark "
                "it decorative in the media library if it shows nothing useful."
            ),
            blocking=True,
        ),
        Rule(
            "link-text",
            N_("The text of a link does not say where it leads: “%(text)s”."),
            N_(
                "Select the link and write what it opens, e.g. “Menu of the school canteen” "
                "instead of “click here”."
            ),
        ),
        Rule(
            "link-url",
            N_("A link shows a bare web address."),
            N_("Select the link and replace the address by the name of the page it opens."),
        ),
        Rule(
            "heading-order",
            N_("A heading skips a level (or the first one is not a “Title”)."),
            N_(
                "Use “Title” for the main parts of the text, then “Subtitle” inside a part, "
                "then “Intertitle”, without skipping one."
            ),
        ),
        Rule(
            "heading-empty",
            N_("A heading is empty."),
            N_("Write the heading's text, or turn the line back into a paragraph."),
        ),
        Rule(
            "capitals",
            N_("Text written in capitals."),
            N_(
                "Write it in ordinary letters: capitals are hard to read and screen readers may "
                "spell them. Use bold to stress a word."
            ),
        ),
        Rule(
            "table-header",
            N_("A table has no header row."),
            N_("Select the table and turn its first row into a header row."),
        ),
        Rule(
            "table-layout",
            N_("A table is used for layout (a single row or column)."),
            N_("Remove the table and write its content as paragraphs or a list."),
        ),
        Rule(
            "document-format",
            N_("A link to a document does not give its format and size."),
            N_(
                "Insert the document from the media library (its format and size are then "
                "added), or write them after the link, e.g. “(PDF, 120 KB)”."
            ),
        ),
        Rule(
            "document-scanned",
            N_("A linked PDF is a scanned image without text."),
            N_(
                "Screen readers cannot read it: replace it by a PDF saved from the word "
                "processor, or give its content in the page."
            ),
        ),
        Rule(
            "colour-only",
            N_("Colour seems to carry meaning: “%(text)s”."),
            N_(
                "Say it in words too, e.g. “closed days (marked “closed”)”: some people "
                "do not see colours."
            ),
        ),
    )
}


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """``text`` on one line, shortened to ``length`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _problem(code: str, quoted: str, **params: Any) -> Problem:
    rule = RULES[code]
    return Problem(code, rule.message, rule.hint, excerpt(quoted), rule.blocking, params)


def capitals_run(text: str) -> str | None:
    """The first run of three or more words (of two letters or more) in capitals."""
    run: list[re.Match] = []
    for word in WORD.finditer(text):
        if len(word.group()) < 2:
            continue
        if word.group().isupper():
            run.append(word)
            continue
        if len(run) >= 3:
            break
        run = []
    return text[run[0].start() : run[-1].end()] if len(run) >= 3 else None


def is_vague_link_text(text: str) -> bool:
    normalised = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    return normalised in VAGUE_LINK_TEXTS


def is_document_href(href: str) -> bool:
    path = href.split("#", 1)[0].split("?", 1)[0].lower()
    return path.endswith(DOCUMENT_EXTENSIONS)


def states_format_and_size(text: str) -> bool:
    return bool(DOCUMENT_FORMAT.search(text) and DOCUMENT_SIZE.search(text))


@dataclass
class _Link:
    href: str
    text: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


@dataclass
class _Table:
    rows: int = 0
    columns: int = 0
    cells_in_row: int = 0
    has_header: bool = False
    text: list[str] = field(default_factory=list)


class _Checker(HTMLParser):
    """One pass over the HTML; text is collected per block, link, heading and table."""

    def __init__(self, decorative_srcs: frozenset[str], scanned_hrefs: frozenset[str]):
        super().__init__(convert_charrefs=True)
        self.decorative_srcs, self.scanned_hrefs = decorative_srcs, scanned_hrefs
        self.problems: list[Problem] = []
        self.blocks: list[tuple[str, list[str]]] = []
        self.links: list[_Link] = []
        self.document_link: _Link | None = None  # a closed link whose next words we read
        self.heading: tuple[int, list[str]] | None = None
        self.previous_level: int | None = None
        self.tables: list[_Table] = []

    # Text goes to the innermost block, link, heading and table.
    def handle_data(self, data: str) -> None:
        if self.blocks:
            self.blocks[-1][1].append(data)
        if self.links:
            self.links[-1].text.append(data)
        if self.heading:
            self.heading[1].append(data)
        if self.tables:
            self.tables[-1].text.append(data)
        if self.document_link is not None:
            self.document_link.after.append(data)
            if sum(map(len, self.document_link.after)) > EXCERPT_LENGTH:
                self._close_document_link()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in BLOCK_TAGS or tag == "a" or tag == "table":
            self._close_document_link()
        if tag in BLOCK_TAGS and len(self.blocks) < MAX_DEPTH:
            self.blocks.append((tag, []))
        if tag in HEADINGS:
            self.heading = (int(tag[1]), [])
        if tag == "a" and len(self.links) < MAX_DEPTH:
            self.links.append(_Link(attributes.get("href", "")))
        elif tag == "img":
            self._check_image(attributes)
        elif tag == "table" and len(self.tables) < MAX_DEPTH:
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self._end_row(self.tables[-1])
            self.tables[-1].rows += 1
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].text.append(" ")
            self.tables[-1].cells_in_row += 1
            self.tables[-1].has_header |= tag == "th"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS or tag == "table":
            self._close_document_link()
        if tag in BLOCK_TAGS:
            self._end_block(tag)
        if tag in HEADINGS and self.heading:
            self._check_heading(*self.heading)
            self.heading = None
        if tag == "a" and self.links:
            self._check_link(self.links.pop())
        elif tag == "table" and self.tables:
            self._check_table(self.tables.pop())

    def close(self) -> None:
        super().close()
        self._close_document_link()
        while self.links:
            self._check_link(self.links.pop())
            self._close_document_link()
        while self.tables:
            self._check_table(self.tables.pop())
        while self.blocks:
            self._end_block(self.blocks[-1][0])

    def _end_block(self, tag: str) -> None:
        """Close the innermost open block ``tag`` (and any left open inside it)."""
        for index in range(len(self.blocks) - 1, -1, -1):
            if self.blocks[index][0] == tag:
                break
        else:
            return
        for name, text in reversed(self.blocks[index:]):
            self._check_block(name, "".join(text))
        del self.blocks[index:]

    def _check_block(self, tag: str, text: str) -> None:
        if tag in CAPITALS_TAGS and (run := capitals_run(text)):
            self.problems.append(_problem("capitals", run))
        for match in COLOUR_ALONE.finditer(text):
            self.problems.append(_problem("colour-only", match.group(), text=match.group()))

    def _check_image(self, attributes: dict[str, str]) -> None:
        src, alt = attributes.get("src", ""), attributes.get("alt")
        missing = alt is None or (not alt.strip() and src not in self.decorative_srcs)
        if missing or FILE_NAME.match(alt.strip()):
            self.problems.append(_problem("image-alt", alt or src.rsplit("/", 1)[-1] or src))
        if alt and self.links:  # an image is the text of the link or heading it is in
            self.links[-1].text.append(alt)
        if alt and self.heading:
            self.heading[1].append(alt)

    def _check_heading(self, level: int, text: list[str]) -> None:
        content = "".join(text).strip()
        if not content:
            self.problems.append(_problem("heading-empty", f"h{level}"))
        previous = self.previous_level
        if (previous is None and level != 2) or (previous is not None and level > previous + 1):
            self.problems.append(_problem("heading-order", content or f"h{level}"))
        self.previous_level = level

    def _check_link(self, link: _Link) -> None:
        text = " ".join("".join(link.text).split())
        if is_vague_link_text(text):
            self.problems.append(_problem("link-text", text, text=text))
        elif BARE_URL.match(text):
            self.problems.append(_problem("link-url", text))
        if link.href in self.scanned_hrefs:
            self.problems.append(_problem("document-scanned", text or link.href))
        if is_document_href(link.href) and not states_format_and_size(text):
            self.document_link = link

    def _close_document_link(self) -> None:
        link, self.document_link = self.document_link, None
        if link is None:
            return
        text = "".join(link.text)
        after = "".join(link.after)[:EXCERPT_LENGTH]
        if not states_format_and_size(f"{text} {after}"):
            self.problems.append(_problem("document-format", text or link.href))

    @staticmethod
    def _end_row(table: _Table) -> None:
        table.columns = max(table.columns, table.cells_in_row)
        table.cells_in_row = 0

    def _check_table(self, table: _Table) -> None:
        self._end_row(table)
        quoted = "".join(table.text)
        if table.rows <= 1 or table.columns <= 1:
            self.problems.append(_problem("table-layout", quoted))
        elif not table.has_header:
            self.problems.append(_problem("table-header", quoted))


BRACKET = re.compile(r"[<>]")
TAG_START = re.compile(r"</?[a-zA-Z]")


def complete_tags_only(html: str) -> str:
    """``html`` with every "<" that does not open a complete tag escaped as text.

    Sanitised HTML escapes "<" and ">" in text and attribute values, so this changes
    nothing in it; but ``html.parser`` rescans the rest of the text at each unclosed tag,
    comment or declaration, which takes minutes on a text made of thousands of them.
    """
    escaped, opening = [], None
    for bracket in BRACKET.finditer(html):
        position = bracket.start()
        if bracket.group() == "<":
            if opening is not None:
                escaped.append(opening)
            opening = position
        elif opening is not None:
            if not TAG_START.match(html, opening):
                escaped.append(opening)
            opening = None
    if opening is not None:
        escaped.append(opening)
    if not escaped:
        return html
    parts, start = [], 0
    for position in escaped:
        parts += [html[start:position], "&lt;"]
        start = position + 1
    parts.append(html[start:])
    return "".join(parts)


def check_html(
    html: str,
    *,
    decorative_srcs: frozenset[str] = frozenset(),
    scanned_hrefs: frozenset[str] = frozenset(),
) -> list[Problem]:
    """The accessibility problems of one text's site HTML, in the order they appear
    (a problem inside a block is reported when the block ends).

    ``decorative_srcs``: image sources the clerk marked decorative (an empty alt is then
    right); ``scanned_hrefs``: document links known to be scanned PDFs without text.
    """
    checker = _Checker(frozenset(decorative_srcs), frozenset(scanned_hrefs))
    checker.feed(complete_tags_only(html))
    checker.close()
    return checker.problems


def blocks_publication(problems: list[Problem]) -> bool:
    """True if one of ``problems`` must be fixed before the text is published."""
    return any(problem.blocking for problem in problems)
