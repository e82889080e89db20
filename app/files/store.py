"""Keep uploaded bytes once, under their SHA-256, and record who uploaded them.

Content checks (is it really a PDF, a JPEG…) belong to the type that accepts the file;
this module reads an upload within a size limit, stores bytes atomically and names them.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.content.owners import Owner, owner_clause, owner_values
from app.errors import N_, DomainError
from app.files.paths import file_path
from app.models import StoredFile, User

CHUNK = 1024 * 1024


class FileRefused(DomainError):
    """An upload is refused; nothing was stored. ``field`` names the form field."""


@dataclass(frozen=True)
class UploadedFile:
    """An upload read into memory after its size was checked."""

    data: bytes
    filename: str  # cleaned: letters, digits, dots, hyphens


def clean_filename(name: str, default: str = "fichier") -> str:
    """A file name safe in a URL and on any disk: no path, no accents, no spaces."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip(".-")[:150]
    return cleaned.lower() or default


def read_upload(stream: BinaryIO, filename: str, *, max_size: int, field: str) -> UploadedFile:
    """Read an uploaded stream, refusing it as soon as it passes ``max_size`` bytes."""
    chunks, size = [], 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > max_size:
            raise FileRefused(
                N_("The file is larger than %(limit)s MB, the limit: send a lighter file."),
                field=field,
                limit=f"{max_size / 1024 / 1024:.0f}",
            )
        chunks.append(chunk)
    if size == 0:
        raise FileRefused(N_("The file is empty."), field=field)
    return UploadedFile(b"".join(chunks), clean_filename(filename))


def store_file(
    session: Session,
    files_dir: Path,
    owner: Owner,
    upload: UploadedFile,
    *,
    media_type: str,
    user: User | None,
    width: int | None = None,
    height: int | None = None,
) -> StoredFile:
    """Write the bytes (once, atomically, read-only) and record the owner's file."""
    sha256 = hashlib.sha256(upload.data).hexdigest()
    target = file_path(files_dir, sha256)
    if not target.is_file() or target.stat().st_size != len(upload.data):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{sha256}.{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            handle.write(upload.data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(0o644)  # nginx serves the releases that link it
        os.replace(tmp, target)
    existing = session.scalar(
        select(StoredFile).where(
            owner_clause(StoredFile, owner),
            StoredFile.sha256 == sha256,
            StoredFile.filename == upload.filename,
        )
    )
    if existing is not None:
        return existing
    stored = StoredFile(
        **owner_values(owner),
        sha256=sha256,
        size=len(upload.data),
        media_type=media_type,
        filename=upload.filename,
        width=width,
        height=height,
        created_by_id=user.id if user else None,
    )
    session.add(stored)
    session.flush()
    return stored


# Bytes are written before the row is committed; a refused or interrupted save leaves
# them without a row. They are removed once older than this (an upload in flight is not).
UNREFERENCED_KEPT = timedelta(hours=1)


def prune_unreferenced(
    session: Session, files_dir: Path, *, older_than: timedelta = UNREFERENCED_KEPT
) -> list[str]:
    """Delete stored bytes that no file row names (left by refused saves); return their
    SHA-256. Releases keep their own hard links: a live site never loses a file."""
    if not files_dir.is_dir():
        return []
    referenced = set(session.scalars(select(StoredFile.sha256).distinct()))
    deadline = time.time() - older_than.total_seconds()
    removed = []
    for path in sorted(files_dir.glob("??/*")):
        name = path.name
        if name.startswith(".") or name in referenced or path.stat().st_mtime > deadline:
            continue
        path.unlink(missing_ok=True)
        removed.append(name)
    return removed
