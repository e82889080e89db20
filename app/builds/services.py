"""Build rules: one waiting build per commune, edits coalesce into it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.builds.queue import enqueue_build
from app.config import TIMEZONE
from app.content.owners import Owner, owner_clause, owner_values
from app.db import on_commit, settings_of
from app.models import Build, BuildStatus, Commune, Intercommunality, Release, User
from app.models.base import utcnow


def request_build(
    session: Session,
    site: Owner,
    *,
    requested_by: User | None = None,
    reason: str = "",
    enqueue: bool = True,
) -> Build:
    """Queue a build of a site (a commune's or an intercommunality's), or return the one
    already waiting.

    Edits made while a build runs all land in the single waiting follow-up build.
    ``enqueue=False`` is for callers that run the build themselves (``bastide build``).
    """
    # Serialise requests for one site (PostgreSQL; SQLite writers already are).
    owner_table = type(site)
    session.execute(select(owner_table.id).where(owner_table.id == site.id).with_for_update())
    waiting = session.scalar(
        select(Build).where(owner_clause(Build, site), Build.status == BuildStatus.QUEUED)
    )
    if waiting is not None:
        return waiting
    build = Build(
        **owner_values(site),
        reason=reason[:200],
        requested_by_id=requested_by.id if requested_by else None,
    )
    session.add(build)
    session.flush()
    if enqueue:
        on_commit(session, partial(enqueue_build, settings_of(session), build.id))
    return build


def claim_build(session: Session, build_id: int) -> Build | None:
    """Mark a waiting build as running; None if another worker took it or it is done."""
    claimed = session.execute(
        update(Build)
        .where(Build.id == build_id, Build.status == BuildStatus.QUEUED)
        .values(status=BuildStatus.RUNNING, started_at=utcnow())
    ).rowcount
    return session.get(Build, build_id) if claimed else None


@dataclass(frozen=True)
class SiteStatus:
    """What the clerk's dashboard says about the site."""

    state: str  # "never", "live", "building", "failed"
    live_since: datetime | None
    last_build: Build | None
    error: str | None


def site_status(session: Session, site: Owner) -> SiteStatus:
    last_build = session.scalar(
        select(Build).where(owner_clause(Build, site)).order_by(Build.id.desc()).limit(1)
    )
    live_since = last_publication(session, site)
    if last_build is None:
        return SiteStatus("never", None, None, None)
    if last_build.status in (BuildStatus.QUEUED, BuildStatus.RUNNING):
        return SiteStatus("building", live_since, last_build, None)
    if last_build.status == BuildStatus.FAILED:
        return SiteStatus("failed", live_since, last_build, last_build.error)
    return SiteStatus("live", live_since, last_build, None)


def online_members(session: Session, epci: Intercommunality) -> list[Commune]:
    """The member communes whose site has gone live once (an edit of the intercommunality
    never puts a member's site online: the commune does that)."""
    live = (
        select(Release.id)
        .where(Release.commune_id == Commune.id, Release.live_since.is_not(None))
        .exists()
    )
    query = select(Commune).where(Commune.intercommunality_id == epci.id, live)
    return list(session.scalars(query.order_by(Commune.slug)))


def last_publication(session: Session, site: Owner) -> datetime | None:
    return session.scalar(
        select(Release.live_since)
        .where(owner_clause(Release, site), Release.live_since.is_not(None))
        .order_by(Release.live_since.desc())
        .limit(1)
    )


def wait_for_build(session: Session, build_id: int, timeout: float = 600) -> Build:
    """Wait until a build another process runs has finished (for the command line)."""
    deadline = time.monotonic() + timeout
    while True:
        session.expire_all()
        build = session.get(Build, build_id)
        if build.status in (BuildStatus.SUCCEEDED, BuildStatus.FAILED):
            return build
        if time.monotonic() > deadline:
            raise TimeoutError(f"build {build_id} still {build.status}")
        session.rollback()
        time.sleep(0.2)


def recent_builds(session: Session, site: Owner, limit: int = 10) -> list[Build]:
    return list(
        session.scalars(
            select(Build).where(owner_clause(Build, site)).order_by(Build.id.desc()).limit(limit)
        )
    )


DAILY_REASON = "mise à jour quotidienne (horaires des prochains jours)"


def rebuild_stale_sites(session: Session, now: datetime | None = None) -> list[str]:
    """Queue a build of every live site not rebuilt since the last local midnight.

    Sites show opening hours for the coming days and an "open now" window computed at
    build time: a daily rebuild keeps them rolling. Run hourly, it catches up after a
    worker was down at midnight and follows daylight-saving changes.
    """
    now = now or utcnow()
    midnight = now.astimezone(TIMEZONE).replace(hour=0, minute=0, second=0, microsecond=0)
    slugs = []
    for owner_table, column in (
        (Commune, Release.commune_id),
        (Intercommunality, Release.intercommunality_id),
    ):
        last_live = (
            select(column.label("owner_id"), func.max(Release.live_since).label("live_since"))
            .where(column.is_not(None), Release.live_since.is_not(None))
            .group_by(column)
            .subquery()
        )
        stale = session.scalars(
            select(owner_table)
            .join(last_live, last_live.c.owner_id == owner_table.id)
            .where(last_live.c.live_since < midnight)
            .order_by(owner_table.slug)
        )
        for site in list(stale):
            request_build(session, site, reason=DAILY_REASON)
            slugs.append(site.slug)
    return slugs
