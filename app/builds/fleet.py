"""Build many sites at once (``bastide build --all``), one build per available core.

Each build renders in its own child of the warm render forkserver (app.publishing.render).
The command line runs its builds in build processes forked from that forkserver (Pelican
already imported), replaced after RECYCLE_AFTER builds: a build's own work (snapshot,
export, feeds, search index, checks) then runs on every core too, not under one
process's GIL. A site whose build fails is reported by name; the others are published
all the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from app.config import Settings
from app.db import Database

FLEET_REASON = "bastide build"
RECYCLE_AFTER = 100  # builds a build process runs before a fresh one replaces it
CRASHED = "La publication a échoué à cause d'une erreur interne."


@dataclass(frozen=True)
class SiteOutcome:
    """How the build of one site ended (``error`` is None when it went live)."""

    slug: str
    error: str | None


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # platforms without affinity
        return os.cpu_count() or 1


def build_one(database: Database, slug: str, reason: str = FLEET_REASON) -> SiteOutcome:
    """Queue and run the build of one site here (or wait for the worker that took it)."""
    from app.builds.services import request_build, wait_for_build
    from app.builds.worker import run_build
    from app.models import BuildStatus
    from app.tenancy import find_site_by_slug

    with database.unit_of_work() as session:
        site = find_site_by_slug(session, slug)
        build_id = request_build(session, site, reason=reason, enqueue=False).id
    result = run_build(database, build_id)
    if result is None:  # a worker took it first: wait for its outcome
        with database.session() as session:
            result = wait_for_build(session, build_id)
    return SiteOutcome(slug, result.error if result.status == BuildStatus.FAILED else None)


def build_many(
    database: Database,
    slugs: list[str],
    *,
    jobs: int | None = None,
    on_done: Callable[[SiteOutcome], None] | None = None,
    build: Callable[[Database, str], SiteOutcome] = build_one,
    processes: bool = False,
) -> list[SiteOutcome]:
    """Build ``slugs`` with ``jobs`` builds at once (default: one per core); return every
    outcome in the order of ``slugs``. A crash building one site fails that site only.
    ``processes``: in recycled build processes (the command line) rather than threads."""
    jobs = max(1, min(jobs or available_cores(), len(slugs) or 1))
    outcomes: dict[str, SiteOutcome] = {}

    def record(slug: str, future) -> None:
        try:
            outcome = future.result()
        except Exception as exc:  # one site's crash never stops the others
            outcome = SiteOutcome(slug, f"{CRASHED} ({type(exc).__name__})")
        outcomes[slug] = outcome
        if on_done is not None:
            on_done(outcome)

    if not processes:
        with ThreadPoolExecutor(jobs, thread_name_prefix="bastide-build") as threads:
            futures = {threads.submit(build, database, slug): slug for slug in slugs}
            for future in as_completed(futures):
                record(futures[future], future)
        return [outcomes[slug] for slug in slugs]
    # A fresh pool every RECYCLE_AFTER builds per process (the executor's own
    # max_tasks_per_child can deadlock on Python 3.11).
    batch = RECYCLE_AFTER * jobs
    for start in range(0, len(slugs), batch):
        context = build_process_context()
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            futures = {
                pool.submit(build_in_process, database.settings, slug): slug
                for slug in slugs[start : start + batch]
            }
            for future in as_completed(futures):
                record(futures[future], future)
    return [outcomes[slug] for slug in slugs]


def build_process_context():
    """Build processes are forked from the warm render forkserver (Pelican imported)."""
    from app.publishing.render import render_context

    return render_context()


def build_in_process(settings: Settings, slug: str) -> SiteOutcome:
    """Entry point of a build process: one site, with this process's own connections."""
    from app.builds.worker import database_for
    from app.operations.events import configure_event_log

    configure_event_log()
    return build_one(database_for(settings), slug)
