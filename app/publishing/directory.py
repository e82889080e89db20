"""Directory entries as the theme reads them: display-ready contacts, hours tables for
the coming days, the resident's-browser status segments and schema.org data.

Computed at build time in the parent process (the hours tables depend on the build
date; the daily rebuild keeps them rolling).
"""

from __future__ import annotations

import gettext
import json
from datetime import datetime
from typing import Any

from app.config import TIMEZONE
from app.directory.categories import CATEGORIES, category_label
from app.directory.contact import display_phone
from app.hours import schema_org_specification, status_segments, upcoming_days, weekly_table
from app.publishing.content import EntryContent, SiteContent
from app.publishing.export import DIRECTORY_PATH, entry_path
from app.text import collation_key

HOME_CONTACTS_LIMIT = 8
UPCOMING_DAYS = 7
STATUS_WINDOW_DAYS = 8  # the daily rebuild keeps a full week ahead
SCHEMA_TYPES = {"mairie": "GovernmentOffice", "commerces": "LocalBusiness"}


def entry_data(
    entry: EntryContent,
    site: SiteContent,
    *,
    lang: str,
    translations: gettext.NullTranslations,
    now: datetime,
) -> dict[str, Any]:
    """Everything the ``entry`` template and the lists show about one entry."""
    local_now = now.astimezone(TIMEZONE)
    data: dict[str, Any] = {
        "slug": entry.slug,
        "name": entry.name,
        "url": f"{entry_path(entry)}/",
        "category": entry.category,
        "category_label": category_label(entry.category, translations.gettext),
        "summary": entry.summary,
        "address_lines": [line for line in (entry.street, _town_line(entry)) if line],
        "phones": [{"display": display_phone(p), "uri": f"tel:{p}"} for p in entry.phones],
        "email": entry.email,
        "website": entry.website,
        "accessibility": entry.accessibility,
        "last_checked_on": entry.last_checked_on,
        "is_town_hall": entry.is_town_hall,
        "provided_by": entry.provided_by,
        "osm_url": _osm_url(entry),
        "hours": entry.hours,
        "weekly": [],
        "upcoming": [],
        "status_segments": "",
    }
    if entry.hours:
        data["weekly"] = weekly_table(entry.hours, lang, translations)
        data["upcoming"] = upcoming_days(
            entry.hours, local_now.date(), lang, translations, days=UPCOMING_DAYS
        )
        segments = status_segments(
            entry.hours, local_now, lang, translations, days=STATUS_WINDOW_DAYS
        )
        data["status_segments"] = compact_segments(segments)
    data["json_ld"] = _json_ld(entry, data, site)
    return data


def directory_context(
    site: SiteContent, *, lang: str, translations: gettext.NullTranslations, now: datetime
) -> dict[str, Any]:
    """``DIRECTORY`` (slug -> entry), ``DIRECTORY_CATEGORIES``, ``TOWN_HALL``, ``CONTACTS``."""
    entries = sorted(site.entries, key=lambda e: (not e.is_town_hall, collation_key(e.name)))
    data = {
        e.slug: entry_data(e, site, lang=lang, translations=translations, now=now) for e in entries
    }
    categories = [
        {
            "key": key,
            "label": translations.gettext(label),
            "entries": [data[e.slug] for e in entries if e.category == key],
        }
        for key, label in CATEGORIES.items()
    ]
    town_hall = next((data[e.slug] for e in entries if e.is_town_hall), None)
    return {
        "DIRECTORY": data,
        "DIRECTORY_URL": f"{DIRECTORY_PATH}/",
        "DIRECTORY_CATEGORIES": [c for c in categories if c["entries"]],
        "TOWN_HALL": town_hall,
        "CONTACTS": [data[e.slug] for e in entries][:HOME_CONTACTS_LIMIT],
    }


def compact_segments(segments: list) -> str:
    """The status segments as hours.js reads them, small enough for every page showing them.

    ``{"t": [sentences], "s": [[start, state, sentence index], ...], "e": end}``: starts
    and the final end in minutes since the Unix epoch (segments are contiguous), state 1
    for open, each sentence written once.
    """
    texts: dict[str, int] = {}
    starts = []
    for segment in segments:
        index = texts.setdefault(segment.text, len(texts))
        starts.append([_epoch_minutes(segment.start), int(segment.state == "open"), index])
    document = {
        "t": list(texts),
        "s": starts,
        "e": _epoch_minutes(segments[-1].end) if segments else 0,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _epoch_minutes(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp()) // 60


def _town_line(entry: EntryContent) -> str:
    return " ".join(part for part in (entry.postal_code, entry.town) if part)


def _osm_url(entry: EntryContent) -> str:
    if entry.latitude is None or entry.longitude is None:
        return ""
    lat, lon = entry.latitude, entry.longitude
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"


def _json_ld(entry: EntryContent, data: dict[str, Any], site: SiteContent) -> str:
    """schema.org data for search engines and apps, safe inside a <script> data block."""
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(entry.category, "CivicStructure"),
        "name": entry.name,
        "url": site.live_url.rstrip("/") + "/" + data["url"],
    }
    if entry.summary:
        document["description"] = entry.summary
    if entry.street or entry.town:
        document["address"] = {
            "@type": "PostalAddress",
            "streetAddress": entry.street,
            "postalCode": entry.postal_code,
            "addressLocality": entry.town,
            "addressCountry": "FR",
        }
    if entry.phones:
        document["telephone"] = entry.phones[0]
    if entry.email:
        document["email"] = entry.email
    if entry.latitude is not None and entry.longitude is not None:
        document["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": entry.latitude,
            "longitude": entry.longitude,
        }
    if entry.hours:
        document["openingHoursSpecification"] = schema_org_specification(entry.hours)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
