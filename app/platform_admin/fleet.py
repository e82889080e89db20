"""The fleet view: every commune with the state of its site and its accessibility
problems, in one query plus one per content type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.content.kinds import CONTENT_KINDS
from app.models import Build, BuildStatus, Commune, Intercommunality, Release


@dataclass(frozen=True)
class FleetRow:
    commune: Commune
    last_publication: datetime | None
    last_build: Build | None
    # Problems the accessibility check found in the commune's working copies, all types.
    accessibility_problems: int = 0

    @property
    def state(self) -> str:
        """ "never", "building", "failed" or "live", as the dashboards say it."""
        if self.last_build is None:
            return "live" if self.last_publication else "never"
        if self.last_build.status in (BuildStatus.QUEUED, BuildStatus.RUNNING):
            return "building"
        return "failed" if self.last_build.status == BuildStatus.FAILED else "live"


def fleet_overview(session: Session, epci: Intercommunality | None = None) -> list[FleetRow]:
    """Communes by name (the members of ``epci`` if given), with their last publication,
    their most recent build and their accessibility problems."""
    last_release = (
        select(Release.commune_id, func.max(Release.live_since).label("live_since"))
        .group_by(Release.commune_id)
        .subquery()
    )
    last_build_id = (
        select(Build.commune_id, func.max(Build.id).label("build_id"))
        .group_by(Build.commune_id)
        .subquery()
    )
    query = (
        select(Commune, last_release.c.live_since, Build)
        .outerjoin(last_release, last_release.c.commune_id == Commune.id)
        .outerjoin(last_build_id, last_build_id.c.commune_id == Commune.id)
        .outerjoin(Build, Build.id == last_build_id.c.build_id)
        .order_by(Commune.name)
    )
    if epci is not None:
        query = query.where(Commune.intercommunality_id == epci.id)
    rows = session.execute(query).all()
    problems = accessibility_problems_by_commune(session, epci)
    return [
        FleetRow(commune, live_since, build, problems.get(commune.id, 0))
        for commune, live_since, build in rows
    ]


def accessibility_problems_by_commune(
    session: Session, epci: Intercommunality | None = None
) -> dict[int, int]:
    """The accessibility problems of the working copies of each commune (the members of
    ``epci`` if given), every content type summed: one grouped query per type."""
    totals: dict[int, int] = {}
    for kind in CONTENT_KINDS:
        model = kind.model
        query = (
            select(model.commune_id, func.sum(model.accessibility_problems))
            .where(model.commune_id.is_not(None), model.accessibility_problems > 0)
            .group_by(model.commune_id)
        )
        if epci is not None:
            members = select(Commune.id).where(Commune.intercommunality_id == epci.id)
            query = query.where(model.commune_id.in_(members))
        counts = session.execute(query)
        for commune_id, count in counts:
            totals[commune_id] = totals.get(commune_id, 0) + int(count)
    return totals
