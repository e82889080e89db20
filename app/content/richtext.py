"""The rich-text editor's HTML <-> the canonical Markdown of every text.

The editor edits HTML; what it posts is sanitised with the publishing allow-list, then
written back as the Markdown the platform stores. Office paste markup (Word's list
paragraphs, Google Docs' styled spans) is turned into real structure first, because the
browser may have sent it without the editor's own clean-up (no JavaScript, old browser).
"""

from __future__ import annotations

import html as html_lib
import re

import markdownify
import nh3

from app.publishing.markdown import ALLOWED_TAGS, is_same_site_url

EDITOR_TAGS = ALLOWED_TAGS | {"h1"}
EDITOR_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"colspan"},
    "th": {"colspan"},
}
# The editor's HTML shows library files from the admin; Markdown names them "media:<id>".
ADMIN_MEDIA_URL = re.compile(
    r"^(?:https?://[^/]+)?/admin/[ce]/[^/?#]+/media/(\d+)/(?:view|download)/?$"
)
# Deeper nesting is never written by a person; beyond it the text is kept, not the structure
# (markdownify recurses once per level).
MAX_DEPTH = 60
# The HTML parser slows down quadratically with nesting: far deeper input is read as text.
MAX_RAW_DEPTH = 500
# Editor heading levels (site levels) -> Markdown levels: "#" is the site's <h2>.
MARKDOWN_HEADING = {1: 1, 2: 1, 3: 2, 4: 3, 5: 3, 6: 3}


def _keep_same_site_images(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not is_same_site_url(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=EDITOR_TAGS,
    clean_content_tags={"script", "style", "title", "xml", "template", "noscript"},
    attributes=EDITOR_ATTRIBUTES,
    attribute_filter=_keep_same_site_images,
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel=None,
)
_TEXT_ONLY = nh3.Cleaner(tags={"p", "br"}, attributes={}, link_rel=None)


def markdown_from_editor(html: str) -> str:
    """The editor's (or a pasted document's) HTML as clean Markdown."""
    html = html or ""
    if _nesting_depth(html) > MAX_RAW_DEPTH:
        html = _paragraphs_of_text(html)
    html = _CLEANER.clean(_office_markup_to_html(html))
    if _nesting_depth(html) > MAX_DEPTH:
        html = _TEXT_ONLY.clean(html)
    return _tidy(_Converter().convert(html))


def editor_html(text: str, media=None) -> str:
    """A text's Markdown as the HTML the rich-text editor starts from; ``media`` (an
    AdminMedia resolver) shows library files from the admin's URLs."""
    from app.publishing.markdown import ADMIN_BUDGET_S, MarkdownRefused, render_markdown

    try:
        html = render_markdown(text or "", media=media, budget=ADMIN_BUDGET_S)
    except MarkdownRefused:
        # A refused text is shown back as typed, so the clerk can fix it in the editor.
        return "".join(f"<p>{html_lib.escape(line)}</p>" for line in (text or "").split("\n"))
    return html if media is None else _without_site_additions(html, media)


_DOCUMENT_LINK = re.compile(
    r'(<a href="[^"]*/media/(\d+)/download"[^>]*>.*?</a>)( \(([^()<]*)\))?', re.S
)
_FIGURE = re.compile(r"</?figure>|<figcaption>.*?</figcaption>", re.S)


def _without_site_additions(html: str, media) -> str:
    """What the site adds to a library file and the clerk did not write (a document's
    " (PDF, 1,2 Mo)", an image's credit caption): kept in the editor, it would be saved
    into the text and added again at every save."""

    def link(match: re.Match) -> str:
        document = media.document(int(match.group(2)))
        if match.group(3) and document is not None and match.group(4) == document.label:
            return match.group(1)
        return match.group(0)

    return _FIGURE.sub("", _DOCUMENT_LINK.sub(link, html))


_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|tr|blockquote|br|table|ul|ol)\b[^<>]*>", re.I)


def _paragraphs_of_text(html: str) -> str:
    """Pathologically nested HTML reduced to its text, one paragraph per block."""
    text = _TAG.sub("", _BLOCK_TAG.sub("\n", html))
    paragraphs = (line.strip() for line in html_lib.unescape(text).split("\n"))
    return "".join(f"<p>{html_lib.escape(line)}</p>" for line in paragraphs if line)


