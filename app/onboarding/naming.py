"""Names of a commune: its slug (unique, readable, stable) and its host names (unique)."""

from __future__ import annotations

import dataclasses
import tomllib

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.models import Commune, Intercommunality
from app.onboarding.errors import HostnameTaken, SlugTaken
from app.onboarding.records import record_path
from app.onboarding.schema import CommuneRecord
from app.reference import ReferenceCommune
from app.text import slugify


def default_hostname(slug: str, settings: Settings) -> str:
    """The host name every commune gets under the platform's sites domain."""
    return f"{slug}.{settings.sites_domain}"


def renamed(record: CommuneRecord, slug: str, settings: Settings) -> CommuneRecord:
    """``record`` under a new slug; the default host name follows the slug."""
    old_default = default_hostname(record.slug, settings)
    new_default = default_hostname(slug, settings)
    hosts = tuple(new_default if host == old_default else host for host in record.hostnames)
    return dataclasses.replace(record, slug=slug, hostnames=hosts)


def default_slug(session: Session, settings: Settings, reference: ReferenceCommune) -> str:
    """Slug from the name; homonyms get the department code (``sainte-colombe-05``)."""
    base = slugify(reference.name)
    for candidate in (base, f"{base}-{reference.department.lower()}"):
        if slug_owner(session, settings, candidate) in (None, reference.insee):
            return candidate
    raise SlugTaken(
        f"les identifiants {base} et {base}-{reference.department.lower()} sont déjà pris : "
        f"choisissez-en un pour {reference.name} (INSEE {reference.insee}) avec --slug."
    )


def slug_owner(session: Session, settings: Settings, slug: str) -> str | None:
    """INSEE code of the commune that uses ``slug`` (its row or its record file)."""
    owner = session.scalar(select(Commune.insee).where(Commune.slug == slug))
    if owner is not None:
        return owner
    epci = session.scalar(select(Intercommunality.siren).where(Intercommunality.slug == slug))
    if epci is not None:
        return f"intercommunalité {epci}"
    path = record_path(settings, slug)
    if not path.exists():
        # A site folder left on disk would be served under this slug: never reuse it.
        return "site existant" if (settings.sites_dir / slug).exists() else None
    try:
        insee = tomllib.loads(path.read_text(encoding="utf-8")).get("insee")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        insee = None
    return insee.upper() if isinstance(insee, str) else f"fiche {path.name}"


def ensure_slug_free(session: Session, settings: Settings, slug: str, insee: str) -> None:
    """Raise ``SlugTaken`` if ``slug`` belongs to a commune other than ``insee``."""
    owner = slug_owner(session, settings, slug)
    if owner not in (None, insee):
        raise SlugTaken(f"l'identifiant {slug} est déjà utilisé par une autre commune ({owner}).")


def ensure_hostname_free(session: Session, hostname: str, insee: str) -> None:
    """Raise ``HostnameTaken`` if ``hostname`` serves a commune other than ``insee``."""
    # The JSON text pre-filters in SQL (host names hold no LIKE wildcard); Python confirms.
    query = select(Commune.insee, Commune.hostnames).where(
        Commune.insee != insee, cast(Commune.hostnames, String).contains(f'"{hostname}"')
    )
    for owner, hostnames in session.execute(query):
        if hostname in (hostnames or ()):
            raise HostnameTaken(f"le nom d'hôte {hostname} sert déjà la commune {owner}.")
