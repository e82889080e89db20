"""Changes to an intercommunality's waste-collection zones and rounds.

Only publishers change them; a zone covers member communes of the intercommunality and
no other; every change is audited and rebuilds the sites that show it: each commune the
zone covers (or covered, before the change) and the intercommunality's own site.
Services only flush: the caller's unit of work commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.builds.services import online_members, request_build
from app.errors import platform_translations
from app.models import Commune, Intercommunality, Role, User, WasteRound, WasteZone
from app.models.base import utcnow
from app.text import collation_key, slugify
from app.waste import errors
from app.waste.calendar import Round, check_round
from app.waste.errors import InvalidZone, NotAllowed
from app.waste.labels import STREAMS
from app.waste.queries import round_values

ZONE_NAME_MAX_LENGTH = 200
ZONE_SLUG_MAX_LENGTH = 90  # room for a "-2" suffix within the column's 100


@dataclass(frozen=True)
class ZoneDraft:
    """What the agent typed and ticked."""

    name: str
    commune_ids: tuple[int, ...]


def require_publisher(role: Role) -> None:
    if role != Role.PUBLISHER:
        raise NotAllowed(errors.PUBLISHERS_ONLY)


def save_zone(
    session: Session,
    epci: Intercommunality,
    zone: WasteZone | None,
    draft: ZoneDraft,
    *,
    user: User | None,
    role: Role,
) -> WasteZone:
    """Create a zone or change its name and communes; rebuild the sites concerned."""
    require_publisher(role)
    name = _zone_name(session, epci, zone, draft.name)
    communes = _covered_communes(session, epci, draft.commune_ids)
    before = list(zone.communes) if zone is not None else []
    created = zone is None
    if zone is None:
        zone = WasteZone(intercommunality_id=epci.id, slug=_free_slug(session, epci, name))
        session.add(zone)
    zone.name, zone.communes, zone.updated_at = name, communes, utcnow()
    session.flush()
    _audit(session, "waste.zone.saved", epci, user, zone.slug, created=created)
    reason = f"collecte des déchets : zone « {name} »"
    _rebuild(session, epci, [*before, *communes], user, reason)
    return zone


def delete_zone(
    session: Session, epci: Intercommunality, zone: WasteZone, *, user: User | None, role: Role
) -> None:
    """Delete a zone and its rounds; its communes' sites drop its calendar."""
    require_publisher(role)
    _check_owner(epci, zone)
    communes = list(zone.communes)
    reason = f"collecte des déchets : zone « {zone.name} » retirée"
    _audit(session, "waste.zone.deleted", epci, user, zone.slug, name=zone.name)
    session.delete(zone)
    session.flush()
    _rebuild(session, epci, communes, user, reason)


def save_round(
    session: Session,
    epci: Intercommunality,
    zone: WasteZone,
    row: WasteRound | None,
    round_: Round,
    *,
    user: User | None,
    role: Role,
) -> WasteRound:
    """Create or change a round of ``zone`` once its dates can be computed."""
    require_publisher(role)
    _check_owner(epci, zone)
    if row is not None and row.zone_id != zone.id:
        raise ValueError("the round belongs to another zone")
    check_round(round_)
    created = row is None
    if row is None:
        row = WasteRound(zone=zone)
        session.add(row)
    for name, value in round_values(round_).items():
        setattr(row, name, value)
    row.updated_at, row.updated_by_id = utcnow(), user.id if user else None
    zone.updated_at = row.updated_at
    session.flush()
    details = {"round": row.id, "stream": row.stream, "created": created}
    _audit(session, "waste.round.saved", epci, user, zone.slug, **details)
    reason = f"collecte des déchets : {_stream(row.stream)}, zone « {zone.name} »"
    _rebuild(session, epci, zone.communes, user, reason)
    return row


def delete_round(
    session: Session, epci: Intercommunality, row: WasteRound, *, user: User | None, role: Role
) -> WasteZone:
    """Delete a round; returns its zone."""
    require_publisher(role)
    zone = row.zone
    _check_owner(epci, zone)
    reason = f"collecte des déchets : {_stream(row.stream)} retirée, zone « {zone.name} »"
    details = {"round": row.id, "stream": row.stream}
    _audit(session, "waste.round.deleted", epci, user, zone.slug, **details)
    zone.rounds.remove(row)  # delete-orphan: the row goes with the flush
    zone.updated_at = utcnow()
    session.flush()
    _rebuild(session, epci, zone.communes, user, reason)
    return zone


def _zone_name(session: Session, epci: Intercommunality, zone: WasteZone | None, typed: str) -> str:
    name = " ".join(typed.split())
    if not name or not slugify(name):
        raise InvalidZone(errors.ZONE_NAME_MISSING, field="name")
    name = name[:ZONE_NAME_MAX_LENGTH]
    others = session.scalars(
        select(WasteZone.name).where(
            WasteZone.intercommunality_id == epci.id,
            WasteZone.id != (zone.id if zone is not None else -1),
        )
    )
    same = next((other for other in others if _same_name(other, name)), None)
    if same is not None:
        raise InvalidZone(errors.ZONE_NAME_TAKEN, field="name", name=same)
    return name


def _same_name(first: str, second: str) -> bool:
    """Names residents could not tell apart ("Centre-bourg", "centre bourg")."""
    return slugify(first) == slugify(second) or collation_key(first) == collation_key(second)


def _covered_communes(
    session: Session, epci: Intercommunality, commune_ids: Iterable[int]
) -> list[Commune]:
    """The ticked communes, all members of ``epci``; InvalidZone otherwise."""
    wanted = set(commune_ids)
    if not wanted:
        raise InvalidZone(errors.ZONE_WITHOUT_COMMUNE, field="communes")
    communes = list(
        session.scalars(
            select(Commune)
            .where(Commune.id.in_(wanted), Commune.intercommunality_id == epci.id)
            .order_by(Commune.name)
        )
    )
    if len(communes) != len(wanted):
        raise InvalidZone(errors.NOT_A_MEMBER, field="communes")
    return communes


def _free_slug(session: Session, epci: Intercommunality, name: str) -> str:
    """The feed's address from the name; a suffix if a renamed zone kept that address."""
    base = slugify(name, max_length=ZONE_SLUG_MAX_LENGTH)
    taken = set(
        session.scalars(select(WasteZone.slug).where(WasteZone.intercommunality_id == epci.id))
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_owner(epci: Intercommunality, zone: WasteZone) -> None:
    if zone.intercommunality_id != epci.id:
        raise ValueError("the zone belongs to another intercommunality")


def _rebuild(
    session: Session,
    epci: Intercommunality,
    communes: Iterable[Commune],
    user: User | None,
    reason: str,
) -> None:
    """One coalesced build for each commune concerned whose site is online, then the
    intercommunality's site."""
    online = {commune.id for commune in online_members(session, epci)}
    sites: dict[int, Commune] = {
        commune.id: commune
        for commune in communes
        if commune.intercommunality_id == epci.id and commune.id in online
    }
    for commune in sorted(sites.values(), key=lambda commune: commune.slug):
        request_build(session, commune, requested_by=user, reason=reason)
    request_build(session, epci, requested_by=user, reason=reason)


def _audit(
    session: Session,
    action: str,
    epci: Intercommunality,
    user: User | None,
    target: str,
    **details,
) -> None:
    audit.record(session, action, user=user, target=target, intercommunality=epci.slug, **details)


def _stream(key: str) -> str:
    """The stream as the French build reasons name it."""
    return platform_translations().gettext(STREAMS.get(key, key))
