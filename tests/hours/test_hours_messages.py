"""Every message of app/hours is in the French test catalog, with the same placeholders."""

from __future__ import annotations

import ast
import re

from app.config import PROJECT_ROOT
from tests.hours.helpers import FRENCH


def _marked_messages() -> set[str]:
    messages = set()
    for path in (PROJECT_ROOT / "app" / "hours").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                messages.add(node.args[0].value)
    return messages


def test_the_french_catalog_covers_exactly_the_marked_messages():
    assert _marked_messages() == set(FRENCH)


def test_translations_keep_their_placeholders():
    for msgid, msgstr in FRENCH.items():
        assert sorted(re.findall(r"%\(\w+\)[sd]", msgid)) == sorted(
            re.findall(r"%\(\w+\)[sd]", msgstr)
        ), msgid
