"""Each check of the health report, healthy and not."""

from __future__ import annotations

import os
import time
from collections import namedtuple
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.db import Database
from app.models import Build, BuildStatus, Commune
from app.operations import health
from app.operations.heartbeat import (
    forget_old_heartbeats,
    heartbeat_file,
    read_heartbeats,
    start_heartbeat,
    stop_heartbeat,
    write_heartbeat,
)
from app.operations.settings import OperationsSettings

Usage = namedtuple("Usage", "total used free")


def _add_build(database, commune, status, **fields) -> None:
    with database.unit_of_work() as session:
        session.add(Build(commune_id=commune.id, status=status, **fields))


def test_database_check_ok_and_unreachable(database, settings, tmp_path):
    with database.session() as session:
        assert health.check_database(session).ok
    # A folder where the database file should be: SQLite cannot open it.
    broken = Database(replace(settings, database_url=f"sqlite:///{tmp_path}"))
    with broken.session() as session:
        check = health.check_database(session)
    broken.dispose()
    assert not check.ok and "injoignable" in check.message


def test_queue_check_counts_waiting_builds_and_flags_an_old_one(database, settings, commune):
    with database.session() as session:
        check = health.check_queue(settings, session)
    assert check.ok and check.data["waiting_builds"] == 0 and check.data["queue_messages"] == 0
    old = datetime.now(UTC) - timedelta(minutes=25)
    _add_build(database, commune, BuildStatus.QUEUED, requested_at=old)
    with database.session() as session:
        check = health.check_queue(settings, session)
    assert not check.ok and check.data["waiting_builds"] == 1
    assert check.data["oldest_wait_s"] >= 25 * 60 and "25 min" in check.message


def test_queue_check_counts_huey_messages(queued_database, queued_settings):
    from app.builds.queue import enqueue_build

    enqueue_build(queued_settings, 12345)
    with queued_database.session() as session:
        check = health.check_queue(queued_settings, session)
    assert check.ok and check.data["queue_messages"] == 1


def test_failed_builds_check_names_the_sites_that_cannot_publish(database, commune):
    now = datetime.now(UTC)
    _add_build(database, commune, BuildStatus.FAILED, finished_at=now - timedelta(hours=1))
    with database.session() as session:
        check = health.check_failed_builds(session)
    assert not check.ok and check.data["failing"] == ["aurignac"] and "aurignac" in check.message
    _add_build(database, commune, BuildStatus.SUCCEEDED, finished_at=now)
    with database.session() as session:
        check = health.check_failed_builds(session)
    assert check.ok and check.data["last_24h"] == 1 and check.data["sites"] == ["aurignac"]


def test_failures_older_than_a_day_are_not_counted(database, commune):
    long_ago = datetime.now(UTC) - timedelta(hours=30)
    _add_build(database, commune, BuildStatus.FAILED, finished_at=long_ago)
    with database.session() as session:
        check = health.check_failed_builds(session)
    assert check.ok and check.data["last_24h"] == 0


def test_workers_check_reads_fresh_and_stale_heartbeats(queued_settings):
    check = health.check_workers(queued_settings)
    assert not check.ok and check.data["alive"] == 0
    write_heartbeat(queued_settings.data_dir)
    check = health.check_workers(queued_settings)
    assert check.ok and check.data["alive"] == 1
    write_heartbeat(queued_settings.data_dir, now=datetime.now(UTC) - timedelta(minutes=3))
    assert not health.check_workers(queued_settings).ok


def test_workers_are_not_needed_with_an_immediate_queue(settings):
    assert settings.queue_url.startswith("immediate:")
    assert health.check_workers(settings).ok


def test_heartbeat_starts_once_per_process_and_is_removed_at_stop(tmp_path):
    start_heartbeat(tmp_path)
    start_heartbeat(tmp_path)  # each Huey worker thread calls the start-up hook
    assert [beat["pid"] for beat in read_heartbeats(tmp_path)] == [os.getpid()]
    stop_heartbeat(tmp_path)
    assert read_heartbeats(tmp_path) == []


def test_heartbeats_silent_for_a_day_are_forgotten(tmp_path):
    write_heartbeat(tmp_path, now=datetime.now(UTC) - timedelta(days=2))
    assert heartbeat_file(tmp_path).exists()
    forget_old_heartbeats(tmp_path)
    assert not heartbeat_file(tmp_path).exists()


def test_disk_check(settings, monkeypatch):
    settings.ensure_dirs()
    monkeypatch.setattr(
        health.shutil, "disk_usage", lambda _: Usage(100 * 1024**3, 0, 50 * 1024**3)
    )
    assert health.check_disk(settings.data_dir).ok
    monkeypatch.setattr(
        health.shutil, "disk_usage", lambda _: Usage(100 * 1024**3, 0, 512 * 1024**2)
    )
    check = health.check_disk(settings.data_dir)
    assert not check.ok and "presque plein" in check.message


def test_backup_check(tmp_path):
    assert not health.check_backups(tmp_path).ok  # on, but nothing written yet
    archive = tmp_path / "bastide-20261126T024700Z.tar.gz"
    archive.write_bytes(b"x")
    assert health.check_backups(tmp_path).ok
    two_days_ago = time.time() - 48 * 3600
    os.utime(archive, (two_days_ago, two_days_ago))
    check = health.check_backups(tmp_path)
    assert not check.ok and check.data["age_s"] >= 48 * 3600


def test_report_is_healthy_when_every_check_is_and_lists_backups_only_when_on(
    database, settings, tmp_path
):
    with database.session() as session:
        report = health.health_report(settings, session, OperationsSettings())
        assert report.healthy and report.status == "ok"
        names = [check.name for check in report.checks]
        assert names == ["database", "queue", "failed_builds", "workers", "disk"]
        report = health.health_report(settings, session, OperationsSettings(tmp_path))
    assert not report.healthy and report.status == "degraded"
    assert report.as_dict()["checks"]["backup"]["ok"] is False


def test_report_names_a_wrong_backup_setting(database, settings, monkeypatch):
    monkeypatch.setenv("BASTIDE_BACKUP_KEEP", "zéro")
    with database.session() as session:
        report = health.health_report(settings, session)
    assert not report.healthy and "BASTIDE_BACKUP_KEEP" in report.checks[-1].message


def test_failed_build_check_distinguishes_sites(database, make_commune):
    first, second = make_commune(slug="muret"), make_commune(slug="samatan")
    now = datetime.now(UTC)
    _add_build(database, first, BuildStatus.FAILED, finished_at=now)
    _add_build(database, second, BuildStatus.SUCCEEDED, finished_at=now)
    with database.session() as session:
        check = health.check_failed_builds(session)
        assert session.scalar(select(Commune.slug).where(Commune.id == first.id)) == "muret"
    assert check.data["failing"] == ["muret"]
