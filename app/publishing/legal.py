"""The three legal pages every site carries: mentions légales, déclaration d'accessibilité,
données personnelles. Theme templates render them in each language of the site from the
``LEGAL`` context (app.publishing.legal_context), itself made from the values the
collectivity fills once in its settings screens.
"""

from __future__ import annotations

import re
from typing import Any

from app.publishing.content import SiteContent
from app.publishing.sections import Section

MENTIONS_LEGALES = "mentions-legales"
ACCESSIBILITE = "accessibilite"
DONNEES_PERSONNELLES = "donnees-personnelles"
LEGAL_SLUGS = (MENTIONS_LEGALES, ACCESSIBILITE, DONNEES_PERSONNELLES)
# Pelican direct template -> the folder of its page.
LEGAL_TEMPLATES = {
    "legal_notice": MENTIONS_LEGALES,
    "accessibility_statement": ACCESSIBILITE,
    "personal_data": DONNEES_PERSONNELLES,
}

# The accessibility pages a collectivity publishes itself (pages at fixed addresses,
# created from a skeleton by the settings screen): the declaration links to them.
SCHEMA_SLUG = "schema-pluriannuel-accessibilite"
ACTION_PLAN_PREFIX = "plan-action-accessibilite-"

# Status stored on the record -> wording required by the RGAA.
ACCESSIBILITY_WORDING = {
    "non": "non conforme",
    "partiellement": "partiellement conforme",
    "totalement": "totalement conforme",
}


def action_plan_slug(year: int) -> str:
    """The address of the accessibility action plan of ``year``."""
    return f"{ACTION_PLAN_PREFIX}{year}"


def accessibility_status(content: Any) -> str:
    """The status, one of ACCESSIBILITY_WORDING (unknown values count as "non")."""
    status = str(content.accessibility_status or "").strip().lower()
    return status if status in ACCESSIBILITY_WORDING else "non"


def tel_uri(phone: str) -> str:
    """``tel:`` URI of a French phone number as typed by a clerk ("05 61 00 00 00")."""
    digits = re.sub(r"[^\d+]", "", phone)
    if len(digits) == 10 and digits.startswith("0"):
        digits = "+33" + digits[1:]
    return f"tel:{digits}"


def of_commune(name: str) -> str:
    """French "de" + name with elision and contraction: d'Auch, du Mans, des Angles."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name and name[0].upper() in "AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ":
        return "d'" + name
    return "de " + name


def publisher_name(name: str, is_intercommunality: bool) -> str:
    """Who publishes the site: "Mairie d'Aurignac", or the intercommunality's name."""
    return name if is_intercommunality else f"Mairie {of_commune(name)}"


def address_lines(address: str, publisher: str) -> list[str]:
    """The postal address's lines without a first line that repeats the publisher
    ("Mairie", "Mairie d'Aurignac"): the pages name the publisher just before."""
    lines = [" ".join(line.split()) for line in address.splitlines()]
    lines = [line for line in lines if line]
    if lines and _repeats(lines[0], publisher):
        lines = lines[1:]
    return lines


def _repeats(line: str, publisher: str) -> bool:
    first, who = line.casefold(), publisher.casefold()
    return first == who or (who.startswith("mairie") and first.startswith("mairie"))


def legal_context_hook(content: SiteContent, **options: Any) -> dict[str, Any]:
    """``LEGAL``: what the three legal templates show (see app.publishing.legal_context)."""
    from app.publishing.legal_context import legal_context

    return legal_context(content, **options)


def legal_direct_templates(content: SiteContent) -> dict[str, str]:
    return {name: f"{slug}/index.html" for name, slug in LEGAL_TEMPLATES.items()}


SECTION = Section(name="legal", context=legal_context_hook, direct_templates=legal_direct_templates)
