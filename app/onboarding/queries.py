"""Read-only queries about onboarded communes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Commune, Release


def communes_with_last_publication(session: Session) -> list[tuple[Commune, datetime | None]]:
    """Every commune by slug with the time its latest release went live (one query)."""
    last_release = (
        select(Release.commune_id, func.max(Release.live_since).label("live_since"))
        .group_by(Release.commune_id)
        .subquery()
    )
    rows = session.execute(
        select(Commune, last_release.c.live_since)
        .outerjoin(last_release, last_release.c.commune_id == Commune.id)
        .order_by(Commune.slug)
    )
    return [(commune, live_since) for commune, live_since in rows]
