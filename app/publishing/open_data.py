"""The directory as open data: ``donnees/annuaire.csv`` and ``donnees/annuaire.json``.

The CSV follows the SCDL schema « Équipements collectifs publics » (scdl/equipements
0.1.5, https://schema.data.gouv.fr/scdl/equipements/): its columns in its order, comma
separated, UTF-8, CRLF. Fields Bastide does not know (SIRET, the nomenclature code, ERP)
stay empty, and the schema allows no extra column: the JSON file holds every field.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from datetime import datetime
from typing import Any

from app.config import TIMEZONE
from app.directory.categories import category_label
from app.errors import platform_translations
from app.publishing.content import EntryContent, SiteContent
from app.publishing.export import OPEN_DATA_PATH, entry_path, site_time
from app.text import collation_key

CSV_PATH = f"{OPEN_DATA_PATH}/annuaire.csv"
JSON_PATH = f"{OPEN_DATA_PATH}/annuaire.json"
LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
SCDL_FIELDS = (
    "COLL_NOM", "COLL_SIRET", "EQUIP_UID", "EQUIP_THEME", "EQUIP_CODE", "EQUIP_TYPE",
    "EQUIP_NOM", "ADR_NUMERO", "ADR_NOMVOIE", "ADR_CODEPOSTAL", "ADR_COMMUNE",
    "ADR_CLE_INTEROP", "ERP_ID", "ERP_TYPE", "ERP_CATEGORIE", "EQUIP_LAT", "EQUIP_LONG",
    "EQUIP_OUVERTURE", "EQUIP_TEL", "EQUIP_EMAIL", "EQUIP_WEB",
)  # fmt: skip
OTHER_THEME = "Autre équipement"
# Directory category -> the schema's theme (its ten families of the CRIGE PACA nomenclature).
THEMES = {
    "mairie": "Equipement administratif",
    "ecoles": "Equipement d'enseignement",
    "enfance": "Equipement social et d'animation",
    "sante": "Equipement sanitaire",
    "social": "Equipement social et d'animation",
    "sport-culture": "Equipement sportif et de loisirs",
    "transports": "Equipement de mobilité",
}
TOWN_HALL_TYPE = "Mairie"  # the nomenclature's term, the schema's own example
NO_NUMBER = "99999"  # what the schema asks for a street or lieu-dit without a number
MAX_PHONE_LENGTH = 13  # EQUIP_TEL: one number
# "12", "12 bis", "12bis", "36/38", "7 B" at the start of the street.
HOUSE_NUMBER = re.compile(
    r"(?P<number>\d+(?:\s*/\s*\d+)?)\s*(?P<suffix>bis|ter|quater|qua|qui|[a-z](?=[\s,]))?[\s,]+",
    re.IGNORECASE,
)
SUFFIXES = {"quater": "qua"}
# Characters the schema's patterns allow in ADR_NOMVOIE and ADR_COMMUNE (Latin-1 letters).
STREET_CHARS = re.compile(r"[^a-zA-Z0-9\-'\s\u00C0-\u00FF]")
TOWN_CHARS = re.compile(r"[^a-zA-Z\-\s\u00C0-\u00FF]")
SPELLED_OUT = str.maketrans({"’": "'", "‘": "'", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def open_data_files(site: SiteContent, *, generated_at: datetime | None = None) -> dict[str, bytes]:
    """The open data files of the site, by path."""
    return {
        CSV_PATH: directory_csv(site),
        JSON_PATH: directory_json(site, generated_at=generated_at),
    }


def directory_csv(site: SiteContent) -> bytes:
    """The directory in the SCDL « équipements » schema (header only if it is empty)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=SCDL_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(scdl_row(entry, site) for entry in _ordered(site))
    return buffer.getvalue().encode("utf-8")


