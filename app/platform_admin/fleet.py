"""The fleet view: every commune with the state of its site, in two queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Build, Commune, Release


@dataclass(frozen=True)
class FleetRow:
    commune: Commune
    last_publication: datetime | None
    last_build: Build | None


def fleet_overview(session: Session) -> list[FleetRow]:
    """Communes by name, with their last publication and their most recent build."""
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
    rows = session.execute(
        select(Commune, last_release.c.live_since, Build)
        .outerjoin(last_release, last_release.c.commune_id == Commune.id)
        .outerjoin(last_build_id, last_build_id.c.commune_id == Commune.id)
        .outerjoin(Build, Build.id == last_build_id.c.build_id)
        .order_by(Commune.name)
    )
    return [FleetRow(commune, live_since, build) for commune, live_since, build in rows]
