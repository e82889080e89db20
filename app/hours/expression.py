"""Read an opening hours expression as a clerk typed it, or say where it is wrong.

The text is normalised first: runs of whitespace become one space, a line break between
two rules becomes ``; `` (one rule per line is how people type in a text area), and
typographic dashes outside comments become ``-``. The normalised text is what is stored.
An empty text means "no hours given" (``parse_hours`` returns None); opening-hours-py
would read blank text as "always open" (24/7), so it never sees one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from opening_hours import OpeningHours, ParserError

from app.config import TIMEZONE
from app.hours.errors import NOT_UNDERSTOOD, TOO_LONG, InvalidHours
from app.hours.rules import Rule, RuleKind, parse_rules

MAX_LENGTH = 1000
COUNTRY = "FR"  # the calendar of public holidays behind PH
EXCERPT_BEFORE, EXCERPT_AFTER = 12, 16
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_JOINERS = ";,-"  # a line break next to these continues the rule instead of ending it
_POSITION = re.compile(r"-->\s*\d+:(\d+)")


@dataclass(frozen=True)
class CompiledHours:
    """A checked expression: what opening-hours-py evaluates and the rules it is made of."""

    expression: str
    opening_hours: OpeningHours
    rules: tuple[Rule, ...]

    def weekly_expression(self) -> str:
        """The weekly rules alone (no public holiday, no date), or "" if there are none."""
        return "; ".join(rule.text for rule in self.rules if rule.kind is RuleKind.WEEKLY)


def is_blank(expression: str | None) -> bool:
    """True when no hours are given."""
    return not expression or expression.isspace()


def normalise_expression(expression: str) -> str:
    """The expression as it is stored and evaluated (see the module docstring)."""
    return _normalise(expression)[0]


def parse_hours(expression: str) -> OpeningHours | None:
    """The evaluable hours, None when none are given; InvalidHours says what to fix."""
    compiled = compile_hours(expression)
    return compiled.opening_hours if compiled else None


@lru_cache(maxsize=512)
def compile_hours(expression: str) -> CompiledHours | None:
    """Normalise, parse with opening-hours-py, then check that the site can show it."""
    text, origins = _normalise(expression)
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise InvalidHours(TOO_LONG, length=len(text), limit=MAX_LENGTH)
    try:
        opening_hours = OpeningHours(text, timezone=TIMEZONE, country=COUNTRY)
    except ParserError as error:
        index = _error_index(str(error), len(text))
        raise InvalidHours(
            NOT_UNDERSTOOD, excerpt=_excerpt(text, index), column=_column(origins, index)
        ) from None
    return CompiledHours(text, opening_hours, parse_rules(text))


def _normalise(expression: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, its index in ``expression``."""
    chars: list[str] = []
    origins: list[int] = []
    gap: int | None = None
    gap_has_line_break = quoted = False
    for index, char in enumerate(expression):
        if char.isspace():
            if gap is None:
                gap, gap_has_line_break = index, False
            gap_has_line_break = gap_has_line_break or char in _LINE_BREAKS
            continue
        if gap is not None and chars:
            joined = chars[-1] in _JOINERS or char in _JOINERS
            separator = "; " if gap_has_line_break and not quoted and not joined else " "
            chars.extend(separator)
            origins.extend([gap] * len(separator))
        gap = None
        if char == '"':
            quoted = not quoted
        elif not quoted:
            char = char.translate(_DASHES)
        chars.append(char)
        origins.append(index)
    return "".join(chars), origins


def _error_index(message: str, length: int) -> int:
    """The 0-based index pest reports (``--> 1:13``), within the text."""
    match = _POSITION.search(message)
    return min(int(match.group(1)) - 1, length) if match else 0


def _column(origins: list[int], index: int) -> int:
    """The 1-based character the clerk typed at ``index`` of the normalised text."""
    if index < len(origins):
        return origins[index] + 1
    return origins[-1] + 2 if origins else 1


def _excerpt(text: str, index: int) -> str:
    """The words around the error: back to the previous space or comma, on to the next rule."""
    start = index
    while start > 0 and index - start < EXCERPT_BEFORE and text[start - 1] not in " ;,":
        start -= 1
    end = index
    while end < len(text) and end - index < EXCERPT_AFTER and text[end] != ";":
        end += 1
    excerpt = text[start:end].strip()
    return excerpt or text[text.rfind(";", 0, index - 1) + 1 : index].strip()
