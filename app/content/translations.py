"""Translations of an item's texts into the site's extra languages (Occitan, English).

A translation is part of the working copy (``item.translations[lang]``): it is saved with
the version check, kept in the item's history and published with the item. No Flask here.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.content import history, services
from app.content.owners import Owner
from app.errors import N_, DomainError
from app.models import ContentItem, User

SOURCE_LANG = "fr"
TRANSLATABLE_LANGUAGES = ("oc", "en")  # the languages a site can be built in besides French


class LanguageNotEnabled(DomainError):
    """The owner's site is not built in this language (the screen does not exist: 404)."""


def extra_languages(owner: Owner) -> list[str]:
    """The languages the owner's site is built in besides French, in a stable order."""
    enabled = set(owner.languages or ())
    return [lang for lang in TRANSLATABLE_LANGUAGES if lang in enabled]


def check_language(owner: Owner, lang: str) -> None:
    """Raise LanguageNotEnabled unless the owner's site is built in ``lang``."""
    if lang not in extra_languages(owner):
        raise LanguageNotEnabled(N_("This language is not enabled for the site."))


def translation_of(item: ContentItem, lang: str) -> dict[str, str]:
    """The item's texts in ``lang`` (missing ones empty), one per translatable field."""
    stored = (item.translations or {}).get(lang) or {}
    return {name: stored.get(name, "") for name in type(item).translatable_fields}


def save_translation(
    session: Session,
    owner: Owner,
    item: ContentItem,
    lang: str,
    texts: dict[str, str],
    *,
    version: int | None,
    user: User | None,
) -> ContentItem:
    """Save the item's translation into ``lang`` in its working copy, unless someone saved
    the item since ``version`` (StaleEdit); keep the new version in the item's history.
    Empty texts are left out (the site shows the French one)."""
    check_language(owner, lang)
    fields = type(item).translatable_fields
    kept = {name: texts[name].strip() for name in fields if (texts.get(name) or "").strip()}
    translations = {code: dict(values) for code, values in (item.translations or {}).items()}
    if kept:
        translations[lang] = kept
    else:
        translations.pop(lang, None)
    saved = services.save_item(
        session, owner, type(item), item, {"translations": translations}, version=version, user=user
    )
    history.record_save(session, owner, saved, user)
    return saved
