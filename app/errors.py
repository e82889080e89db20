"""Domain errors whose message is translated where it is shown.

Services raise ``DomainError(N_("English message with %(name)s"), name=...)``; the web edge
shows it in the reader's language (``error.translate(gettext)``), the command line and logs
in the platform's language, French (``str(error)``). No Flask import here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from app.config import PROJECT_ROOT

PLATFORM_LANGUAGE = "fr"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a message for extraction; it is translated when shown."""
    return message


@cache
def platform_translations() -> NullTranslations:
    """The admin catalog in French, read from the .po (no compile step needed)."""
    po_file = PROJECT_ROOT / "translations" / PLATFORM_LANGUAGE / "LC_MESSAGES" / "messages.po"
    if not po_file.exists():
        return NullTranslations()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=PLATFORM_LANGUAGE)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


class DomainError(Exception):
    """A rule was not met; the message says what to do, in the reader's language."""

    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None, **params):
        self.message, self.params = message, params
        self.field = field or self.field
        super().__init__(message)

    def translate(self, gettext: Callable[..., str]) -> str:
        return gettext(self.message, **self.params)

    def __str__(self) -> str:
        translated = platform_translations().gettext(self.message)
        return translated % self.params if self.params else translated
