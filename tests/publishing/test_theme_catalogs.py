"""The theme's catalogs: complete in French, Occitan and English, in step with the
templates, read without .mo."""

from __future__ import annotations

import re
import shutil

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from publishing_samples import THEMES_DIR, TRANSLATIONS_DIR

from app.config import PROJECT_ROOT
from app.publishing.theming import load_translations


def catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def template_msgids() -> set:
    """Strings of the templates, and of the Python code that writes site text (N_)."""
    found = list(
        extract_from_dir(
            THEMES_DIR,
            method_map=[("**/templates/**.html", "jinja2")],
            options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        )
    )
    found += extract_from_dir(
        PROJECT_ROOT / "app",
        method_map=[(pattern, "python") for pattern in _python_sources_of_site_text()],
        keywords={**DEFAULT_KEYWORDS, "N_": None},  # as `pybabel extract --keywords N_`
    )
    return {message[2] if isinstance(message[2], str) else message[2][0] for message in found}


def _python_sources_of_site_text() -> list[str]:
    """The Python files that write what residents read, as babel-theme.cfg lists them
    (hours, categories, waste, alerts, agenda…; the rest of the Python code is admin text)."""
    lines = (PROJECT_ROOT / "babel-theme.cfg").read_text().splitlines()
    patterns = [line[len("[python: ") : -1] for line in lines if line.startswith("[python: ")]
    assert patterns, "babel-theme.cfg lists no Python source"
    return [pattern.removeprefix("app/") for pattern in patterns]


def msgids(cat) -> set:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in cat if m.id}


def test_template_strings_are_all_in_the_pot() -> None:
    assert template_msgids() == msgids(catalog(TRANSLATIONS_DIR / "theme.pot"))


SITE_LANGUAGES = ["fr", "oc", "en"]


@pytest.mark.parametrize("lang", SITE_LANGUAGES)
def test_catalogs_cover_the_pot(lang: str) -> None:
    po = catalog(TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "theme.po")
    assert str(po.locale) == lang
    assert msgids(po) == msgids(catalog(TRANSLATIONS_DIR / "theme.pot"))


@pytest.mark.parametrize("lang", SITE_LANGUAGES)
def test_catalog_is_complete(lang: str) -> None:
    po = catalog(TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "theme.po")
    untranslated = [
        m.id for m in po if m.id and (not all(m.string) if m.pluralizable else not m.string)
    ]
    assert untranslated == []
    assert not [m.id for m in po if m.id and m.fuzzy]


def test_catalog_is_loaded_straight_from_the_po(tmp_path) -> None:
    po_only = tmp_path / "fr" / "LC_MESSAGES"
    po_only.mkdir(parents=True)
    shutil.copy(TRANSLATIONS_DIR / "fr" / "LC_MESSAGES" / "theme.po", po_only)
    french = load_translations(tmp_path, "fr")
    assert french.gettext("Skip to content") == "Aller au contenu"
    assert french.ngettext("Postal code: %(codes)s", "Postal codes: %(codes)s", 0).startswith(
        "Code postal"  # French: 0 is singular
    )
    assert load_translations(TRANSLATIONS_DIR, "en").gettext("Home") == "Home"
    assert load_translations(TRANSLATIONS_DIR, "xx").gettext("Home") == "Home"


def test_occitan_catalog_is_lengadocian_with_french_plurals() -> None:
    occitan = load_translations(TRANSLATIONS_DIR, "oc")
    assert occitan.gettext("Home") == "Acuèlh"
    assert occitan.gettext("Legal notice") == "Mencions legalas"
    assert occitan.gettext("Open") == "Dobèrt"
    assert occitan.gettext("Closed") == "Tampat"
    # Occitan, like French, uses the singular for 0 and 1.
    postal = "Postal code: %(codes)s", "Postal codes: %(codes)s"
    assert occitan.ngettext(*postal, 0).startswith("Còdi postal")
    assert occitan.ngettext(*postal, 2).startswith("Còdis postals")


@pytest.mark.parametrize("lang", SITE_LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    """A msgstr names the same %(...)s values as its msgid (a typo breaks the page)."""
    placeholders = re.compile(r"%\(\w+\)[sd]")
    po = catalog(TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "theme.po")
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(placeholders.findall(ids[-1]))
        for string in strings:
            assert set(placeholders.findall(string)) == wanted, (lang, message.id)
