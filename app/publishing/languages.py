"""The languages a site is built in: French, and the extra ones its collectivity enables."""

from __future__ import annotations

import gettext
from typing import Any

from app.publishing.content import SiteContent

DEFAULT_LANG = "fr"


def language_context(
    content: SiteContent, lang: str, translations: gettext.NullTranslations
) -> dict[str, Any]:
    """Upper-case template variables of the language (switcher, alternates)."""
    return {}
