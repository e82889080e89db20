"""The backup archive: a live WAL database copied whole, a safe target, nightly retention."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tarfile
from pathlib import Path

import pytest

from app.config import ConfigError
from app.operations.archive import MANIFEST, OperationsError
from app.operations.backup import create_backup, snapshot_sqlite
from app.operations.schedule import prune_backups, run_nightly_backup
from app.operations.settings import OperationsSettings


def test_snapshot_copies_what_is_still_in_the_wal_of_a_live_database(tmp_path):
    live = tmp_path / "live.db"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")  # the rows stay in the -wal file
    writer.execute("CREATE TABLE t (x)")
    writer.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(100)])
    try:
        snapshot_sqlite(live, tmp_path / "copy.db")
    finally:
        writer.close()
    with contextlib.closing(sqlite3.connect(tmp_path / "copy.db")) as copy:
        assert copy.execute("SELECT count(*) FROM t").fetchone() == (100,)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not (tmp_path / "copy.db-wal").exists()


def _members(archive: Path) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(archive) as tar:
        return {member.name: member for member in tar}


def test_backup_writes_a_manifest_with_versions_identity_and_checksums(database, settings):
    settings.communes_dir.mkdir(parents=True)
    (settings.communes_dir / "muret.toml").write_text('nom = "Muret"\n')
    summary = create_backup(settings, settings.data_dir.parent / "b.tar.gz")
    members = _members(summary.path)
    assert list(members)[-1] == MANIFEST
    with tarfile.open(summary.path) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    assert manifest["format"] == "bastide-backup" and manifest["format_version"] == 1
    assert manifest["bastide_version"] and manifest["created_at"]
    assert manifest["platform"]["base_url"] == settings.base_url
    assert manifest["platform"]["secret_key"] == "environment"  # BASTIDE_SECRET_KEY in tests
    paths = {entry["path"]: entry for entry in manifest["files"]}
    assert set(paths) == {"database/bastide.db", "communes/muret.toml"}
    assert paths["communes/muret.toml"]["size"] == len('nom = "Muret"\n')
    assert len(paths["database/bastide.db"]["sha256"]) == 64
    assert members["database/bastide.db"].mode == 0o600
    assert os.stat(summary.path).st_mode & 0o077 == 0  # the archive holds the accounts


def test_backup_into_a_folder_uses_a_dated_name(database, settings, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    summary = create_backup(settings, folder)
    assert summary.path.parent == folder and summary.path.name.startswith("bastide-")
    assert [path.name for path in folder.iterdir()] == [summary.path.name]  # no partial left


def test_backup_never_overwrites_an_existing_file(database, settings, tmp_path, bastide):
    existing = tmp_path / "b.tar.gz"
    existing.write_bytes(b"yesterday")
    result = bastide("backup", str(existing))
    assert result.exit_code == 2 and "existe déjà" in result.output
    assert existing.read_bytes() == b"yesterday"


def test_backup_into_a_missing_folder_is_refused(database, tmp_path, bastide):
    result = bastide("backup", str(tmp_path / "nowhere" / "b.tar.gz"))
    assert result.exit_code == 2 and "n'existe pas" in result.output


def test_a_failed_backup_leaves_no_partial_file(database, settings, tmp_path, monkeypatch):
    def broken_snapshot(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.operations.backup.snapshot_sqlite", broken_snapshot)
    with pytest.raises(OperationsError, match="No space left"):
        create_backup(settings, tmp_path / "b.tar.gz")
    assert not [path for path in tmp_path.iterdir() if "b.tar.gz" in path.name]


def test_backup_settings_default_and_validation(tmp_path):
    assert OperationsSettings.from_env({}) == OperationsSettings(None, 7)
    configured = OperationsSettings.from_env(
        {"BASTIDE_BACKUP_DIR": str(tmp_path), "BASTIDE_BACKUP_KEEP": "3"}
    )
    assert configured.backup_dir == tmp_path and configured.backup_keep == 3
    for wrong in ("0", "-2", "sept"):
        with pytest.raises(ConfigError, match="BASTIDE_BACKUP_KEEP"):
            OperationsSettings.from_env({"BASTIDE_BACKUP_KEEP": wrong})


def test_retention_deletes_the_oldest_archives_beyond_keep(tmp_path):
    names = [f"bastide-202611{day:02d}T024700Z.tar.gz" for day in range(1, 11)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not an archive")
    removed = prune_backups(tmp_path, keep=7)
    assert [path.name for path in removed] == names[:3]
    assert sorted(path.name for path in tmp_path.iterdir()) == [*names[3:], "notes.txt"]


def test_nightly_backup_is_off_without_a_folder(database, settings):
    assert run_nightly_backup(settings, OperationsSettings()) is None


def test_nightly_backup_writes_an_archive_and_applies_retention(database, settings, tmp_path):
    folder = tmp_path / "nightly"
    folder.mkdir()
    old = [folder / f"bastide-2020010{day}T024700Z.tar.gz" for day in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"old")
    written = run_nightly_backup(settings, OperationsSettings(folder, backup_keep=2))
    assert written is not None and written.parent == folder
    assert sorted(folder.iterdir()) == sorted([old[2], written])


def test_the_worker_queue_schedules_the_nightly_backup_and_the_heartbeat(queued_settings):
    from app.builds.queue import get_queue

    queued_settings.ensure_dirs()
    huey = get_queue(queued_settings)
    assert "bastide_heartbeat" in huey._startup and "bastide_heartbeat" in huey._shutdown
    assert any(task.name == "nightly_backup" for task in huey._registry.periodic_tasks)
