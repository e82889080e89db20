"""Rules on what clerks type that every content type shares."""

from __future__ import annotations

from app.content.errors import ContentError
from app.publishing.markdown import ADMIN_BUDGET_S, MarkdownRefused, render_markdown


def check_markdown(text: str, field: str = "body") -> None:
    """Refuse a text that cannot be rendered within the admin's time budget (the
    pathological structures of app.publishing.markdown_limits are refused at once)."""
    try:
        render_markdown(text, budget=ADMIN_BUDGET_S)
    except MarkdownRefused as error:
        raise ContentError(error.message, field=field, **error.params) from None
