"""Pelican's Markdown reader with Bastide's sanitiser; imported only in the render child."""

from __future__ import annotations

from pelican.readers import MarkdownReader

from app.publishing.markdown import sanitise_html


class SanitisedMarkdownReader(MarkdownReader):
    """Read Markdown with the extensions of render_markdown, then sanitise with nh3."""

    def read(self, source_path: str) -> tuple[str, dict]:
        """Return the sanitised HTML body and the metadata of one source file."""
        content, metadata = super().read(source_path)
        return sanitise_html(content), metadata
