"""A site's identity in its theme: name, logo, header photo, colours derived for contrast."""

from __future__ import annotations

from typing import Any

from app.publishing.content import SiteContent


def identity_context(content: SiteContent) -> dict[str, Any]:
    """Upper-case template variables of the site's identity (``IDENTITY``)."""
    return {}


def identity_files(content: SiteContent) -> dict[str, bytes]:
    """Release path -> bytes of the identity's generated files (colour stylesheet...)."""
    return {}
