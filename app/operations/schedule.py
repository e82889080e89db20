"""The worker's operations tasks: its heartbeat and the nightly backup with retention."""

from __future__ import annotations

import logging
from pathlib import Path

from huey import Huey, crontab

from app.config import Settings
from app.operations.archive import ARCHIVE_PATTERN, OperationsError
from app.operations.events import log_event
from app.operations.settings import OperationsSettings

log = logging.getLogger(__name__)


def register_operations_tasks(huey: Huey, settings: Settings) -> None:
    """Add the heartbeat hooks and the nightly backup to the worker's queue."""
    from app.operations.heartbeat import start_heartbeat, stop_heartbeat

    @huey.on_startup(name="bastide_heartbeat")
    def beat_at_start() -> None:
        start_heartbeat(settings.data_dir)

    @huey.on_shutdown(name="bastide_heartbeat")
    def forget_at_stop() -> None:
        stop_heartbeat(settings.data_dir)

    @huey.periodic_task(crontab(hour="2", minute="47"), name="nightly_backup")
    def backup_nightly() -> None:
        # Off unless BASTIDE_BACKUP_DIR is set; read at run time, like the worker's settings.
        run_nightly_backup(settings, OperationsSettings.from_env())


def run_nightly_backup(settings: Settings, operations: OperationsSettings) -> Path | None:
    """Write a dated archive into the backup folder and keep the newest ``backup_keep``."""
    from app.operations.backup import create_backup

    if operations.backup_dir is None:
        return None
    try:
        operations.backup_dir.mkdir(parents=True, exist_ok=True)
        summary = create_backup(settings, operations.backup_dir)
    except (OperationsError, OSError) as error:
        log_event("backup", level=logging.ERROR, outcome="failed", error=str(error))
        raise
    removed = prune_backups(operations.backup_dir, operations.backup_keep)
    log_event(
        "backup",
        outcome="succeeded",
        path=str(summary.path),
        size=summary.size,
        sites=summary.sites,
        pruned=len(removed),
    )
    return summary.path


def backup_archives(backup_dir: Path) -> list[Path]:
    """The dated archives of a backup folder, oldest first."""
    return sorted(backup_dir.glob(ARCHIVE_PATTERN))


def prune_backups(backup_dir: Path, keep: int) -> list[Path]:
    """Delete the oldest archives beyond the newest ``keep``; return the deleted ones."""
    archives = backup_archives(backup_dir)
    removed = archives[: max(len(archives) - keep, 0)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
