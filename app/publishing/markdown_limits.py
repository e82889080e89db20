"""Linear checks that refuse the text structures Python-Markdown renders in quadratic time.

Each pattern below made a render take minutes (issue 9): Python-Markdown rescans the rest of
a paragraph for every "[" or "](" still open, the HTML parser rescans to the next ">" for
every "<tag" start, and the block parser re-splits the rest of a block for every heading or
rule line it consumes. Real pages stay far below these limits; anything else slow is caught
by the render's time budget (app.publishing.budget).
"""

from __future__ import annotations

import bisect
import re

from app.errors import N_, DomainError

# "[" nested or left open at once, anywhere in the text.
MAX_BRACKET_DEPTH = 20
# Links or images ("](" / "![…](") left without their ")" in one paragraph.
MAX_OPEN_LINKS = 20
# Characters the HTML parser may rescan in total looking for the ">" of "<tag" starts.
MAX_TAG_SCAN = 2_000_000
# Heading or rule lines ("# …", "---", "===") in one block without an empty line between.
MAX_HEADING_LINES_PER_BLOCK = 200
# Markup characters × length of one paragraph: each inline match (escape, emphasis, code,
# link...) rebuilds the rest of its paragraph: ~4 ns per unit. A long real paragraph is
# about 1,000,000; 1,000 links without empty lines between them about 100,000,000.
MAX_INLINE_WORK = 150_000_000

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ESCAPED = re.compile(r"\\[\[\]()<>]")  # "\[" is a bracket shown as text, not syntax
_LINK_TOKENS = re.compile(r"\]\(|[\[\]()]")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_INLINE_MARKUP = re.compile(r"[\\`\[*_<&]")
# Lines Markdown reads as list items, table rows, quotes, headings or indented content: their
# inline markup is processed item by item, not as one paragraph.
_STRUCTURE_LINE = re.compile(r"^(?:[ \t]|[-*+](?:[ \t]|$)|[>#|]|\d+[.)](?:[ \t]|$))")
_HEADING_OR_RULE = re.compile(r"^[ \t]{0,3}(?:#|[-=*_][-=*_ \t]*$)", re.MULTILINE)


class MarkdownRefused(DomainError):
    """A text that cannot be rendered in reasonable time; the message says what to do."""

    field = "body"


def bracket_depth(text: str) -> int:
    """The deepest nesting of "[" in ``text`` (unclosed brackets count as still open)."""
    depth = deepest = 0
    for char in re.findall(r"[\[\]]", text):
        if char == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


def open_links(block: str) -> int:
    """The links "[…](" of one paragraph whose ")" never comes (matched like Markdown does)."""
    stack: list[bool] = []
    brackets = 0
    for part in _LINK_TOKENS.findall(block):
        if part == "[":
            brackets += 1
        elif part == "]":
            brackets -= 1 if brackets else 0
        elif part == ")":
            if stack:
                stack.pop()
        else:  # "(" or "](": a link's destination only after an open "["
            stack.append(part == "](" and brackets > 0)
            brackets -= 1 if part == "](" and brackets else 0
    return sum(stack)


def tag_scan_length(text: str) -> int:
    """How many characters the HTML parser rescans for the ">" of every "<tag" start."""
    closes = [match.start() for match in re.finditer(">", text)]
    total = 0
    for match in _TAG_START.finditer(text):
        index = bisect.bisect_left(closes, match.start())
        total += (closes[index] if index < len(closes) else len(text)) - match.start()
    return total


def inline_work(block: str) -> int:
    """The largest markup count × length of the paragraphs (plain-line runs) of a block."""
    work, run = 0, []
    for line in [*block.split("\n"), "-"]:
        if _STRUCTURE_LINE.match(line):
            paragraph = "\n".join(run)
            work = max(work, len(_INLINE_MARKUP.findall(paragraph)) * len(paragraph))
            run = []
        else:
            run.append(line)
    return work


def check_structure(text: str) -> None:
    """Raise MarkdownRefused when ``text`` has a structure Markdown renders in minutes."""
    if any(inline_work(block) > MAX_INLINE_WORK for block in _BLANK_LINE.split(text)):
        raise MarkdownRefused(
            N_(
                "A paragraph of the text is too long for its formatting (links, bold, "
                "« \\ »…): split it with empty lines."
            )
        )
    text = _ESCAPED.sub("", text)
    if bracket_depth(text) > MAX_BRACKET_DEPTH:
        raise MarkdownRefused(
            N_(
                "The text has too many « [ » without a matching « ] » (at most %(count)d "
                "open at once). Close them or remove them."
            ),
            count=MAX_BRACKET_DEPTH,
        )
    blocks = _BLANK_LINE.split(text)
    if any(open_links(block) > MAX_OPEN_LINKS for block in blocks if "](" in block):
        raise MarkdownRefused(
            N_(
                "The text has too many links « [text]( » without their closing « ) » (at "
                "most %(count)d in a paragraph). Close them or remove them."
            ),
            count=MAX_OPEN_LINKS,
        )
    if tag_scan_length(text) > MAX_TAG_SCAN:
        raise MarkdownRefused(
            N_(
                "The text has too many « < » followed by a letter without a closing « > ». "
                "Remove them or put a space after each « < »."
            )
        )
    if any(len(_HEADING_OR_RULE.findall(block)) > MAX_HEADING_LINES_PER_BLOCK for block in blocks):
        raise MarkdownRefused(
            N_(
                "The text has more than %(count)d headings or separator lines (« # », "
                "« --- ») in a row without an empty line. Put empty lines between them."
            ),
            count=MAX_HEADING_LINES_PER_BLOCK,
        )
