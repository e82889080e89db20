"""The task queue that feeds the build worker.

Huey with SQLite storage in the data directory by default (no service to run); Redis
(``BASTIDE_QUEUE_URL=redis://host:6379/0``) when several hosts share the work;
``immediate://`` runs tasks synchronously, for tests. On SQLite the worker does not poll:
``enqueue`` wakes it (app.builds.wakeup); on Redis, Huey's dequeue blocks already.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from huey import Huey, MemoryHuey, RedisHuey, crontab

from app.config import Settings

STRANDED_AFTER = timedelta(minutes=2)
_queues: dict[tuple[str, str], Huey] = {}


def get_queue(settings: Settings) -> Huey:
    """The queue of this platform instance, with its tasks registered (one per process)."""
    key = (settings.queue_url, str(settings.data_dir))
    if key not in _queues:
        _queues[key] = _register_tasks(_make_huey(settings.queue_url), settings)
    return _queues[key]


def _make_huey(url: str) -> Huey:
    if url.startswith("immediate:"):
        return MemoryHuey("bastide", immediate=True)
    if url.startswith("redis"):
        return RedisHuey("bastide", url=url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        from app.builds.wakeup import WakeableSqliteStorage

        huey = Huey("bastide", storage_class=WakeableSqliteStorage, filename=str(path))
        path.chmod(0o600)  # created by SqliteHuey with the umask's permissions
        return huey
    raise ValueError(
        f"BASTIDE_QUEUE_URL « {url} » n'est pas reconnue : utilisez sqlite:///CHEMIN, "
        "redis://HÔTE:PORT/BASE ou immediate://."
    )


def _register_tasks(huey: Huey, settings: Settings) -> Huey:
    from app.builds.services import rebuild_stale_sites
    from app.builds.worker import (
        database_for,
        recover_interrupted_builds,
        retry_delay,
        retry_unwritable,
        run_build_task,
        run_schedule_now,
    )

    @huey.task(name="build_commune")
    def build_commune(build_id: int) -> None:
        run_build_task(settings, build_id)

    @huey.task(name="retry_unwritable_build")
    def retry_unwritable_build(build_id: int, attempt: int) -> None:
        # A build failed because the sites folder could not be written: queue it again as
        # soon as it can, with a short backoff (not the stranded-build sweep's minutes).
        if retry_unwritable(database_for(settings), build_id, attempt) is False:
            retry_unwritable_build.schedule((build_id, attempt + 1), delay=retry_delay(attempt + 1))

    huey.bastide_retry_unwritable = retry_unwritable_build

    @huey.periodic_task(crontab(minute="*"), name="recover_stranded_builds")
    def recover_stranded_builds() -> None:
        # A build whose queue message was lost (enqueue failed after the commit), or whose
        # worker died without a restart of this one, still runs.
        recover_interrupted_builds(database_for(settings), requeue_older_than=STRANDED_AFTER)

    @huey.periodic_task(crontab(minute="*"), name="run_schedule")
    def run_schedule_every_minute() -> None:
        # Items scheduled to enter or leave a site: their sites build within a minute.
        run_schedule_now(database_for(settings))

    @huey.periodic_task(crontab(minute="5"), name="rebuild_stale_sites")
    def rebuild_sites_daily() -> None:
        # Hourly, so that a worker down at midnight catches up; only yesterday's sites build.
        database = database_for(settings)
        with database.unit_of_work() as session:
            rebuild_stale_sites(session)

    @huey.periodic_task(crontab(hour="3", minute="17"), name="prune_unreferenced_files")
    def prune_files_nightly() -> None:
        # Bytes of uploads whose save was refused: no content names them.
        from app.files.store import prune_unreferenced

        with database_for(settings).unit_of_work() as session:
            prune_unreferenced(session, settings.files_dir)

    @huey.periodic_task(crontab(hour="3", minute="37"), name="prune_old_drafts")
    def prune_drafts_nightly() -> None:
        # Saved drafts older than the retention period (publications are kept forever).
        from app.content.history import prune_drafts

        with database_for(settings).unit_of_work() as session:
            prune_drafts(session)

    from app.operations.schedule import register_operations_tasks

    register_operations_tasks(huey, settings)  # worker heartbeat, nightly backup
    huey.bastide_build_commune = build_commune
    return huey


def enqueue_build(settings: Settings, build_id: int) -> None:
    """Hand a build to the worker (called once the build row is committed)."""
    get_queue(settings).bastide_build_commune(build_id)


def schedule_retry(settings: Settings, build_id: int, *, attempt: int, delay: float) -> None:
    """Try again, in ``delay`` seconds, a build the sites folder refused."""
    queue = get_queue(settings)
    if queue.immediate:  # tests: they call retry_unwritable themselves
        return
    queue.bastide_retry_unwritable.schedule((build_id, attempt), delay=delay)
