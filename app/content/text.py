"""Rules on what clerks type that every content type shares."""

from __future__ import annotations

from app.content.errors import ContentError
from app.errors import N_
from app.publishing.markdown import MAX_BRACKET_DEPTH, bracket_depth


def check_markdown(text: str, field: str = "body") -> None:
    """Refuse a text that would take the renderer minutes (see MAX_BRACKET_DEPTH)."""
    if bracket_depth(text) > MAX_BRACKET_DEPTH:
        raise ContentError(
            N_(
                "The text has too many « [ » without a matching « ] » (at most %(count)d "
                "open at once). Close them or remove them."
            ),
            field=field,
            count=MAX_BRACKET_DEPTH,
        )
