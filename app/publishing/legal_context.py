"""``LEGAL``: the data of the three legal pages, ready for the theme's templates.

Only data here (names, addresses, dates, lists); every sentence is a theme string, so the
pages exist in each language of the site.
"""

from __future__ import annotations

import gettext
import re
from datetime import UTC, datetime
from typing import Any

from babel.numbers import format_percent

from app.config import TIMEZONE
from app.publishing.content import SiteContent
from app.publishing.export import ACTS_PATH, DIRECTORY_PATH, EVENTS_PATH, NEWS_PATH, entry_path
from app.publishing.legal import (
    LEGAL_TEMPLATES,
    SCHEMA_SLUG,
    accessibility_status,
    action_plan_slug,
    address_lines,
    publisher_name,
    tel_uri,
)
from app.publishing.legal_gaps import missing_values

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def text_items(text: str) -> list[str]:
    """One item per non-empty line of a clerk's list ("- " or "1. " bullets dropped)."""
    return [_BULLET.sub("", line).strip() for line in text.splitlines() if line.strip()]


def _phone(number: str) -> dict[str, str]:
    number = " ".join(number.split())
    return {"display": number, "uri": tel_uri(number) if number else ""}


def _percent(rate: float | None, lang: str) -> str:
    if rate is None:
        return ""
    return format_percent(rate / 100, locale=lang, decimal_quantization=False)


def _credits(content: SiteContent) -> list[dict[str, str]]:
    """The photos' credits: the header photo's, then those of the library images shown."""
    credits: list[dict[str, str]] = []
    if content.header_photo_credit.strip():
        title = content.header_photo.title if content.header_photo else ""
        credits.append({"title": title, "credit": content.header_photo_credit.strip()})
    for item in content.media:
        entry = {"title": item.title, "credit": item.credit.strip()}
        if item.kind == "image" and entry["credit"] and entry not in credits:
            credits.append(entry)
    return credits


def _checked_pages(content: SiteContent) -> list[dict[str, str]]:
    """The key pages the declaration lists as checked: (key, folder), keys the template
    names (home, town hall, directory, news, agenda, acts, search, legal pages)."""
    from app.publishing.site_map import SECTION as SITE_MAP

    pages = [{"key": "home", "url": ""}]
    town_hall = next((e for e in content.entries if e.is_town_hall), None)
    if town_hall is not None:
        pages.append({"key": "town_hall", "url": f"{entry_path(town_hall)}/"})
    pages += [
        {"key": "directory", "url": f"{DIRECTORY_PATH}/"},
        {"key": "news", "url": f"{NEWS_PATH}/"},
        {"key": "agenda", "url": f"{EVENTS_PATH}/"},
    ]
    if content.acts:
        pages.append({"key": "acts", "url": f"{ACTS_PATH}/"})
    for name, save_as in SITE_MAP.direct_templates(content).items():
        pages.append({"key": name, "url": save_as.removesuffix("index.html")})
    pages += [{"key": name, "url": f"{slug}/"} for name, slug in LEGAL_TEMPLATES.items()]
    return pages


def _own_pages(content: SiteContent, now: datetime) -> dict[str, Any]:
    """The schéma pluriannuel and this year's action plan, when published."""
    slugs = {page.slug: page for page in content.pages}
    year = now.astimezone(TIMEZONE).year
    plan = slugs.get(action_plan_slug(year))
    schema = slugs.get(SCHEMA_SLUG)
    return {
        "schema": {"url": f"{schema.slug}/", "title": schema.title} if schema else None,
        "action_plan": {"url": f"{plan.slug}/", "title": plan.title, "year": year}
        if plan
        else None,
    }


def legal_context(
    content: SiteContent,
    *,
    lang: str = "fr",
    translations: gettext.NullTranslations | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """``LEGAL``: the collectivity, its director, host, DPO, licence, credits and its
    accessibility declaration; ``LEGAL.missing`` lists the required values it lacks."""
    epci = content.is_intercommunality
    publisher = publisher_name(content.name, epci)
    legal, host = content.legal, content.host
    rate = legal.accessibility_audit_rate
    data = {
        "publisher": publisher,
        "is_intercommunality": epci,
        "insee": content.insee,
        "siren": content.siren or content.siret[:9],
        "department": content.department,
        "live_url": content.live_url,
        "address_lines": address_lines(content.town_hall_address, publisher),
        "phone": _phone(content.town_hall_phone),
        "email": content.town_hall_email.strip(),
        "director": " ".join(content.publication_director.split()),
        "capacity": " ".join(legal.director_capacity.split()),
        "host": {
            "name": host.name.strip(),
            "address_lines": address_lines(host.address.replace(",", "\n"), ""),
            "phone": _phone(host.phone),
        },
        "dpo": {
            "name": legal.dpo_name.strip(),
            "email": legal.dpo_email.strip(),
            "address_lines": address_lines(legal.dpo_address, ""),
        },
        "licence": legal.content_licence.strip(),
        "credits": _credits(content),
        "status": accessibility_status(content),
        "audit_rate": _percent(rate, lang),
        "audit_date": legal.accessibility_audit_date,
        "auditor": legal.accessibility_auditor.strip(),
        "declared_on": legal.accessibility_declared_on,
        "non_compliant": text_items(legal.accessibility_non_compliant),
        "derogations": text_items(legal.accessibility_derogations),
        "exempt": text_items(legal.accessibility_exempt),
        "contact_url": legal.accessibility_contact_url.strip(),
        "checked_pages": _checked_pages(content),
        **_own_pages(content, now or datetime.now(UTC)),
        "missing": missing_values(content),
    }
    return {"LEGAL": data}
