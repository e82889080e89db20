"""The layout of a backup archive, shared by ``backup`` and ``restore``.

A backup is one ``.tar.gz`` file::

    database/bastide.db        SQLite copy made with the online backup API
    database/bastide.pgdump    or: ``pg_dump --format=custom`` of PostgreSQL
    data/secret_key            when the key is kept in the data directory
    data/files/...             uploaded files and the media library
    data/sites/<slug>/live     symlink to releases/<name> (relative)
    data/sites/<slug>/releases/<name>/...   the live release of each site
    communes/*.toml            the commune records (BASTIDE_COMMUNES_DIR)
    manifest.json              written last: format, versions, SHA-256 and size of each file
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

FORMAT = "bastide-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/bastide.db"
PGDUMP_MEMBER = "database/bastide.pgdump"
DATA_PREFIX = "data"
COMMUNES_PREFIX = "communes"
TOP_LEVEL = {MANIFEST, "database", DATA_PREFIX, COMMUNES_PREFIX}
ARCHIVE_PATTERN = "bastide-*.tar.gz"


class OperationsError(Exception):
    """A backup or a restore cannot be done; the message is one French sentence."""


def bastide_version() -> str:
    """The installed version of Bastide (``unknown`` in an uninstalled checkout)."""
    try:
        return metadata.version("bastide")
    except metadata.PackageNotFoundError:
        return "unknown"


def is_postgresql(database_url: str) -> bool:
    """True when ``DATABASE_URL`` names a PostgreSQL database."""
    return database_url.startswith("postgresql")


def sqlite_path(database_url: str) -> Path:
    """The file of a ``sqlite:///PATH`` database."""
    return Path(database_url.removeprefix("sqlite:///"))


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
