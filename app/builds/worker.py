"""What the worker does with a build: lock the commune, snapshot, render, record.

A per-commune file lock serialises builds of one commune across worker processes; the
kernel releases it if the worker dies, so a crash never blocks the next build.
"""

from __future__ import annotations

import fcntl
import logging
import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.builds.services import claim_build, request_build
from app.builds.snapshot import load_site_content
from app.config import PROJECT_ROOT, Settings
from app.content.owners import Owner, owner_clause
from app.content.schedule import mark_online, run_schedule
from app.db import Database
from app.models import Build, BuildStatus, Release
from app.models.base import utcnow
from app.publishing.pipeline import BuildError, build_site

log = logging.getLogger(__name__)
RELEASES_KEPT = 3
INTERRUPTED = "La publication a été interrompue (arrêt du serveur). Elle a été relancée."
INTERNAL_ERROR = (
    "La publication a échoué à cause d'une erreur interne. L'équipe informatique a été prévenue."
)

ONLINE_DATES_REASON = "dates de mise en ligne des actes"

_databases: dict[str, Database] = {}


def database_for(settings: Settings) -> Database:
    if settings.database_url not in _databases:
        _databases[settings.database_url] = Database(settings)
    return _databases[settings.database_url]


def dispose_databases() -> None:
    """Close the connections this process opened for builds."""
    while _databases:
        _databases.popitem()[1].dispose()


def run_build_task(settings: Settings, build_id: int) -> None:
    """Entry point of the queue task."""
    run_build(database_for(settings), build_id)


@contextmanager
def commune_lock(site_dir: Path, *, blocking: bool = True) -> Iterator[bool]:
    """Hold the commune's build lock; yields False if non-blocking and already held."""
    site_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(site_dir / ".build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def run_build(database: Database, build_id: int) -> Build | None:
    """Run one queued build to the end; returns it, or None if it was not ours to run."""
    settings = database.settings
    with database.unit_of_work() as session:
        build = session.get(Build, build_id)
        if build is None or build.status != BuildStatus.QUEUED:
            return None
        slug = build.site_owner.slug
    site_dir = settings.sites_dir / slug
    with commune_lock(site_dir):
        with database.unit_of_work() as session:
            build = claim_build(session, build_id)
            if build is None:
                return None
            # The build shows what is published at its start; the scheduler relies on it.
            now = build.started_at
            content = load_site_content(session, settings, build.site_owner, at=now)
        release_name = f"{build_id:06d}-{utcnow():%Y%m%dT%H%M%S}"
        try:
            result = build_site(
                content,
                site_dir=site_dir,
                release_name=release_name,
                themes_dir=settings.themes_dir,
                translations_dir=PROJECT_ROOT / "translations",
                files_dir=settings.files_dir,
                keep=RELEASES_KEPT,
                now=now,
            )
        except BuildError as error:
            return _finish(database, build_id, error=error.message, log=error.log)
        except Exception:  # a bug must still leave a failed build, never a "running" one
            log.exception("build %s crashed", build_id)
            return _finish(database, build_id, error=INTERNAL_ERROR, log=traceback.format_exc())
        build, dated = _finish_live(database, build_id, result, site_dir, content)
    if dated:
        # The acts now have their "mis en ligne le": publish it at once (outside the
        # site's lock, which the follow-up build takes).
        with database.unit_of_work() as session:
            site = session.get(Build, build_id).site_owner
            request_build(session, site, reason=ONLINE_DATES_REASON)
    return build


def _finish(
    database: Database, build_id: int, *, result=None, site_dir=None, error=None, log="", then=None
):
    with database.unit_of_work() as session:
        build = session.get(Build, build_id)
        build.finished_at = utcnow()
        if result is None:
            build.status, build.error, build.log = BuildStatus.FAILED, error, log[-20_000:]
            return build
        build.status, build.pages_written = BuildStatus.SUCCEEDED, result.pages_written
        build.log = result.log[-20_000:]
        session.add(
            Release(
                commune_id=build.commune_id,
                intercommunality_id=build.intercommunality_id,
                build_id=build.id,
                name=result.release_name,
                live_since=build.finished_at,
            )
        )
        _mark_pruned_releases(session, build.site_owner, site_dir)
        if then is not None:
            then(session, build)
        return build


def _finish_live(database: Database, build_id: int, result, site_dir, content):
    """Record the live build and, in the same transaction, when the acts it carries first
    went live; return the build and how many acts got their date."""
    dated = []

    def record_online_dates(session, build) -> None:
        dated.append(mark_online(session, build.site_owner, content, build.finished_at))

    build = _finish(database, build_id, result=result, site_dir=site_dir, then=record_online_dates)
    return build, dated[0]


def _mark_pruned_releases(session, site: Owner, site_dir: Path) -> None:
    releases = session.scalars(
        select(Release).where(owner_clause(Release, site), Release.pruned_at.is_(None))
    )
    for release in releases:
        if not (site_dir / "releases" / release.name).exists():
            release.pruned_at = utcnow()


def recover_interrupted_builds(
    database: Database, requeue_older_than: timedelta | None = None
) -> list[str]:
    """Fail builds left running by a dead worker (their lock is free) and queue them again;
    queue again the waiting builds (older than ``requeue_older_than``, if given)."""
    settings = database.settings
    recovered = []
    with database.unit_of_work() as session:
        running = session.scalars(select(Build).where(Build.status == BuildStatus.RUNNING))
        sites = []
        for build in list(running):
            site = build.site_owner
            with commune_lock(settings.sites_dir / site.slug, blocking=False) as free:
                if not free:
                    continue  # another worker is building it right now
                build.status, build.error, build.finished_at = (
                    BuildStatus.FAILED,
                    INTERRUPTED,
                    utcnow(),
                )
                sites.append(site)
                recovered.append(site.slug)
        session.flush()
        for site in sites:
            request_build(session, site, reason="reprise après interruption")
    requeue_waiting_builds(database, older_than=requeue_older_than)
    return recovered


def requeue_waiting_builds(database: Database, older_than: timedelta | None = None) -> int:
    """Queue again waiting builds (a lost queue message must not strand a build)."""
    from app.builds.queue import enqueue_build

    query = select(Build.id).where(Build.status == BuildStatus.QUEUED)
    if older_than is not None:
        query = query.where(Build.requested_at < utcnow() - older_than)
    with database.session() as session:
        ids = list(session.scalars(query))
    for build_id in ids:
        enqueue_build(database.settings, build_id)
    return len(ids)


def run_schedule_now(database: Database) -> list[str]:
    """Queue the builds scheduled content needs (every minute, and when a worker starts:
    what was due while no worker ran is built then)."""
    with database.unit_of_work() as session:
        return run_schedule(session)