def directory_json(site: SiteContent, *, generated_at: datetime | None = None) -> bytes:
    """Every published field of every entry, with the licence and the producer."""
    generated_at = generated_at or datetime.now(TIMEZONE)
    document = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "producteur": _producer(site),
        "genere_le": _timestamp(generated_at),
        "fiches": [entry_record(entry, site) for entry in _ordered(site)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def scdl_row(entry: EntryContent, site: SiteContent) -> dict[str, str]:
    """One CSV line; unknown fields are left empty."""
    number, street = split_street(entry.street)
    phones = [phone for phone in entry.phones if len(phone) <= MAX_PHONE_LENGTH]
    row = dict.fromkeys(SCDL_FIELDS, "")
    row |= {
        "COLL_NOM": entry.collectivity or site.name,
        "EQUIP_THEME": THEMES.get(entry.category, OTHER_THEME),
        "EQUIP_TYPE": TOWN_HALL_TYPE if entry.is_town_hall else _french_category(entry),
        "EQUIP_NOM": entry.name,
        "ADR_NUMERO": number,
        "ADR_NOMVOIE": _fit(street, STREET_CHARS),
        "ADR_CODEPOSTAL": entry.postal_code,
        "ADR_COMMUNE": _fit(entry.town, TOWN_CHARS),
        "EQUIP_LAT": _decimal(entry.latitude),
        "EQUIP_LONG": _decimal(entry.longitude),
        "EQUIP_OUVERTURE": entry.hours,
        "EQUIP_TEL": phones[0] if phones else "",
        "EQUIP_EMAIL": entry.email,
        "EQUIP_WEB": entry.website,
    }
    return row


def entry_record(entry: EntryContent, site: SiteContent) -> dict[str, Any]:
    """One entry of the JSON file (names as the import's CSV columns where they exist)."""
    return {
        "slug": entry.slug,
        "url": f"{(entry.site_url or site.live_url).rstrip('/')}/{entry_path(entry)}/",
        "collectivite": entry.collectivity or site.name,
        "nom": entry.name,
        "categorie": entry.category,
        "categorie_libelle": _french_category(entry),
        "description": entry.summary,
        "texte": entry.body,
        "adresse": entry.street,
        "code_postal": entry.postal_code,
        "commune": entry.town,
        "telephones": list(entry.phones),
        "courriel": entry.email,
        "site_web": entry.website,
        "horaires": entry.hours,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "accessibilite": entry.accessibility,
        "verifie_le": entry.last_checked_on.isoformat() if entry.last_checked_on else None,
        "mairie": entry.is_town_hall,
        "fournie_par": entry.provided_by or None,
        "publiee_le": _timestamp(entry.published_at),
    }


def split_street(street: str) -> tuple[str, str]:
    """("12 bis", "rue de la Paix") from "12 bis, rue de la Paix"; ("99999", street) if the
    street has no number, as the schema asks; ("", "") without a street."""
    street = " ".join(street.split())
    if not street:
        return "", ""
    match = HOUSE_NUMBER.match(street)
    if match is None or match.end() == len(street):
        return NO_NUMBER, street
    number = re.sub(r"\s+", "", match["number"])
    suffix = (match["suffix"] or "").lower()
    suffix = SUFFIXES.get(suffix, suffix)
    return f"{number} {suffix}".strip(), street[match.end() :]


def _producer(site: SiteContent) -> dict[str, str]:
    code = {"siren": site.siren} if site.is_intercommunality else {"code_insee": site.insee}
    return {"nom": site.name, **code, "site_web": site.live_url}


def _ordered(site: SiteContent) -> list[EntryContent]:
    """The town hall first, then by name (the order of the site's directory); an
    intercommunality's files cover its whole territory, commune by commune."""
    entries = site.territory_entries or site.entries
    return sorted(
        entries,
        key=lambda e: (
            collation_key(e.collectivity),
            not e.is_town_hall,
            collation_key(e.name),
            e.slug,
        ),
    )


def _french_category(entry: EntryContent) -> str:
    return category_label(entry.category, platform_translations().gettext)


def _fit(text: str, forbidden: re.Pattern[str]) -> str:
    """``text`` within the characters a schema pattern allows (’ -> ', œ -> oe, others -> space)."""
    spelled = unicodedata.normalize("NFC", text).translate(SPELLED_OUT)
    return " ".join(forbidden.sub(" ", spelled).split())


def _decimal(value: float | None) -> str:
    """A WGS 84 coordinate with a decimal point and no exponent ("" if unknown)."""
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _timestamp(value: datetime) -> str:
    """ISO 8601 in the site's time zone, to the second."""
    return site_time(value).replace(microsecond=0).isoformat()
