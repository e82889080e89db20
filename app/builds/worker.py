"""What the worker does with a build: lock the commune, snapshot, render, record.

A per-commune file lock serialises builds of one commune across worker processes; the
kernel releases it if the worker dies, so a crash never blocks the next build. A site
folder that cannot be written (not even its lock) fails the build with a sentence naming
the cause, and the build is queued again within seconds once the folder can be written.
Every finished build logs one structured line (app.operations.events.log_build).
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
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
from app.operations.events import log_build
from app.publishing.pipeline import BuildError, build_site

log = logging.getLogger(__name__)
RELEASES_KEPT = 3
INTERRUPTED = "La publication a été interrompue (arrêt du serveur). Elle a été relancée."
INTERNAL_ERROR = (
    "La publication a échoué à cause d'une erreur interne. L'équipe informatique a été prévenue."
)

UNWRITABLE = (
    "La publication a échoué : le dossier des sites n'est pas accessible en écriture "
    "({cause}). Le site en ligne n'a pas changé ; la publication sera relancée "
    "automatiquement dès que le dossier sera de nouveau accessible."
)
RETRY_REASON = "nouvel essai : dossier des sites de nouveau accessible"
RETRY_DELAYS = (1, 2, 4, 8, 15, 30)  # seconds between retries, then every 30 s

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


def template_cache_dir(settings: Settings) -> Path:
    """Compiled theme templates, shared by every site's builds."""
    return settings.data_dir / "cache" / "templates"


def run_build(database: Database, build_id: int) -> Build | None:
    """Run one queued build to the end; returns it, or None if it was not ours to run."""
    settings = database.settings
    with database.unit_of_work() as session:
        build = session.get(Build, build_id)
        if build is None or build.status != BuildStatus.QUEUED:
            return None
        slug = build.site_owner.slug
    site_dir = settings.sites_dir / slug
    started = time.perf_counter()
    with ExitStack() as locked:
        try:
            locked.enter_context(commune_lock(site_dir))
        except OSError as exc:  # the sites folder cannot be written: say so, retry soon
            build = _fail_unwritable(database, build_id, exc)
            _log_finished(build, slug, started)
            return build
        build, dated = _run_locked(database, build_id, site_dir)
    _log_finished(build, slug, started)
    if build is None:
        return None
    if dated:
        # The acts now have their "mis en ligne le": publish it at once (outside the
        # site's lock, which the follow-up build takes).
        with database.unit_of_work() as session:
            site = session.get(Build, build_id).site_owner
            request_build(session, site, reason=ONLINE_DATES_REASON)
    return build


def _run_locked(database: Database, build_id: int, site_dir: Path) -> tuple[Build | None, int]:
    """Claim, snapshot, build and record, holding the site's lock."""
    settings = database.settings
    with database.unit_of_work() as session:
        build = claim_build(session, build_id)
        if build is None:
            return None, 0
        # The build shows what is published at its start; the scheduler relies on it.
        now, site = build.started_at, build.site_owner
        site_key = (type(site), site.id)
    release_name = f"{build_id:06d}-{utcnow():%Y%m%dT%H%M%S}"
    try:
        with database.session() as session:  # a read: clerks' saves go on meanwhile
            content = load_site_content(session, settings, session.get(*site_key), at=now)
        result = build_site(
            content,
            site_dir=site_dir,
            release_name=release_name,
            themes_dir=settings.themes_dir,
            translations_dir=PROJECT_ROOT / "translations",
            files_dir=settings.files_dir,
            keep=RELEASES_KEPT,
            now=now,
            template_cache_dir=template_cache_dir(settings),
        )
    except BuildError as error:
        return _failed(database, build_id, site_dir, error.message, error.log), 0
    except Exception:  # a bug must still leave a failed build, never a "running" one
        log.exception("build %s crashed", build_id)
        return _failed(database, build_id, site_dir, INTERNAL_ERROR, traceback.format_exc()), 0
    return _finish_live(database, build_id, result, site_dir, content)


def _failed(database: Database, build_id: int, site_dir: Path, error: str, log: str) -> Build:
    """Record a failed build; if the site's folder cannot be written, say so and retry."""
    cause = _unwritable(site_dir)
    if cause is None:
        return _finish(database, build_id, error=error, log=log)
    build = _finish(database, build_id, error=UNWRITABLE.format(cause=cause), log=log)
    _plan_retry(database, build_id)
    return build


def _unwritable(site_dir: Path) -> str | None:
    """Why a file cannot be created in the site's releases folder, None if it can."""
    folder = site_dir / "releases" if (site_dir / "releases").is_dir() else site_dir
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-probe-", dir=folder)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    os.close(fd)
    os.unlink(probe)
    return None


def _fail_unwritable(database: Database, build_id: int, exc: OSError) -> Build | None:
    """Record a build that could not even lock its site folder, and plan its retry."""
    cause = exc.strerror or type(exc).__name__
    with database.unit_of_work() as session:
        if claim_build(session, build_id) is None:
            return None
    build = _finish(
        database,
        build_id,
        error=UNWRITABLE.format(cause=cause),
        log=f"cannot lock the site folder: {exc!r}",
    )
    _plan_retry(database, build_id)
    return build


def _plan_retry(database: Database, build_id: int) -> None:
    from app.builds.queue import schedule_retry

    schedule_retry(database.settings, build_id, attempt=0, delay=RETRY_DELAYS[0])


def retry_unwritable(database: Database, build_id: int, attempt: int) -> bool | None:
    """Queue the site's build again once its folder can be written; True if queued, None
    if there is nothing left to retry (a newer build exists), False to try again later."""
    settings = database.settings
    with database.unit_of_work() as session:
        failed = session.get(Build, build_id)
        if failed is None or failed.status != BuildStatus.FAILED:
            return None
        site = failed.site_owner
        newer = session.scalar(
            select(Build.id).where(owner_clause(Build, site), Build.id > build_id).limit(1)
        )
        if newer is not None:
            return None
        site_dir = settings.sites_dir / site.slug
        try:
            with commune_lock(site_dir, blocking=False):
                pass
        except OSError:
            return False
        if _unwritable(site_dir) is not None:
            return False
        request_build(session, site, reason=RETRY_REASON)
        return True


def retry_delay(attempt: int) -> int:
    """Seconds before retry number ``attempt`` (0-based) of an unwritable site folder."""
    return RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]


def _log_finished(build: Build | None, slug: str, started: float) -> None:
    """The build's structured log line (worker and command line alike)."""
    if build is None:
        return
    succeeded = build.status == BuildStatus.SUCCEEDED
    log_build(
        site=slug,
        build_id=build.id,
        outcome="succeeded" if succeeded else "failed",
        duration_s=time.perf_counter() - started,
        pages=build.pages_written if succeeded else None,
        error=None if succeeded else build.error,
    )


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
            if not _lock_is_free(settings.sites_dir / site.slug):
                continue  # another worker is building it right now (or no folder yet)
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


def _lock_is_free(site_dir: Path) -> bool:
    """True if no process holds the site's build lock (False if it cannot be taken)."""
    try:
        with commune_lock(site_dir, blocking=False) as free:
            return free
    except OSError:  # an unwritable sites folder: leave the build to a later sweep
        return False


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
