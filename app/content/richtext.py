"""The rich-text editor's HTML <-> the canonical Markdown of every text.

(Interface placeholder: the editor helper replaces this module.)
"""

from __future__ import annotations

import markdownify


def markdown_from_editor(html: str) -> str:
    return markdownify.markdownify(html, heading_style="ATX").strip() + "\n"


def editor_html(text: str, media=None) -> str:
    from app.publishing.markdown import render_markdown

    return render_markdown(text)
