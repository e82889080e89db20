"""Fixtures of the operations tests."""

from __future__ import annotations

from collections import namedtuple

import pytest

Usage = namedtuple("Usage", "total used free")


@pytest.fixture
def roomy_disk(monkeypatch):
    """A data disk with plenty of room, whatever the test machine's is."""
    usage = Usage(100 * 1024**3, 10 * 1024**3, 90 * 1024**3)
    monkeypatch.setattr("app.operations.health.shutil.disk_usage", lambda _path: usage)


@pytest.fixture
def no_backup_env(monkeypatch):
    """Nightly backups off, whatever the environment of the test run says."""
    monkeypatch.delenv("BASTIDE_BACKUP_DIR", raising=False)
    monkeypatch.delenv("BASTIDE_BACKUP_KEEP", raising=False)
