"""The commune record as data: its fields, its TOML layout and the checks of a hand edit.

Every problem is reported with the file name and, when it can be found, the line of the
offending key, in French: the people reading it are the IT team editing the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from app.config import Settings
from app.models import AccessibilityStatus, Commune, Intercommunality
from app.onboarding.errors import InvalidValue, RecordError
from app.onboarding.profile_fields import (
    PROFILE_FIELDS,
    ProfileValueError,
    default_profile,
    profile_document,
)
from app.reference import InvalidCode, normalize_insee, normalize_siren
from app.text import SLUG_MAX_LENGTH, SLUG_PATTERN, has_control_characters

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOSTNAME_PATTERN = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
POSTAL_CODE_PATTERN = re.compile(r"^\d{5}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEPARTMENT_PATTERN = re.compile(r"^(?:\d{2,3}|2[AB])$")
TOP_LEVEL_KEYS = {
    "insee", "slug", "name", "department", "postal_codes", "population",
    "hostnames", "theme", "languages", "epci", "town_hall", "legal", "identity",
    "accessibility",
}  # fmt: skip
Check = Callable[[str], str]
# More people than the largest French commune (Paris, 2.1 million) and far from the column's
# integer limits: a typo, not a commune.
MAX_POPULATION = 10_000_000
# Entries of a list key: far above any real commune, far below what slows a sync.
MAX_LIST_ITEMS = 50


def _length(model: type, column: str) -> int:
    return model.__table__.c[column].type.length


# (key, table) -> the length of the column the text goes into.
TEXT_LENGTHS = {
    ("name", None): _length(Commune, "name"),
    ("department", None): _length(Commune, "department"),
    ("theme", None): _length(Commune, "theme"),
    ("insee", None): 20,  # a code as typed ("31 239"), normalised and checked after
    ("slug", None): _length(Commune, "slug"),
    ("siren", "epci"): 20,
    ("name", "epci"): _length(Intercommunality, "name"),
    ("kind", "epci"): _length(Intercommunality, "kind"),
    ("address", "town_hall"): _length(Commune, "town_hall_address"),
    ("phone", "town_hall"): _length(Commune, "town_hall_phone"),
    ("email", "town_hall"): _length(Commune, "town_hall_email"),
    ("publication_director", "legal"): _length(Commune, "publication_director"),
    ("accessibility_status", "legal"): 20,
}
# Host names are DNS names (at most 253 characters), postal codes and languages short codes.
LIST_ITEM_LENGTH = 253
TABLE_KEYS = {
    "epci": {"siren", "name", "kind"},
    "town_hall": {"address", "phone", "email"},
    "legal": {"publication_director", "accessibility_status"},
    "identity": set(),
    "accessibility": set(),
}
for _field in PROFILE_FIELDS:
    TABLE_KEYS[_field.table].add(_field.key)


@dataclass(frozen=True)
class CommuneRecord:
    """Everything the platform knows about a commune, as written in its record file."""

    insee: str
    slug: str
    name: str
    department: str
    postal_codes: tuple[str, ...] = ()
    population: int | None = None
    epci_siren: str | None = None
    epci_name: str = ""
    epci_kind: str = ""
    hostnames: tuple[str, ...] = ()
    theme: str = "bastide"
    languages: tuple[str, ...] = ("fr",)
    town_hall_address: str = ""
    town_hall_phone: str = ""
    town_hall_email: str = ""
    publication_director: str = ""
    accessibility_status: AccessibilityStatus = AccessibilityStatus.NON
    # Identity, legal and accessibility values: column name -> value (profile_fields).
    profile: dict[str, Any] = field(default_factory=default_profile)


def to_document(record: CommuneRecord) -> dict:
    """The record as a TOML document: identity keys, then [epci], [town_hall], [legal]."""
    document: dict = {
        "insee": record.insee,
        "slug": record.slug,
        "name": record.name,
        "department": record.department,
        "postal_codes": list(record.postal_codes),
    }
    if record.population is not None:
        document["population"] = record.population
    document |= {
        "hostnames": list(record.hostnames),
        "theme": record.theme,
        "languages": list(record.languages),
    }
    if record.epci_siren:
        document["epci"] = {
            "siren": record.epci_siren,
            "name": record.epci_name,
            "kind": record.epci_kind,
        }
    document["town_hall"] = {
        "address": record.town_hall_address,
        "phone": record.town_hall_phone,
        "email": record.town_hall_email,
    }
    profile = profile_document(record.profile)
    if "identity" in profile:
        document["identity"] = profile["identity"]
    document["legal"] = {
        "publication_director": record.publication_director,
        **profile.get("legal", {}),
        "accessibility_status": str(record.accessibility_status),
    }
    if "accessibility" in profile:
        document["accessibility"] = profile["accessibility"]
    return document


# Paths of the platform itself: a commune there would be shadowed by the admin.
RESERVED_COMMUNE_SLUGS = frozenset({"admin"})


def validate_slug(slug: str) -> str:
    """Return ``slug`` if it is lower-case ASCII words joined by hyphens, else raise."""
    if slug in RESERVED_COMMUNE_SLUGS:
        raise InvalidValue(
            f"l'identifiant « {slug} » est réservé par la plateforme (adresse de "
            "l'administration) : choisissez-en un autre."
        )
    if not SLUG_PATTERN.match(slug) or len(slug) > SLUG_MAX_LENGTH:
        raise InvalidValue(
            f"l'identifiant « {slug} » est invalide : lettres minuscules sans accent, "
            "chiffres et tirets seulement (par exemple saint-gaudens)."
        )
    return slug


def validate_hostname(hostname: str) -> str:
    """Return ``hostname`` if it is a lower-case DNS name, else raise ``InvalidValue``."""
    if not HOSTNAME_PATTERN.match(hostname):
        raise InvalidValue(
            f"le nom d'hôte « {hostname} » est invalide (attendu : minuscules, chiffres, "
            "tirets et points, par exemple mairie-castelnaudary.fr)."
        )
    return hostname


def validate_theme(theme: str, settings: Settings) -> str:
    """Return ``theme`` if it is a usable theme of the themes directory (the base theme or
    a variant extending it), else raise ``InvalidValue``."""
    from app.publishing.themes import ThemeNotFound, available_themes, resolve_theme

    try:
        resolve_theme(settings.themes_dir, theme)
    except ThemeNotFound:
        choices = ", ".join(t.name for t in available_themes(settings.themes_dir)) or "aucun"
        raise InvalidValue(
            f"le thème « {theme} » n'existe pas (thèmes disponibles : {choices})."
        ) from None
    return theme


class _Reader:
    """Typed access to a parsed document that turns every problem into a ``RecordError``."""

    def __init__(self, document: dict, path: Path, text: str):
        self.document, self.path, self.lines = document, path, text.splitlines()

    def fail(self, problem: str, key: str, table: str | None = None) -> RecordError:
        return RecordError(self.path, problem, self.line_of(key, table))

    def line_of(self, key: str, table: str | None = None) -> int | None:
        """Line of ``key`` (in ``table``), or of the ``[key]`` header for a table."""
        current = None
        assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self.lines, start=1):
            header = re.match(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]", line)
            if header:
                current = header.group(1)
                if table is None and current == key:
                    return number
            elif current == table and assignment.match(line):
                return number
        return None

    def table(self, name: str) -> dict:
        value = self.document.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(f"« {name} » doit être une table [{name}].", name)
        return value

    def text(self, key: str, table: str | None = None, default: str | None = None) -> str:
        value = (self.table(table) if table else self.document).get(key, default)
        if value is None:
            where = f" dans la table [{table}]" if table else ""
            raise self.fail(f"la clé obligatoire « {key} » manque{where}.", key, table)
        if not isinstance(value, str):
            raise self.fail(f"« {key} » doit être un texte entre guillemets.", key, table)
        return self._plain(value.strip(), key, table, TEXT_LENGTHS.get((key, table), 200))

    def _plain(self, value: str, key: str, table: str | None, limit: int) -> str:
        """``value`` if it fits its column and holds no control character."""
        if len(value) > limit:
            raise self.fail(
                f"« {key} » est trop long ({len(value)} caractères, {limit} au plus).", key, table
            )
        if has_control_characters(value, multiline=True):
            raise self.fail(
                f"« {key} » contient un caractère de contrôle invisible (par exemple un octet "
                "nul) : supprimez-le.",
                key,
                table,
            )
        return value

    def population(self) -> int | None:
        """The population, a whole number of inhabitants (or absent)."""
        value = self.document.get("population")
        if value is not None and (type(value) is not int or not 0 <= value <= MAX_POPULATION):
            most = f"{MAX_POPULATION:,}".replace(",", " ")
            raise self.fail(
                f"« population » doit être un nombre entier entre 0 et {most} (le nombre "
                "d'habitants).",
                "population",
            )
        return value

    def checked(
        self, key: str, check: Check, table: str | None = None, default: str | None = None
    ) -> str:
        """The text at ``key`` once ``check`` accepted it."""
        try:
            return check(self.text(key, table, default))
        except (ValueError, InvalidCode) as error:
            raise self.fail(str(error), key, table) from None

    def checked_list(self, key: str, check: Check, default: tuple[str, ...]) -> tuple[str, ...]:
        """The list of texts at ``key``, each accepted by ``check``."""
        value = self.document.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(f'« {key} » doit être une liste de textes, par exemple ["a"].', key)
        if len(value) > MAX_LIST_ITEMS:
            raise self.fail(
                f"« {key} » a trop d'éléments ({len(value)}, {MAX_LIST_ITEMS} au plus).", key
            )
        items = [self._plain(item.strip(), key, None, LIST_ITEM_LENGTH) for item in value]
        try:
            return tuple(check(item) for item in items)
        except ValueError as error:
            raise self.fail(str(error), key) from None

    def profile(self) -> dict[str, Any]:
        """The identity, legal and accessibility values, each checked."""
        values = default_profile()
        for f in PROFILE_FIELDS:
            raw = self.table(f.table).get(f.key)
            if raw is None:
                continue
            try:
                values[f.column] = f.check(raw)
            except ProfileValueError as error:
                raise self.fail(f"« {f.key} » {error}", f.key, f.table) from None
        return values

    def reject_unknown_keys(self) -> None:
        for key in self.document:
            if key not in TOP_LEVEL_KEYS:
                raise self.fail(f"clé inconnue « {key} ».", key)
        for table, keys in TABLE_KEYS.items():
            for key in self.table(table):
                if key not in keys:
                    raise self.fail(f"clé inconnue « {key} » dans la table [{table}].", key, table)


def _matching(pattern: re.Pattern, message: str, optional: bool = False) -> Check:
    def check(value: str) -> str:
        if not pattern.match(value) and not (optional and value == ""):
            raise ValueError(message.format(value=value))
        return value

    return check


def _not_empty(value: str) -> str:
    if not value:
        raise ValueError("le nom de la commune ne peut pas être vide.")
    return value


def _accessibility_status(value: str) -> str:
    if value not in {member.value for member in AccessibilityStatus}:
        raise ValueError(
            f"accessibility_status vaut « {value} » ; valeurs possibles : "
            "non, partiellement, totalement."
        )
    return value


_postal_code = _matching(POSTAL_CODE_PATTERN, "le code postal « {value} » doit avoir 5 chiffres.")
_department = _matching(
    DEPARTMENT_PATTERN, "le département « {value} » est invalide (ex. 31, 2A, 971)."
)
_language = _matching(
    LANGUAGE_PATTERN, "la langue « {value} » doit être un code comme fr, en ou oc."
)
_email = _matching(EMAIL_PATTERN, "l'adresse électronique « {value} » est invalide.", optional=True)


def record_from_document(
    document: dict, path: Path, text: str, settings: Settings
) -> CommuneRecord:
    """Validate a parsed record file and build the record (``RecordError`` on any problem)."""
    r = _Reader(document, path, text)
    r.reject_unknown_keys()
    slug = r.checked("slug", validate_slug)
    if slug != path.stem:
        raise r.fail(
            f"l'identifiant « {slug} » ne correspond pas au nom du fichier "
            f"(le fichier devrait s'appeler {slug}.toml).",
            "slug",
        )
    population = r.population()
    languages = r.checked_list("languages", _language, ("fr",))
    if not languages:
        raise r.fail(
            '« languages » doit contenir au moins une langue, par exemple ["fr"].', "languages"
        )
    has_epci = bool(r.table("epci"))
    return CommuneRecord(
        insee=r.checked("insee", normalize_insee),
        slug=slug,
        name=r.checked("name", _not_empty),
        department=r.checked("department", _department),
        postal_codes=r.checked_list("postal_codes", _postal_code, ()),
        population=population,
        epci_siren=r.checked("siren", normalize_siren, "epci") if has_epci else None,
        epci_name=r.text("name", "epci", "") if has_epci else "",
        epci_kind=r.text("kind", "epci", "") if has_epci else "",
        hostnames=r.checked_list("hostnames", validate_hostname, ()),
        theme=r.checked("theme", partial(validate_theme, settings=settings), default="bastide"),
        languages=languages,
        town_hall_address=r.text("address", "town_hall", ""),
        town_hall_phone=r.text("phone", "town_hall", ""),
        town_hall_email=r.checked("email", _email, "town_hall", ""),
        publication_director=r.text("publication_director", "legal", ""),
        accessibility_status=AccessibilityStatus(
            r.checked("accessibility_status", _accessibility_status, "legal", "non")
        ),
        profile=r.profile(),
    )