# --- Office markup --------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^<>]*)>")
_STYLE = re.compile(r"""style\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_BOLD = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_NOT_BOLD = re.compile(r"font-weight\s*:\s*(normal|[1-4]00)", re.I)
_ITALIC = re.compile(r"font-style\s*:\s*italic", re.I)
_RENAMED = {"b": "strong", "i": "em", "h1": "h1"}


def _office_markup_to_html(html: str) -> str:
    """Word lists as real lists, styled spans and <b>/<i> as <strong>/<em>."""
    # Word marks list bullets "only for browsers without list support" (in comments on the
    # clipboard, bare in saved files): keep them visible to _word_lists, which removes them.
    html = _SUPPORT_LISTS.sub(r"<span data-mso-marker>\1\2</span>", html)
    html = _CONDITIONAL_COMMENT.sub("", html)
    html = _DOWNLEVEL_REVEALED.sub("", html)
    html = _word_lists(html)
    return _inline_styles(html)


_SUPPORT_LISTS = re.compile(
    r"<!--\[if !supportLists\]-->(.*?)<!--\[endif\]-->|<!\[if !supportLists\]>(.*?)<!\[endif\]>",
    re.S,
)
_CONDITIONAL_COMMENT = re.compile(r"<!--\[if[^\]]*\]>.*?<!\[endif\]-->", re.S)
_DOWNLEVEL_REVEALED = re.compile(
    r"<!\[if [^\]]*\]>|<!\[endif\]>|<!--\[if[^\]]*\]-->|<!--\[endif\]-->"
)


def _style_of(attributes: str) -> str:
    match = _STYLE.search(attributes)
    return next((group for group in match.groups() if group is not None), "") if match else ""


def _inline_styles(html: str) -> str:
    """Rename <b>/<i>; a span styled bold or italic becomes <strong>/<em>; a bold tag styled
    ``font-weight:normal`` (Google Docs wraps whole documents in one) disappears."""
    output, stack, position = [], [], 0
    for match in _TAG.finditer(html):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if name not in ("span", "b", "i", "strong", "em"):
            continue
        output.append(html[position : match.start()])
        position = match.end()
        if closing:
            opened = stack.pop() if stack and stack[-1][0] == name else (name, [])
            output.extend(f"</{tag}>" for tag in reversed(opened[1]))
            continue
        if attributes.rstrip().endswith("/"):
            continue
        style = _style_of(attributes)
        tags = [] if name == "span" else [_RENAMED.get(name, name)]
        if name in ("b", "strong") and _NOT_BOLD.search(style):
            tags = []
        if name not in ("b", "strong") and _BOLD.search(style):
            tags.append("strong")
        if name not in ("i", "em") and _ITALIC.search(style):
            tags.append("em")
        stack.append((name, tags))
        output.extend(f"<{tag}>" for tag in tags)
    output.append(html[position:])
    return "".join(output)


_MSO_PARAGRAPH = re.compile(
    r"<p\b(?=[^<>]*mso-list:\s*l(\d+)\s+level(\d+))[^<>]*>(.*?)</p\s*>", re.I | re.S
)
_MARKER_SPAN = re.compile(
    r"<span data-mso-marker>(.*?)</span>"
    r"|<span[^>]*mso-list:\s*Ignore[^>]*>((?:[^<]|<span[^>]*>[^<]*</span>)*)</span>",
    re.I | re.S,
)
_ORDERED_MARKER = re.compile(r"^\s*(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]")
_BETWEEN_ITEMS = re.compile(r"^(\s|<!--.*?-->|<o:p>\s*</o:p>)*$", re.S)


def _word_lists(html: str) -> str:
    """Word's ``<p style="mso-list:l0 level1 lfo1">`` paragraphs as nested <ul>/<ol>."""
    output, group, position, list_id = [], [], 0, None
    for match in _MSO_PARAGRAPH.finditer(html):
        between = html[position : match.start()]
        if group and (match.group(1) != list_id or not _BETWEEN_ITEMS.match(between)):
            output.append(_nested_list(group))
            group = []
        if not group:
            output.append(between)
        position, list_id = match.end(), match.group(1)
        ordered, body = _without_marker(match.group(3))
        group.append((min(int(match.group(2)), 9), ordered, body))
    if group:
        output.append(_nested_list(group))
    output.append(html[position:])
    return "".join(output)


def _without_marker(body: str) -> tuple[bool, str]:
    """Whether a Word list paragraph is numbered, and its text without the marker."""
    marker = _MARKER_SPAN.search(body)
    if not marker:
        return False, body
    text = html_lib.unescape(re.sub(r"<[^>]*>", "", marker.group(1) or marker.group(2) or ""))
    return bool(_ORDERED_MARKER.match(text)), body[: marker.start()] + body[marker.end() :]


def _nested_list(items: list[tuple[int, bool, str]]) -> str:
    output, stack = [], []
    for level, ordered, body in items:
        while len(stack) > level:
            output.append(f"</li></{stack.pop()}>")
        if len(stack) == level:
            output.append("</li>")
        while len(stack) < level:
            stack.append("ol" if ordered else "ul")
            output.append(f"<{stack[-1]}>" + ("" if len(stack) == level else "<li>"))
        output.append(f"<li>{body}")
    output.extend(f"</li></{tag}>" for tag in reversed(stack))
    return "".join(output)


_VOID = {"br", "img", "hr"}


def _nesting_depth(html: str) -> int:
    depth = deepest = 0
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _VOID:
            continue
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


# --- HTML -> Markdown -----------------------------------------------------------------------

_LINE_START = [
    (re.compile(r"^(\s*)(#{1,6})(?=\s|$)"), r"\1\\\2"),
    (re.compile(r"^(\s*)([>+-])(?=\s|$)"), r"\1\\\2"),
    (re.compile(r"^(\s*)(-)(?=(?:\s*-){2,}\s*$)"), r"\1\\\2"),
    (re.compile(r"^(\s*\d{1,9})\.(?=\s|$)"), r"\1\\."),
]


def _escape_line_starts(text: str) -> str:
    """What Markdown would read as a heading, a list or a quotation at a line start."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        for pattern, replacement in _LINE_START:
            line = pattern.sub(replacement, line, count=1)
        lines[index] = line
    return "\n".join(lines)


def _markdown_url(url: str) -> str:
    media = ADMIN_MEDIA_URL.match(url.strip())
    if media:
        return f"media:{media.group(1)}"
    return url.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")


class _Converter(markdownify.MarkdownConverter):
    """markdownify with the platform's Markdown: ATX headings shifted, "-" bullets, four
    spaces for nested blocks (Python-Markdown's rule), minimal escaping."""

    def __init__(self):
        super().__init__(
            heading_style=markdownify.ATX,
            bullets="-",
            table_infer_header=True,
            keep_inline_images_in=["td", "th"],
            escape_asterisks=False,
            escape_underscores=False,
        )
        self._positions: dict[int, dict[int, int]] = {}

    def escape(self, text: str, parent_tags) -> str:
        text = re.sub(r"\\(?=[!-/:-@\[-`{-~])", r"\\\\", text)
        text = re.sub(r"(?<!\s)\*|\*(?!\s)", r"\*", text)
        text = re.sub(r"(?<!\w)_|_(?!\w)", r"\_", text)
        text = text.replace("`", r"\`").replace("[", r"\[")
        text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
        text = re.sub(r"<(?=[a-zA-Z/!?])", "&lt;", text)
        if parent_tags & {"td", "th"}:
            text = text.replace("|", r"\|")
        return text

    def convert_hN(self, n, el, text, parent_tags):  # noqa: N802 - markdownify's API
        if "_inline" in parent_tags:
            return text
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            return ""
        text = re.sub(r"#$", r"\#", text)
        return f"\n\n{'#' * MARKDOWN_HEADING[max(1, min(n, 6))]} {text}\n\n"

    def convert_p(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return " " + text.strip() + " "
        text = "\n".join(line.strip() for line in text.strip().split("\n"))
        return f"\n\n{_escape_line_starts(text)}\n\n" if text.strip() else ""

    def convert_br(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return " "
        return "<br>\n"

    def convert_a(self, el, text, parent_tags):
        href = el.get("href")
        if not href or not text.strip():
            return text
        prefix, suffix, text = markdownify.chomp(text)
        href = _markdown_url(href)
        if text == href and not href.startswith("media:"):
            return f"{prefix}<{href}>{suffix}"
        title = el.get("title")
        title_part = ' "{}"'.format(title.replace('"', r"\"")) if title else ""
        return f"{prefix}[{text}]({href}{title_part}){suffix}"

    def convert_img(self, el, text, parent_tags):
        src = el.get("src")
        if not src:
            return ""
        alt = (
            re.sub(r"\s+", " ", el.get("alt") or "").strip().replace("[", r"\[").replace("]", r"\]")
        )
        return f"![{alt}]({_markdown_url(src)})"

    def _position(self, el) -> int:
        parent = el.parent
        positions = self._positions.get(id(parent))
        if positions is None:
            items = [child for child in parent.children if getattr(child, "name", None) == "li"]
            positions = {id(item): index for index, item in enumerate(items)}
            self._positions[id(parent)] = positions
        return positions.get(id(el), 0)

    def convert_li(self, el, text, parent_tags):
        text = (text or "").strip()
        if not text:
            return ""
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = parent.get("start")
            first = int(start) if start and str(start).isdigit() else 1
            bullet = f"{first + self._position(el)}."
        else:
            bullet = "-"
        # A nested list follows its item's text directly (a tight list), as Markdown wrote it.
        text = re.sub(r"\n\n+(?=(?:-|\d+\.) )", "\n", text)
        lines = text.split("\n")
        lines[0] = _escape_line_starts(lines[0])
        body = "\n".join([lines[0]] + [("    " + line) if line else "" for line in lines[1:]])
        return f"{bullet} {body}\n"

    def convert_td(self, el, text, parent_tags):
        text = re.sub(r"\s+", " ", text).strip()
        if _in_header_row(el):
            # A header cell is bold already: Word's <b> in it would only add asterisks.
            text = re.sub(r"^\*\*(.+)\*\*$", r"\1", text)
        return f" {text} |"

    convert_th = convert_td


def _in_header_row(cell) -> bool:
    """The cell is in the table's first row, which Markdown makes its header row."""
    row = cell.parent
    if row is None or row.find_previous_sibling("tr") is not None:
        return False
    section = row.parent
    return section is not None and (
        section.name != "tbody" or section.find_previous_sibling(["thead", "tbody"]) is None
    )


def _tidy(markdown: str) -> str:
    # A line break with nothing after it (end of a paragraph, Google Docs' trailing <br>).
    markdown = re.sub(r"(<br>\n)+(?=\n|$)", "", markdown)
    lines = [line.rstrip() for line in markdown.split("\n") if line.strip() != "<br>"]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text.strip() else ""
