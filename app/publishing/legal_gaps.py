"""What the legal pages still miss: required values a collectivity has not filled in.

Read from a built site's content (SiteContent) or from a Commune / Intercommunality row
(the platform admin's list flags "mentions incomplètes" without another query), so both
say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.publishing.content import HostContent, LegalContent, SiteContent

# Gap key -> French label for the clerk and the IT team (commune, intercommunality).
GAP_LABELS: dict[str, tuple[str, str]] = {
    "address": ("adresse postale de la mairie", "adresse postale du siège"),
    "phone": ("téléphone de la mairie", "téléphone du siège"),
    "director": ("nom du directeur de la publication",) * 2,
    "capacity": ("qualité du directeur de la publication (Maire, Président…)",) * 2,
    "dpo_name": ("nom du délégué à la protection des données",) * 2,
    "dpo_contact": ("courriel ou adresse du délégué à la protection des données",) * 2,
    "host_name": ("nom de l'hébergeur (réglage de la plateforme)",) * 2,
    "host_address": ("adresse de l'hébergeur (réglage de la plateforme)",) * 2,
    "host_phone": ("téléphone de l'hébergeur (réglage de la plateforme)",) * 2,
    "accessibility_contact": (
        "contact pour l'accessibilité (courriel, formulaire ou adresse postale)",
    )
    * 2,
    "accessibility_date": ("date de la déclaration d'accessibilité",) * 2,
}


@dataclass(frozen=True)
class _Values:
    is_intercommunality: bool
    address: str
    phone: str
    email: str
    director: str
    legal: LegalContent
    host: HostContent


def _values(source: Any, host: HostContent | None) -> _Values:
    if isinstance(source, SiteContent):
        return _Values(
            source.is_intercommunality,
            source.town_hall_address,
            source.town_hall_phone,
            source.town_hall_email,
            source.publication_director,
            source.legal,
            host or source.host,
        )
    # A Commune or Intercommunality row: the same values, as columns.
    legal = LegalContent(**{name: getattr(source, name) for name in _LEGAL_FIELDS})
    return _Values(
        not hasattr(source, "insee"),
        source.town_hall_address or "",
        source.town_hall_phone or "",
        source.town_hall_email or "",
        source.publication_director or "",
        legal,
        host or HostContent(),
    )


_LEGAL_FIELDS = tuple(LegalContent.__dataclass_fields__)


def missing_values(source: Any, host: HostContent | None = None) -> list[str]:
    """The GAP_LABELS keys of the required values ``source`` lacks, in page order."""
    v = _values(source, host)
    legal = v.legal
    checks = {
        "address": v.address,
        "phone": v.phone,
        "director": v.director,
        "capacity": legal.director_capacity,
        "dpo_name": legal.dpo_name,
        "dpo_contact": legal.dpo_email or legal.dpo_address,
        "host_name": v.host.name,
        "host_address": v.host.address,
        "host_phone": v.host.phone,
        "accessibility_contact": v.email or legal.accessibility_contact_url or v.address,
        "accessibility_date": legal.accessibility_declared_on,
    }
    return [
        key
        for key, value in checks.items()
        if not (value.strip() if isinstance(value, str) else value)
    ]


def legal_gaps(source: Any, host: HostContent | None = None) -> list[str]:
    """French labels of the required values the legal pages of ``source`` (a SiteContent,
    a Commune or an Intercommunality; ``host``: the platform's host for a row) lack."""
    epci = _values(source, host).is_intercommunality
    return [GAP_LABELS[key][int(epci)] for key in missing_values(source, host)]
