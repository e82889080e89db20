"""The health report for the IT team and its monitor: one check per thing that can break.

Each check says ``ok`` or not, a French sentence, and its figures. The platform is healthy
when every check is ok. Thresholds: a build waiting more than 10 minutes, no worker heard
from for 2 minutes, a site whose latest build failed in the last 24 hours, less than 1 GiB
or 5 % of the data disk free, no backup for 26 hours (when nightly backups are on).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.config import ConfigError, Settings
from app.models import Build, BuildStatus, Commune, Intercommunality
from app.operations.heartbeat import STALE_AFTER, read_heartbeats
from app.operations.settings import OperationsSettings

WAITING_TOO_LONG = timedelta(minutes=10)
FAILURES_WINDOW = timedelta(hours=24)
MIN_FREE_BYTES = 1024**3
MIN_FREE_RATIO = 0.05
BACKUP_TOO_OLD = timedelta(hours=26)


@dataclass
class Check:
    """One line of the report."""

    name: str
    ok: bool
    message: str
    data: dict = field(default_factory=dict)


@dataclass
class HealthReport:
    """Every check, and the verdict."""

    checks: list[Check]
    generated_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )

    @property
    def healthy(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def status(self) -> str:
        """``ok`` or ``degraded``: what the unauthenticated monitor sees."""
        return "ok" if self.healthy else "degraded"

    def as_dict(self) -> dict:
        """The full report, for platform admins and ``bastide status --json``."""
        return {
            "status": self.status,
            "generated_at": self.generated_at,
            "checks": {
                check.name: {"ok": check.ok, "message": check.message, "data": check.data}
                for check in self.checks
            },
        }


def health_report(
    settings: Settings, session: Session, operations: OperationsSettings | None = None
) -> HealthReport:
    """Run every check against the platform's database, queue, workers and disk."""
    checks = [check_database(session)]
    if checks[0].ok:
        checks += [check_queue(settings, session), check_failed_builds(session)]
    checks += [check_workers(settings), check_disk(settings.data_dir)]
    try:
        operations = operations or OperationsSettings.from_env()
    except ConfigError as error:
        checks.append(Check("backup", False, str(error)))
    else:
        if operations.backup_dir is not None:
            checks.append(check_backups(operations.backup_dir))
    return HealthReport(checks)


def check_database(session: Session) -> Check:
    """The database answers a query."""
    try:
        session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means "unreachable" for the monitor
        session.rollback()
        return Check("database", False, f"Base de données injoignable : {error.__class__.__name__}")
    return Check("database", True, "Base de données joignable.")


def check_queue(settings: Settings, session: Session) -> Check:
    """Builds waiting in the database and messages in Huey's queue; the oldest wait."""
    waiting, oldest = session.execute(
        select(func.count(Build.id), func.min(Build.requested_at)).where(
            Build.status == BuildStatus.QUEUED
        )
    ).one()
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
    data = {"waiting_builds": waiting, "oldest_wait_s": round(age), "queue_messages": None}
    try:
        from app.builds.queue import get_queue

        data["queue_messages"] = get_queue(settings).pending_count()
    except Exception as error:  # Redis down, unreadable queue file...
        return Check("queue", False, f"File d'attente illisible : {error.__class__.__name__}", data)
    if age > WAITING_TOO_LONG.total_seconds():
        minutes = round(age / 60)
        return Check("queue", False, f"Une publication attend depuis {minutes} min.", data)
    return Check("queue", True, f"{waiting} publication(s) en attente.", data)


def check_failed_builds(session: Session, now: datetime | None = None) -> Check:
    """Failed builds of the last 24 h; not ok while a site's latest build is a failure."""
    since = (now or datetime.now(UTC)) - FAILURES_WINDOW
    site = func.coalesce(Commune.slug, Intercommunality.slug)
    failed = session.execute(
        select(site, Build.id, Build.commune_id, Build.intercommunality_id)
        .outerjoin(Commune, Commune.id == Build.commune_id)
        .outerjoin(Intercommunality, Intercommunality.id == Build.intercommunality_id)
        .where(Build.status == BuildStatus.FAILED, Build.finished_at >= since)
    ).all()
    failing = sorted(
        {slug for slug, build_id, *owner in failed if _is_latest(session, build_id, owner)}
    )
    data = {
        "last_24h": len(failed),
        "sites": sorted({row[0] for row in failed}),
        "failing": failing,
    }
    if failing:
        return Check("failed_builds", False, f"Publication en échec : {', '.join(failing)}.", data)
    return Check("failed_builds", True, f"{len(failed)} échec(s) en 24 h, tous rattrapés.", data)


def _is_latest(session: Session, build_id: int, owner: list[int | None]) -> bool:
    """True when no later build of the same site has finished."""
    commune_id, epci_id = owner
    column = Build.commune_id if commune_id is not None else Build.intercommunality_id
    later = session.scalar(
        select(func.count(Build.id)).where(
            column == (commune_id if commune_id is not None else epci_id),
            Build.id > build_id,
            Build.status.in_((BuildStatus.SUCCEEDED, BuildStatus.FAILED)),
        )
    )
    return later == 0


def check_workers(settings: Settings) -> Check:
    """At least one worker process wrote its heartbeat in the last two minutes."""
    beats = read_heartbeats(settings.data_dir)
    alive = [beat for beat in beats if beat["age_s"] <= STALE_AFTER.total_seconds()]
    data = {"alive": len(alive), "workers": beats}
    if settings.queue_url.startswith("immediate:"):
        return Check("workers", True, "Publications faites sur place (immediate://).", data)
    if not alive:
        return Check(
            "workers", False, "Aucun processus de publication actif (bastide worker).", data
        )
    return Check("workers", True, f"{len(alive)} processus de publication actif(s).", data)


def check_disk(data_dir: Path) -> Check:
    """Free space on the disk of the data directory."""
    usage = shutil.disk_usage(data_dir if data_dir.exists() else data_dir.parent)
    data = {"free_bytes": usage.free, "total_bytes": usage.total}
    free_gib = usage.free / 1024**3
    if usage.free < MIN_FREE_BYTES or usage.free < MIN_FREE_RATIO * usage.total:
        return Check("disk", False, f"Disque presque plein : {free_gib:.1f} Gio libres.", data)
    return Check("disk", True, f"{free_gib:.1f} Gio libres.", data)


def check_backups(backup_dir: Path) -> Check:
    """The newest archive of the nightly backup folder is less than 26 hours old."""
    from app.operations.schedule import backup_archives

    archives = backup_archives(backup_dir) if backup_dir.is_dir() else []
    if not archives:
        return Check("backup", False, f"Aucune sauvegarde dans {backup_dir}.", {"age_s": None})
    newest = max(path.stat().st_mtime for path in archives)
    age = datetime.now(UTC).timestamp() - newest
    data = {"age_s": round(age), "archives": len(archives)}
    if age > BACKUP_TOO_OLD.total_seconds():
        return Check("backup", False, f"Dernière sauvegarde il y a {round(age / 3600)} h.", data)
    return Check("backup", True, f"Dernière sauvegarde il y a {round(age / 3600)} h.", data)
