"""The edit form carries the rich-text editor's labels in the admin's language."""

from __future__ import annotations

import html
import json
import re

import pytest


def _labels(client, commune, language: str) -> dict:
    response = client.get(
        f"/admin/c/{commune.slug}/pages/new", headers={"Accept-Language": language}
    )
    match = re.search(r"data-labels='([^']*)'", response.get_data(as_text=True))
    assert match, "the text field has no editor labels"
    return json.loads(html.unescape(match.group(1)))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", {"h2": "Titre", "h3": "Sous-titre", "h4": "Intertitre", "bold": "Gras"}),
        ("en", {"h2": "Heading", "h3": "Sub-heading", "h4": "Minor heading", "bold": "Bold"}),
    ],
)
def test_the_toolbar_speaks_the_admins_language(client, login, editor, commune, language, expected):
    login(editor.email)
    labels = _labels(client, commune, language)
    assert {name: labels[name] for name in expected} == expected
