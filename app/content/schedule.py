"""Scheduled publication: builds at the instants published items enter or leave a site.

Every published revision carries its window (``visible_from``, ``visible_until``). A site
built before a boundary and not since shows the wrong content after it; ``run_schedule``
finds those sites and queues a build for each. It keeps no state of its own: it compares
boundaries with the start of the site's builds, so a worker stopped at the minute of a
boundary catches up when it starts (the worker runs it at start, then every minute).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.builds.services import request_build
from app.content.kinds import CONTENT_KINDS
from app.content.owners import Owner, owner_clause
from app.content.services import sites_showing
from app.models import Build, BuildStatus, Commune, ContentItem, Intercommunality, Revision
from app.models.base import utcnow

# Boundaries older than this are left to the daily rebuild (which rebuilds every site
# not rebuilt since midnight): the scan stays small whatever the history.
CATCH_UP = timedelta(days=2)
BOUNDARIES = ((Revision.visible_from, "publish"), (Revision.visible_until, "unpublish"))
SCHEDULE_REASON = "programmation : « {title} » {verb}"


@dataclass(frozen=True)
class ScheduledChange:
    """One coming change of what a site shows, for the dashboard."""

    at: datetime
    verb: str  # "publish" or "unpublish"
    item: ContentItem
    screens: str  # the URL segment of the item's admin screens


def run_schedule(session: Session, now: datetime | None = None) -> list[str]:
    """Queue a build of every site whose content changed at a boundary that no build has
    taken into account yet; return their slugs."""
    now = now or utcnow()
    queued: list[str] = []
    for item, boundary, verb in _passed_boundaries(session, now):
        for site in sites_showing(session, item_owner(session, item), type(item)):
            if _built_since(session, site, boundary):
                continue
            reason = SCHEDULE_REASON.format(
                title=item.title, verb="publié" if verb == "publish" else "retiré"
            )
            request_build(session, site, reason=reason)
            queued.append(site.slug)
    return queued


def _passed_boundaries(session: Session, now: datetime):
    """(item, boundary, verb) of each published item whose window opened or closed
    between ``now - CATCH_UP`` and ``now``; the latest boundary per item."""
    for kind in CONTENT_KINDS:
        model = kind.model
        for column, verb in (
            (Revision.visible_until, "unpublish"),
            (Revision.visible_from, "publish"),
        ):
            rows = session.execute(
                select(model, column)
                .join(Revision, model.published_revision_id == Revision.id)
                .where(column <= now, column > now - CATCH_UP)
            )
            yield from ((item, boundary, verb) for item, boundary in rows)


def _built_since(session: Session, site: Owner, boundary: datetime) -> bool:
    """True if a build of the site is waiting, or started at or after ``boundary`` (a
    build snapshots the content at its start)."""
    latest_start = session.scalar(
        select(func.max(Build.started_at)).where(
            owner_clause(Build, site), Build.status != BuildStatus.QUEUED
        )
    )
    if latest_start is not None and latest_start >= boundary:
        return True
    waiting = select(Build.id).where(owner_clause(Build, site), Build.status == BuildStatus.QUEUED)
    return session.scalar(waiting.limit(1)) is not None


def item_owner(session: Session, item: ContentItem) -> Owner:
    if item.commune_id is not None:
        return session.get(Commune, item.commune_id)
    return session.get(Intercommunality, item.intercommunality_id)


def upcoming_changes(
    session: Session, owner: Owner, now: datetime | None = None, limit: int = 20
) -> list[ScheduledChange]:
    """The owner's published items that will enter or leave the site, soonest first."""
    now = now or utcnow()
    changes = []
    for kind in CONTENT_KINDS:
        model = kind.model
        rows = session.execute(
            select(model, Revision.visible_from, Revision.visible_until)
            .join(Revision, model.published_revision_id == Revision.id)
            .where(
                owner_clause(model, owner),
                or_(Revision.visible_from > now, Revision.visible_until > now),
            )
        )
        for item, start, end in rows:
            if start is not None and start > now:
                changes.append(ScheduledChange(start, "publish", item, kind.screens))
            if end is not None and end > now:
                changes.append(ScheduledChange(end, "unpublish", item, kind.screens))
    return sorted(changes, key=lambda change: change.at)[:limit]


def mark_online(session: Session, site: Owner, content, live_since: datetime) -> int:
    """Record when the site's items of types that keep it (acts) first went live; return
    how many got their date (the site then shows it from its next build)."""
    marked = 0
    for kind in CONTENT_KINDS:
        if not kind.records_online_since:
            continue
        ids = [item.item_id for item in getattr(content, kind.site_field)]
        if not ids:
            continue
        model = kind.model
        for item in session.scalars(
            select(model).where(
                owner_clause(model, site), model.id.in_(ids), model.online_since.is_(None)
            )
        ):
            item.online_since = live_since
            marked += 1
    return marked


__all__ = ["ScheduledChange", "mark_online", "run_schedule", "upcoming_changes"]
