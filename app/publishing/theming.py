"""What every theme template sees besides the context: gettext, filters, Jinja options.

Shared by the render child (through Pelican's JINJA_* settings) and by the in-process
preview, so a preview is rendered exactly like the published page.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

THEME_DOMAIN = "theme"

# Pelican's defaults plus i18n and autoescape: the theme marks page bodies |safe (they
# are sanitised), everything else (titles, commune data) is escaped.
JINJA_OPTIONS: dict[str, Any] = {
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}


def catalog_path(translations_dir: Path, lang: str) -> Path:
    """Where the theme catalog of one language lives."""
    return translations_dir / lang / "LC_MESSAGES" / f"{THEME_DOMAIN}.po"


@functools.lru_cache(maxsize=32)
def _load_catalog(path: str, mtime_ns: int, lang: str) -> gettext.NullTranslations:
    """Compile a .po in memory (no .mo on disk, no compile step); cached per file version."""
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=lang, domain=THEME_DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=THEME_DOMAIN)


def load_translations(translations_dir: Path, lang: str) -> gettext.NullTranslations:
    """The theme catalog for ``lang``, or identity translations if it has none."""
    path = catalog_path(translations_dir, lang)
    try:
        mtime_ns = path.stat().st_mtime_ns
    except FileNotFoundError:
        return gettext.NullTranslations()
    return _load_catalog(str(path), mtime_ns, lang)


def jinja_globals(translations: gettext.NullTranslations) -> dict[str, Callable[..., str]]:
    """The gettext callables ``jinja2.ext.i18n`` looks up in the template globals."""
    return {
        "gettext": translations.gettext,
        "ngettext": translations.ngettext,
    }


def jinja_filters(lang: str) -> dict[str, Callable[..., str]]:
    """Locale-aware filters; Babel formats dates without touching the process locale."""

    def format_date(value: date | datetime | None, format: str = "long") -> str:
        if value is None:
            return ""
        return babel_format_date(value, format=format, locale=lang)

    return {"format_date": format_date}
