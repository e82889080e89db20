"""A readable comparison of two versions of an item: field by field, word by word."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any

# Words and the spaces between them are the units compared (a changed letter marks the word).
_TOKENS = re.compile(r"\s+|[^\s]+")
# Past this many words on either side, the comparison is made line by line instead:
# difflib is quadratic in the worst case and a diff must answer at once.
MAX_WORDS = 20_000


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, or only in one."""

    kind: str  # "same", "removed", "added"
    text: str


@dataclass(frozen=True)
class FieldChange:
    name: str
    segments: tuple[Segment, ...]


def compare(old: dict[str, Any], new: dict[str, Any], fields: tuple[str, ...]) -> list[FieldChange]:
    """The fields whose value differs between two snapshots, each as a word-level diff."""
    changes = []
    for name in fields:
        before, after = _as_text(old.get(name)), _as_text(new.get(name))
        if before != after:
            changes.append(FieldChange(name, tuple(word_diff(before, after))))
    return changes


def word_diff(before: str, after: str) -> list[Segment]:
    """Segments that turn ``before`` into ``after``, merged so that runs read naturally."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    if len(old) > MAX_WORDS or len(new) > MAX_WORDS:
        old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    runs = [
        ("".join(old[i1:i2]), "".join(new[j1:j2]), tag == "equal")
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    segments: list[Segment] = []
    removed = added = ""
    for index, (before_text, after_text, equal) in enumerate(runs):
        # A lone space between two changes belongs to the change: "9 h." -> "8 h 30."
        # reads as one replacement, not as four.
        between_changes = 0 < index < len(runs) - 1 and not before_text.strip()
        if equal and not between_changes:
            _append(segments, "removed", removed)
            _append(segments, "added", added)
            removed = added = ""
            _append(segments, "same", before_text)
        else:
            removed, added = removed + before_text, added + after_text
    _append(segments, "removed", removed)
    _append(segments, "added", added)
    return segments


def _append(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
