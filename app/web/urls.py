"""Absolute links built from ``BASTIDE_BASE_URL``, never from the request's Host header."""

from __future__ import annotations

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    """The public address of an admin endpoint, for links people copy or receive."""
    base_url = current_app.config["BASTIDE_SETTINGS"].base_url
    return base_url + url_for(endpoint, **values)
