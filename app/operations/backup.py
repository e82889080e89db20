"""``bastide backup``: one consistent archive of a running platform.

The database is copied first (SQLite's online backup API, or ``pg_dump``), then the files
it may name: uploads are stored under their SHA-256 and never change, and a release that
went live after the copy is rebuilt by the worker's recovery of the build still "running"
in the copied database. The archive is written under a temporary name and renamed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.config import Settings
from app.db import BUSY_TIMEOUT_MS
from app.operations import postgresql
from app.operations.archive import (
    COMMUNES_PREFIX,
    DATA_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PGDUMP_MEMBER,
    SQLITE_MEMBER,
    OperationsError,
    bastide_version,
    is_postgresql,
    sqlite_path,
)
from app.publishing.releases import LIVE_LINK, RELEASES_DIR


@dataclass
class _Manifest:
    files: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)

    @property
    def total_size(self) -> int:
        return sum(entry["size"] for entry in self.files)


@dataclass(frozen=True)
class BackupSummary:
    """What a backup wrote."""

    path: Path
    files: int
    size: int
    sites: int


class _HashingReader:
    """Hash what tarfile reads, so each file is read once and its hash matches its bytes."""

    def __init__(self, raw):
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        return data


def snapshot_sqlite(database_file: Path, target: Path) -> None:
    """Copy a live SQLite database (WAL included) with the online backup API."""
    if not database_file.is_file():
        raise OperationsError(
            f"la base de données {database_file} n'existe pas : vérifiez DATABASE_URL et "
            "BASTIDE_DATA_DIR, ou lancez bastide init."
        )
    source = sqlite3.connect(database_file, timeout=BUSY_TIMEOUT_MS / 1000)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one read transaction, one snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
        source.close()


def default_archive_name(now: datetime | None = None) -> str:
    """``bastide-20261126T021700Z.tar.gz``: sorts by date, matches ARCHIVE_PATTERN."""
    return f"bastide-{(now or datetime.now(UTC)):%Y%m%dT%H%M%SZ}.tar.gz"


def archive_path(target: Path) -> Path:
    """The file to write: ``target`` itself, or a dated name inside it if it is a folder."""
    if target.is_dir():
        return target / default_archive_name()
    if target.exists():
        raise OperationsError(f"{target} existe déjà : choisissez un autre nom ou un dossier.")
    if not target.parent.is_dir():
        raise OperationsError(f"le dossier {target.parent} n'existe pas : créez-le d'abord.")
    return target


def create_backup(settings: Settings, target: Path) -> BackupSummary:
    """Write a backup archive of the platform to ``target`` (a file or a folder)."""
    path = archive_path(target)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with tempfile.TemporaryDirectory(prefix="bastide-backup-") as staging:
            manifest = _Manifest()
            sites = _write_archive(settings, partial, Path(staging), manifest)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as error:
        raise OperationsError(
            f"impossible d'écrire la sauvegarde {path} ({error.strerror or error})."
        ) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return BackupSummary(path, len(manifest.files), manifest.total_size, sites)


def _write_archive(settings: Settings, partial: Path, staging: Path, manifest: _Manifest) -> int:
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
        _add_database(tar, settings, staging, manifest)
        key_file = settings.data_dir / "secret_key"
        if key_file.is_file():
            _add_file(tar, key_file, f"{DATA_PREFIX}/secret_key", manifest)
        _add_tree(tar, settings.files_dir, f"{DATA_PREFIX}/files", manifest)
        sites = _add_live_releases(tar, settings.sites_dir, manifest)
        _add_tree(tar, settings.communes_dir, COMMUNES_PREFIX, manifest)
        _add_bytes(tar, MANIFEST, _manifest_json(settings, manifest))
    return sites


def _add_database(tar, settings: Settings, staging: Path, manifest: _Manifest) -> None:
    if is_postgresql(settings.database_url):
        dump_file = staging / "bastide.pgdump"
        postgresql.dump(settings.database_url, dump_file)
        _add_file(tar, dump_file, PGDUMP_MEMBER, manifest)
    elif settings.database_url.startswith("sqlite:///"):
        copy = staging / "bastide.db"
        snapshot_sqlite(sqlite_path(settings.database_url), copy)
        _add_file(tar, copy, SQLITE_MEMBER, manifest, mode=0o600)
    else:
        raise OperationsError(
            f"DATABASE_URL « {settings.database_url} » : seules SQLite et PostgreSQL "
            "sont prises en charge par la sauvegarde."
        )


def _add_file(tar, path: Path, name: str, manifest: _Manifest, mode: int | None = None) -> None:
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime = stat.st_size, int(stat.st_mtime)
        info.mode = mode if mode is not None else stat.st_mode & 0o755
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    manifest.files.append({"path": name, "sha256": reader.digest.hexdigest(), "size": info.size})


def _add_tree(tar, root: Path, prefix: str, manifest: _Manifest) -> None:
    """Every regular file under ``root`` (symlinks are not followed)."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.name.endswith(".partial"):
            _add_file(tar, path, f"{prefix}/{path.relative_to(root).as_posix()}", manifest)


def _add_live_releases(tar, sites_dir: Path, manifest: _Manifest) -> int:
    """Each site's ``live`` link and the release it names (not the older ones, not work/)."""
    count = 0
    for site_dir in sorted(sites_dir.iterdir()) if sites_dir.is_dir() else []:
        live = site_dir / LIVE_LINK
        if not live.is_symlink():
            continue
        target = os.readlink(live)
        release = (site_dir / target).resolve()
        if release.parent != (site_dir / RELEASES_DIR).resolve() or not release.is_dir():
            continue  # not a release of this site: never follow it
        prefix = f"{DATA_PREFIX}/sites/{site_dir.name}"
        info = tarfile.TarInfo(f"{prefix}/{LIVE_LINK}")
        info.type, info.linkname, info.mtime = tarfile.SYMTYPE, target, int(time.time())
        tar.addfile(info)
        manifest.links.append({"path": info.name, "target": target})
        _add_tree(tar, release, f"{prefix}/{RELEASES_DIR}/{release.name}", manifest)
        count += 1
    return count


def _add_bytes(tar, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    tar.addfile(info, io.BytesIO(data))


def _manifest_json(settings: Settings, manifest: _Manifest) -> bytes:
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "bastide_version": bastide_version(),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": {
            "base_url": settings.base_url,
            "sites_domain": settings.sites_domain,
            "host_name": settings.host_name,
            "database": "postgresql" if is_postgresql(settings.database_url) else "sqlite",
            "secret_key": "environment" if settings.secret_key else "data directory",
        },
        "files": manifest.files,
        "links": manifest.links,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
