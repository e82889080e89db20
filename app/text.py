"""Small text helpers shared by features (no framework imports)."""

from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 80
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})


def slugify(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """ASCII, lower-case, hyphen-separated: « L'Isle-en-Dodon » -> ``l-isle-en-dodon``."""
    folded = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def collation_key(text: str) -> str:
    """Accent- and case-insensitive sort key, so "Église" sorts among the E."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# C0 control characters (NUL included) have no place in what clerks type: invalid in HTML,
# invisible on screen. Tab, line feed and carriage return are kept in multi-line texts.
_CONTROL = re.compile(r"[\x00-\x1f]")
_CONTROL_IN_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """True if ``text`` holds a C0 control character (tab/newline/CR allowed if multi-line)."""
    return bool((_CONTROL_IN_LINES if multiline else _CONTROL).search(text))


def without_control_characters(text: str, *, multiline: bool = True) -> str:
    """``text`` without its C0 control characters (tab/newline/CR kept if multi-line)."""
    return (_CONTROL_IN_LINES if multiline else _CONTROL).sub("", text)
