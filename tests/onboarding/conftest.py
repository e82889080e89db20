"""Fixtures of the onboarding tests: row counts and a snapshot of the record files."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from app.config import Settings


@pytest.fixture
def count(database) -> Callable[..., int]:
    """Number of rows of a model, optionally filtered: ``count(Commune, Commune.insee == x)``."""

    def number(model, *criteria) -> int:
        with database.session() as session:
            return session.scalar(select(func.count()).select_from(model).where(*criteria))

    return number


@pytest.fixture
def record_files(settings: Settings) -> Callable[[], dict[str, tuple[bytes, int, int]]]:
    """Snapshot of the records directory: name -> (bytes, mtime in ns, inode)."""

    def snapshot() -> dict[str, tuple[bytes, int, int]]:
        if not settings.communes_dir.exists():
            return {}
        return {
            path.name: (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_ino)
            for path in sorted(settings.communes_dir.iterdir())
        }

    return snapshot


@pytest.fixture
def age_records(settings: Settings) -> Callable[[], None]:
    """Set every record's mtime far in the past, so that any rewrite shows."""
    import os

    def age() -> None:
        for path in settings.communes_dir.glob("*.toml"):
            os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))

    return age
