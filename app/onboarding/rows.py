"""Apply a commune record to the database rows (upsert by INSEE code and SIREN).

These functions only flush: the caller's unit of work commits. A field is assigned only
when its value differs, so re-applying an unchanged record issues no UPDATE at all.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.models import Commune, Intercommunality, MediaItem
from app.onboarding.profile_fields import profile_from_row
from app.onboarding.schema import CommuneRecord
from app.text import slugify


class Outcome(enum.StrEnum):
    """What applying a record did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Applied:
    """The row a record was applied to and the names of the fields that changed."""

    commune: Commune
    outcome: Outcome
    changes: tuple[str, ...]
    previous_slug: str | None


def commune_by_insee(session: Session, insee: str) -> Commune | None:
    """The onboarded commune with this INSEE code, if any."""
    return session.scalar(select(Commune).where(Commune.insee == insee))


def upsert_intercommunality(
    session: Session, siren: str, name: str, kind: str, actor: str
) -> Intercommunality:
    """Create or update the EPCI row; audit only when something changed."""
    row = session.scalar(select(Intercommunality).where(Intercommunality.siren == siren))
    wanted = {"name": name, "kind": kind}
    if row is None:
        slug = free_epci_slug(session, name or siren, siren)
        row = Intercommunality(siren=siren, slug=slug, name=name or siren, kind=kind)
        session.add(row)
        session.flush()
        audit.record(session, "intercommunality.onboarded", actor=actor, target=siren, **wanted)
        return row
    # A hand-written record may leave the name or kind empty: keep what the row knows.
    changes = [key for key, value in wanted.items() if value and getattr(row, key) != value]
    for key in changes:
        setattr(row, key, wanted[key])
    if changes:
        session.flush()
        audit.record(
            session, "intercommunality.updated", actor=actor, target=siren, changes=changes
        )
    return row


def free_epci_slug(session: Session, name: str, siren: str) -> str:
    """The slug of an intercommunality's site: from its name, with the SIREN if taken."""
    slug = slugify(name) or f"epci-{siren}"
    taken = session.scalar(select(Commune.id).where(Commune.slug == slug)) or session.scalar(
        select(Intercommunality.id).where(
            Intercommunality.slug == slug, Intercommunality.siren != siren
        )
    )
    return f"{slug}-{siren}" if taken else slug


def row_values(record: CommuneRecord, intercommunality: Intercommunality | None) -> dict:
    """The column values of the Commune row that ``record`` describes."""
    return {
        "insee": record.insee,
        "slug": record.slug,
        "name": record.name,
        "postal_codes": list(record.postal_codes),
        "population": record.population,
        "department": record.department,
        "intercommunality_id": intercommunality.id if intercommunality else None,
        "hostnames": list(record.hostnames),
        "theme": record.theme,
        "languages": list(record.languages),
        "town_hall_address": record.town_hall_address,
        "town_hall_phone": record.town_hall_phone,
        "town_hall_email": record.town_hall_email,
        "publication_director": record.publication_director,
        "accessibility_status": record.accessibility_status,
        **record.profile,
    }


def apply_record(session: Session, record: CommuneRecord, actor: str) -> Applied:
    """Upsert the EPCI and the Commune row of ``record`` and flush (no audit of the commune)."""
    intercommunality = None
    if record.epci_siren:
        intercommunality = upsert_intercommunality(
            session, record.epci_siren, record.epci_name, record.epci_kind, actor
        )
    values = row_values(record, intercommunality)
    commune = commune_by_insee(session, record.insee)
    for column in ("logo_media_id", "header_photo_media_id"):
        values[column] = _own_media(session, commune, values[column])
    if commune is None:
        commune = Commune(**values)
        session.add(commune)
        session.flush()
        return Applied(commune, Outcome.CREATED, tuple(values), None)
    previous_slug = commune.slug
    changes = tuple(key for key, value in values.items() if getattr(commune, key) != value)
    for key in changes:
        setattr(commune, key, values[key])
    if changes:
        session.flush()
    outcome = Outcome.UPDATED if changes else Outcome.UNCHANGED
    return Applied(commune, outcome, changes, previous_slug)


def _own_media(session: Session, commune: Commune | None, media_id: int | None) -> int | None:
    """``media_id`` if it names an item of the commune's library (a record naming another
    commune's file, or a deleted one, shows no logo rather than failing)."""
    if media_id is None or commune is None:
        return None
    item = session.get(MediaItem, media_id)
    return media_id if item is not None and item.commune_id == commune.id else None


def audit_commune(session: Session, applied: Applied, actor: str, **details) -> None:
    """Audit a created or updated commune ("commune.onboarded" / "commune.updated")."""
    action = "commune.onboarded" if applied.outcome is Outcome.CREATED else "commune.updated"
    changes = [] if applied.outcome is Outcome.CREATED else list(applied.changes)
    audit.record(
        session,
        action,
        actor=actor,
        commune=applied.commune,
        target=applied.commune.slug,
        changes=changes,
        **details,
    )


def record_from_row(commune: Commune) -> CommuneRecord:
    """The record a database row describes (used when its file went missing)."""
    epci = commune.intercommunality
    return CommuneRecord(
        insee=commune.insee,
        slug=commune.slug,
        name=commune.name,
        department=commune.department,
        postal_codes=tuple(commune.postal_codes or ()),
        population=commune.population,
        epci_siren=epci.siren if epci else None,
        epci_name=epci.name if epci else "",
        epci_kind=epci.kind if epci else "",
        hostnames=tuple(commune.hostnames or ()),
        theme=commune.theme,
        languages=tuple(commune.languages or ("fr",)),
        town_hall_address=commune.town_hall_address,
        town_hall_phone=commune.town_hall_phone,
        town_hall_email=commune.town_hall_email,
        publication_director=commune.publication_director,
        accessibility_status=commune.accessibility_status,
        profile=profile_from_row(commune),
    )
