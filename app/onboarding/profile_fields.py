"""The site-profile values of a commune record: identity, legal notice, accessibility.

One table of fields drives the record file (TOML table and key), its checks and the
database columns (app.models.site_profile), so a new value is one line here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.models.site_profile import DEFAULT_LICENCE

COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_PATTERN = re.compile(r"^https?://[^\s]+$")


class ProfileValueError(ValueError):
    """A value is not acceptable; the message is French, for the person who typed it."""


def _text(limit: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise ProfileValueError("doit être un texte entre guillemets.")
        value = value.strip()
        if len(value) > limit:
            raise ProfileValueError(f"est trop long ({len(value)} caractères, {limit} au plus).")
        if "\x00" in value:
            raise ProfileValueError("contient un caractère invalide.")
        return value

    return check


def _pattern(pattern: re.Pattern, limit: int, example: str) -> Callable[[Any], str]:
    text = _text(limit)

    def check(value: Any) -> str:
        value = text(value)
        if value and not pattern.match(value):
            raise ProfileValueError(f"« {value} » n'est pas valide (exemple : {example}).")
        return value

    return check


def _color(value: Any) -> str:
    return _pattern(COLOR_PATTERN, 7, "#1f5f8b")(value).lower()


def _media_id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if type(value) is not int or not 0 < value < 2**31:
        raise ProfileValueError("doit être le numéro d'un fichier de la médiathèque.")
    return value


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ProfileValueError("doit être une date, par exemple 2026-03-15.") from None


def _percent(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ProfileValueError("doit être un pourcentage entre 0 et 100.")
    return float(value)


@dataclass(frozen=True)
class ProfileField:
    """One value: its column, where it lives in the record file, its check, its default."""

    column: str
    table: str
    key: str
    check: Callable[[Any], Any]
    default: Any = ""


PROFILE_FIELDS: tuple[ProfileField, ...] = (
    ProfileField("display_name", "identity", "display_name", _text(200)),
    ProfileField("logo_media_id", "identity", "logo", _media_id, None),
    ProfileField("main_color", "identity", "main_color", _color),
    ProfileField("header_photo_media_id", "identity", "header_photo", _media_id, None),
    ProfileField("header_photo_credit", "identity", "header_photo_credit", _text(200)),
    ProfileField("director_capacity", "legal", "publication_director_capacity", _text(120)),
    ProfileField("dpo_name", "legal", "dpo_name", _text(200)),
    ProfileField("dpo_email", "legal", "dpo_email", _pattern(EMAIL_PATTERN, 200, "dpd@exemple.fr")),
    ProfileField("dpo_address", "legal", "dpo_address", _text(300)),
    ProfileField("content_licence", "legal", "content_licence", _text(200), DEFAULT_LICENCE),
    ProfileField("accessibility_audit_date", "accessibility", "audit_date", _date, None),
    ProfileField("accessibility_audit_rate", "accessibility", "audit_rate", _percent, None),
    ProfileField("accessibility_auditor", "accessibility", "auditor", _text(200)),
    ProfileField("accessibility_declared_on", "accessibility", "declared_on", _date, None),
    ProfileField("accessibility_non_compliant", "accessibility", "non_compliant", _text(5000)),
    ProfileField("accessibility_derogations", "accessibility", "derogations", _text(5000)),
    ProfileField("accessibility_exempt", "accessibility", "exempt", _text(5000)),
    ProfileField(
        "accessibility_contact_url",
        "accessibility",
        "contact_form_url",
        _pattern(URL_PATTERN, 300, "https://www.mairie.fr/contact"),
    ),
)
PROFILE_TABLES = ("identity", "legal", "accessibility")
FIELDS_BY_COLUMN = {f.column: f for f in PROFILE_FIELDS}


def default_profile() -> dict[str, Any]:
    """The values of a record that says nothing about them."""
    return {f.column: f.default for f in PROFILE_FIELDS}


def profile_from_row(row: Any) -> dict[str, Any]:
    """The profile values a Commune or Intercommunality row holds."""
    return {f.column: getattr(row, f.column) for f in PROFILE_FIELDS}


def profile_document(profile: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The record file's tables for ``profile`` (empty values left out; TOML has no null)."""
    tables: dict[str, dict[str, Any]] = {}
    for f in PROFILE_FIELDS:
        value = profile.get(f.column, f.default)
        if value is None or value == "":
            continue
        tables.setdefault(f.table, {})[f.key] = value
    return tables


def checked_value(column: str, value: Any) -> Any:
    """``value`` for ``column`` once checked (ProfileValueError with a French reason)."""
    return FIELDS_BY_COLUMN[column].check(value)
