"""Every user-visible string is extracted and translated into French."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT

CATALOGS = [
    ("messages", "babel.cfg", ["--keywords", "_l", "--keywords", "N_"]),
    ("theme", "babel-theme.cfg", ["--keywords", "N_"]),
]


def _extract(mapping: str, keywords: list[str], output: Path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "--mapping",
            mapping,
            *keywords,
            "--no-location",
            "--omit-header",
            "--output",
            str(output),
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with output.open("rb") as handle:
        return read_po(handle)


def _po(domain: str, lang: str):
    with (PROJECT_ROOT / "translations" / lang / "LC_MESSAGES" / f"{domain}.po").open(
        "rb"
    ) as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize(("domain", "mapping", "keywords"), CATALOGS)
def test_french_catalog_translates_every_extracted_string(domain, mapping, keywords, tmp_path):
    extracted = _extract(mapping, keywords, tmp_path / f"{domain}.pot")
    french = _po(domain, "fr")
    ids = [message.id for message in extracted if message.id]
    assert len(ids) > 10, "extraction found almost nothing: check the mapping"
    missing = []
    for msgid in ids:
        message = french.get(msgid)
        strings = message.string if message else None
        if (
            not message
            or message.fuzzy
            or not all(strings if isinstance(strings, tuple) else [strings])
        ):
            missing.append(msgid)
    assert missing == [], f"untranslated in translations/fr/LC_MESSAGES/{domain}.po: {missing}"


@pytest.mark.parametrize("domain", ["messages", "theme"])
def test_catalogs_have_no_obsolete_or_unknown_placeholders(domain):
    french = _po(domain, "fr")
    for message in french:
        if not message.id or not message.string:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else message.string[-1]
        assert sorted(_placeholders(source)) == sorted(_placeholders(target)), source


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"%\(\w+\)[sd]", text)


def test_admin_speaks_french_by_default_and_english_on_request(client):
    assert "Se connecter" in client.get("/admin/login").get_data(as_text=True)
    english = client.get("/admin/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Sign in" in english.get_data(as_text=True)
    assert 'lang="en"' in english.get_data(as_text=True)


def test_domain_errors_are_french_on_the_command_line():
    from app.content.errors import SlugTaken

    error = SlugTaken("Another page already uses the address « %(slug)s ».", slug="mairie")
    assert str(error) == "Une autre page utilise déjà l'adresse « mairie »."
