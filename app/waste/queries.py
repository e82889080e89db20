"""Tenant-scoped reads of waste-collection zones and rounds, and rows -> ``Round``.

Every function takes the intercommunality (or the commune whose site is built), so a zone
or a round of another tenant cannot be fetched by id.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Commune, Intercommunality, WasteRound, WasteZone
from app.waste.calendar import Override, Round


class WasteNotFound(Exception):
    """No such zone or round in this intercommunality."""


def list_zones(session: Session, epci: Intercommunality) -> list[WasteZone]:
    """Every zone of the intercommunality by name, with its communes and rounds loaded."""
    return list(
        session.scalars(
            select(WasteZone)
            .where(WasteZone.intercommunality_id == epci.id)
            .options(selectinload(WasteZone.communes), selectinload(WasteZone.rounds))
            .order_by(WasteZone.name, WasteZone.id)
        )
    )


def zones_covering(session: Session, commune: Commune) -> list[WasteZone]:
    """The zones of the commune's own intercommunality that cover the commune, by name."""
    if commune.intercommunality_id is None:
        return []
    return list(
        session.scalars(
            select(WasteZone)
            .where(
                WasteZone.intercommunality_id == commune.intercommunality_id,
                WasteZone.communes.any(Commune.id == commune.id),
            )
            .options(selectinload(WasteZone.rounds))
            .order_by(WasteZone.name, WasteZone.id)
        )
    )


def get_zone(
    session: Session, epci: Intercommunality, zone_id: int, *, for_update: bool = False
) -> WasteZone:
    """The intercommunality's zone ``zone_id``; WasteNotFound for any other."""
    query = select(WasteZone).where(
        WasteZone.id == zone_id, WasteZone.intercommunality_id == epci.id
    )
    zone = session.scalar(query.with_for_update() if for_update else query)
    if zone is None:
        raise WasteNotFound(zone_id)
    return zone


def get_round(
    session: Session, epci: Intercommunality, round_id: int, *, for_update: bool = False
) -> WasteRound:
    """The round ``round_id`` of one of the intercommunality's zones; WasteNotFound otherwise."""
    query = (
        select(WasteRound)
        .join(WasteZone, WasteZone.id == WasteRound.zone_id)
        .where(WasteRound.id == round_id, WasteZone.intercommunality_id == epci.id)
    )
    row = session.scalar(query.with_for_update(of=WasteRound) if for_update else query)
    if row is None:
        raise WasteNotFound(round_id)
    return row


def member_communes(session: Session, epci: Intercommunality) -> list[Commune]:
    """The intercommunality's member communes, by name."""
    return list(
        session.scalars(
            select(Commune).where(Commune.intercommunality_id == epci.id).order_by(Commune.name)
        )
    )


def as_round(row: WasteRound) -> Round:
    """The calendar's view of a stored round."""
    return Round(
        row.stream,
        row.weekday,
        recurrence=row.recurrence,
        every_weeks=row.every_weeks,
        reference_date=row.reference_date,
        dates=tuple(date.fromisoformat(day) for day in row.dates or ()),
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        holiday_rule=row.holiday_rule,
        overrides=tuple(
            Override(date.fromisoformat(original), date.fromisoformat(moved) if moved else None)
            for original, moved in row.overrides or ()
        ),
    )


def round_values(round_: Round) -> dict:
    """The columns of a stored round (dates as ISO strings in the JSON columns)."""
    return {
        "stream": round_.stream,
        "recurrence": round_.kind,
        "weekday": round_.weekday,
        "every_weeks": round_.every_weeks,
        "reference_date": round_.reference_date,
        "dates": [day.isoformat() for day in sorted(set(round_.dates))],
        "starts_on": round_.starts_on,
        "ends_on": round_.ends_on,
        "holiday_rule": round_.holiday_rule,
        "overrides": [
            [change.original.isoformat(), change.moved_to.isoformat() if change.moved_to else None]
            for change in sorted(round_.overrides, key=lambda change: change.original)
        ],
    }
