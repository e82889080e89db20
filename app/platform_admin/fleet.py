"""The fleet view: every commune with the state of its site, in two queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Build, BuildStatus, Commune, Intercommunality, Release


@dataclass(frozen=True)
class FleetRow:
    commune: Commune
    last_publication: datetime | None
    last_build: Build | None

    @property
    def state(self) -> str:
        """ "never", "building", "failed" or "live", as the dashboards say it."""
        if self.last_build is None:
            return "live" if self.last_publication else "never"
        if self.last_build.status in (BuildStatus.QUEUED, BuildStatus.RUNNING):
            return "building"
        return "failed" if self.last_build.status == BuildStatus.FAILED else "live"


def fleet_overview(session: Session, epci: Intercommunality | None = None) -> list[FleetRow]:
    """Communes by name (the members of ``epci`` if given), with their last publication
    and their most recent build."""
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
    rows = session.execute(query)
    return [FleetRow(commune, live_since, build) for commune, live_since, build in rows]
