"""What the web expects of a site: sitemap, robots.txt, favicon, canonical and social meta."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.publishing.content import SiteContent


def web_context(content: SiteContent) -> dict[str, Any]:
    """Upper-case template variables of the head's meta data."""
    return {}


def site_files(content: SiteContent, release: Path) -> dict[str, bytes]:
    """Release path -> bytes of the files made from the rendered release (sitemap...)."""
    return {}
