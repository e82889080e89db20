"""The site's search index, made by Pagefind from the rendered release."""

from __future__ import annotations

from pathlib import Path

from app.publishing.content import SiteContent


def index_release(content: SiteContent, release: Path, *, timeout: float) -> str:
    """Index ``release`` in place (its ``pagefind/`` folder); return a log line."""
    return "search index: not built"
