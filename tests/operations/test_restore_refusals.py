"""Restore refuses what it must not restore, with one sentence, exit 2, writing nothing."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.operations.archive import FORMAT, FORMAT_VERSION, MANIFEST


def _write_tar(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
    return path


def _manifest(files: dict[str, bytes], **overrides) -> bytes:
    import hashlib

    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": "2026-11-26T02:47:00+00:00",
        "platform": {"database": "sqlite", "secret_key": "data directory"},
        "files": [
            {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in files.items()
        ],
        "links": [],
    }
    document.update(overrides)
    return json.dumps(document).encode()


@pytest.fixture
def target(tmp_path) -> dict[str, str]:
    """An empty platform to restore into (nothing exists yet)."""
    return {
        "BASTIDE_DATA_DIR": str(tmp_path / "restored" / "var"),
        "BASTIDE_COMMUNES_DIR": str(tmp_path / "restored" / "communes"),
        "BASTIDE_QUEUE_URL": "immediate://",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restored' / 'var' / 'bastide.db'}",
    }


def _restore(archive: Path, env: dict[str, str]):
    return CliRunner().invoke(main, ["restore", str(archive)], env=env)


def _refused(result, words: str, tmp_path: Path) -> None:
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "restored").exists()  # nothing written
    assert not list(tmp_path.glob(".bastide-restore-*"))  # temporary folder removed


def _empty_sqlite() -> bytes:
    import sqlite3
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "empty.db"
        sqlite3.connect(path).close()
        return path.read_bytes()


GOOD = {
    "database/bastide.db": _empty_sqlite(),
    "data/secret_key": b"k" * 64,
    "communes/aurignac.toml": b'nom = "Aurignac"\n',
}


def test_a_valid_minimal_archive_is_restored(tmp_path, target):
    archive = _write_tar(tmp_path / "ok.tar.gz", {**GOOD, MANIFEST: _manifest(GOOD)})
    result = _restore(archive, target)
    assert result.exit_code == 0, result.output
    assert (Path(target["BASTIDE_COMMUNES_DIR"]) / "aurignac.toml").read_bytes() == GOOD[
        "communes/aurignac.toml"
    ]


def test_restore_warns_when_an_environment_key_replaces_the_restored_one(tmp_path, target):
    archive = _write_tar(tmp_path / "ok.tar.gz", {**GOOD, MANIFEST: _manifest(GOOD)})
    result = _restore(archive, {**target, "BASTIDE_SECRET_KEY": "another-key"})
    assert result.exit_code == 0, result.output
    assert "BASTIDE_SECRET_KEY est définie" in result.output


def test_a_truncated_archive_is_refused(tmp_path, target):
    archive = _write_tar(tmp_path / "ok.tar.gz", {**GOOD, MANIFEST: _manifest(GOOD)})
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    _refused(_restore(archive, target), "abîmée ou incomplète", tmp_path)


def test_a_file_that_does_not_match_its_sha256_is_refused(tmp_path, target):
    tampered = {**GOOD, "communes/aurignac.toml": b'nom = "Muret"\n\n'}
    archive = _write_tar(tmp_path / "bad.tar.gz", {**tampered, MANIFEST: _manifest(GOOD)})
    _refused(_restore(archive, target), "ne correspond pas à son empreinte", tmp_path)


def test_a_file_missing_from_the_manifest_is_refused(tmp_path, target):
    extra = {**GOOD, "data/files/ab/intruder": b"x"}
    archive = _write_tar(tmp_path / "bad.tar.gz", {**extra, MANIFEST: _manifest(GOOD)})
    _refused(_restore(archive, target), "hors manifeste", tmp_path)


@pytest.mark.parametrize(
    "content",
    [b"not an archive at all", gzip.compress(b"plain gzip, no tar")],
    ids=["text", "gzip"],
)
def test_a_file_that_is_not_an_archive_is_refused(tmp_path, target, content):
    archive = tmp_path / "foreign.tar.gz"
    archive.write_bytes(content)
    _refused(_restore(archive, target), "n'est pas une sauvegarde Bastide", tmp_path)


def test_another_programs_archive_is_refused(tmp_path, target):
    archive = _write_tar(tmp_path / "foreign.tar.gz", {"etc/passwd": b"root:x:0:0"})
    _refused(_restore(archive, target), "n'est pas une sauvegarde Bastide", tmp_path)


def test_an_archive_with_a_foreign_manifest_is_refused(tmp_path, target):
    manifest = json.dumps({"format": "something-else"}).encode()
    archive = _write_tar(tmp_path / "foreign.tar.gz", {MANIFEST: manifest})
    _refused(_restore(archive, target), "n'est pas une sauvegarde Bastide", tmp_path)


def test_an_archive_from_a_future_format_is_refused(tmp_path, target):
    manifest = _manifest(GOOD, format_version=FORMAT_VERSION + 1)
    archive = _write_tar(tmp_path / "future.tar.gz", {**GOOD, MANIFEST: manifest})
    _refused(_restore(archive, target), "version plus récente", tmp_path)


@pytest.mark.parametrize(
    ("members", "links"),
    [
        ({"data/../../escaped": b"x"}, {}),
        ({"/data/absolute": b"x"}, {}),
        ({}, {"data/sites/aurignac/live": "/etc"}),
        ({}, {"data/sites/aurignac/live": "../../../../.."}),
    ],
    ids=["dotdot", "absolute", "absolute-link", "link-out"],
)
def test_unsafe_paths_are_refused(tmp_path, target, members, links):
    archive = _write_tar(tmp_path / "evil.tar.gz", {**members, MANIFEST: _manifest({})}, links)
    result = _restore(archive, target)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "restored").exists()
    assert not (tmp_path.parent / "escaped").exists()


def test_a_data_directory_that_is_not_empty_is_refused(tmp_path, target):
    archive = _write_tar(tmp_path / "ok.tar.gz", {**GOOD, MANIFEST: _manifest(GOOD)})
    data_dir = Path(target["BASTIDE_DATA_DIR"])
    data_dir.mkdir(parents=True)
    (data_dir / "bastide.db").write_bytes(b"precious")
    result = _restore(archive, target)
    assert result.exit_code == 2 and "n'est pas vide" in result.output
    assert (data_dir / "bastide.db").read_bytes() == b"precious"
    assert not Path(target["BASTIDE_COMMUNES_DIR"]).exists()


def test_an_archive_without_its_database_is_refused(tmp_path, target):
    files = {"data/secret_key": b"k" * 64}
    archive = _write_tar(tmp_path / "bad.tar.gz", {**files, MANIFEST: _manifest(files)})
    _refused(_restore(archive, target), "base de données absente", tmp_path)


def test_a_missing_archive_is_named(tmp_path, target):
    result = _restore(tmp_path / "nowhere.tar.gz", target)
    assert result.exit_code == 2 and "introuvable" in result.output


def test_a_full_disk_during_restore_is_a_sentence(tmp_path, target, monkeypatch):
    archive = _write_tar(tmp_path / "ok.tar.gz", {**GOOD, MANIFEST: _manifest(GOOD)})

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.operations.restore.shutil.move", disk_full)
    result = _restore(archive, target)
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert "relancez la restauration" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.glob(".bastide-restore-*"))
