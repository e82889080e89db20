"""Where the file store keeps bytes (no database import: the build pipeline reads it)."""

from __future__ import annotations

from pathlib import Path


def file_path(files_dir: Path, sha256: str) -> Path:
    """Where the store keeps the bytes whose SHA-256 is ``sha256``."""
    return files_dir / sha256[:2] / sha256
