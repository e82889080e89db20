"""The languages a site is built in: French, and the extra ones its collectivity enables.

French is the site's language: it is built at the root of the release. Each extra
language is built under ``/<lang>/`` with the same paths, its interface strings from its
theme catalog and each item's texts from the item's translation into it; a text without
a translation is shown in French and marked so (``lang="fr"``). Feeds, open data and
attached files exist once, at the root: the pages of an extra language link to them
through ``TO_ROOT``.
"""

from __future__ import annotations

import gettext
from dataclasses import replace
from typing import Any, TypeVar

from app.publishing.content import SiteContent

DEFAULT_LANG = "fr"
# Each language named in itself, as the switcher shows it.
LANGUAGE_NAMES = {"fr": "Français", "oc": "Occitan", "en": "English"}
# The folders of the extra languages in a release (no page may use their names).
LANGUAGE_FOLDERS = frozenset(lang for lang in LANGUAGE_NAMES if lang != DEFAULT_LANG)
# The texts a clerk may translate, per SiteContent field (the models' translatable_fields).
TRANSLATABLE = {
    "pages": ("title", "body"),
    "entries": ("name", "summary", "body", "accessibility"),
    "news": ("title", "summary", "body", "image_alt"),
    "events": ("title", "summary", "body", "place", "price"),
    "alerts": ("message",),
    "acts": ("title", "summary"),
}

Item = TypeVar("Item")


def extra_languages(content: SiteContent) -> tuple[str, ...]:
    """The languages the site is built in besides French, in a stable order."""
    known = [lang for lang in LANGUAGE_NAMES if lang != DEFAULT_LANG]
    return tuple(lang for lang in known if lang in content.languages)


def site_languages(content: SiteContent) -> tuple[str, ...]:
    """French, then the site's extra languages."""
    return (DEFAULT_LANG, *extra_languages(content))


def language_prefix(lang: str) -> str:
    """Where a language's pages live in the release: "" for French, "oc/" for Occitan."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def localized_item(item: Item, lang: str, fields: tuple[str, ...]) -> Item:
    """``item`` with its texts in ``lang`` where translated; the others stay French and
    are listed in ``untranslated`` (only those that have a text)."""
    translated = (getattr(item, "translations", None) or {}).get(lang) or {}
    values = {name: translated[name] for name in fields if (translated.get(name) or "").strip()}
    missing = tuple(name for name in fields if name not in values and getattr(item, name))
    return replace(item, **values, untranslated=missing)  # type: ignore[type-var]


def localized(content: SiteContent, lang: str) -> SiteContent:
    """The site's content as its ``lang`` pages show it (French: unchanged)."""
    if lang == DEFAULT_LANG:
        return content
    changes = {
        name: tuple(localized_item(item, lang, fields) for item in getattr(content, name))
        for name, fields in TRANSLATABLE.items()
    }
    return replace(content, **changes)


def french_texts(content: SiteContent) -> dict[str, tuple[str, ...]]:
    """Item URL (alerts: anchor) -> the texts its page shows in French."""
    # The sections import the settings, which import this module: imported when used.
    from app.publishing.acts import act_path
    from app.publishing.events import event_url
    from app.publishing.export import entry_path
    from app.publishing.news import news_path

    urls = {
        "pages": lambda page: f"{page.slug}/",
        "entries": lambda entry: f"{entry_path(entry)}/",
        "news": lambda item: f"{news_path(item)}/",
        "events": event_url,
        "acts": lambda act: f"{act_path(act)}/",
        "alerts": lambda alert: f"alerte-{alert.item_id}",
    }
    return {
        url_of(item): item.untranslated
        for name, url_of in urls.items()
        for item in getattr(content, name)
        if item.untranslated
    }


def language_context(
    content: SiteContent, lang: str, translations: gettext.NullTranslations
) -> dict[str, Any]:
    """Upper-case template variables of the language (switcher, alternates)."""
    languages = site_languages(content)
    live_root = content.live_url if content.live_url.endswith("/") else content.live_url + "/"
    return {
        # Several languages: the switcher and the hreflang links show.
        "SITE_LANGUAGES": [
            {"code": code, "name": LANGUAGE_NAMES[code], "prefix": language_prefix(code)}
            for code in languages
        ]
        if len(languages) > 1
        else [],
        "LIVE_ROOT": live_root,
        # From a language's root (SITEURL) to the release's root, where feeds, open data
        # and attached files are.
        "TO_ROOT": "" if lang == DEFAULT_LANG else "/..",
        "FRENCH_TEXTS": french_texts(content) if lang != DEFAULT_LANG else {},
    }
