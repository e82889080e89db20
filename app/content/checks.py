"""The accessibility check of a text as the site will show it (media resolved)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.content.owners import Owner
from app.publishing.markdown import render_markdown

if TYPE_CHECKING:
    from app.content.accessibility import Problem


def text_problems(session: Session, owner: Owner, text: str) -> list[Problem]:
    """The problems the accessibility check finds in a Markdown text of ``owner``."""
    from app.content.accessibility import check_html
    from app.media.queries import admin_resolver

    if not text.strip():
        return []
    media = admin_resolver(session, owner, text)
    html = render_markdown(text, media=media)
    return check_html(
        html,
        decorative_srcs=frozenset(media.decorative_srcs),
        scanned_hrefs=frozenset(media.scanned_hrefs),
    )
