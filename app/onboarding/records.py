"""Record files: ``communes/<slug>.toml``, one per onboarded commune, under version control.

The record is what the IT team edits by hand (host names, theme, town hall, legal
information); ``bastide sync`` applies it to the database. Files are written atomically
and only when their content changes, so re-running a command leaves them untouched.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from pathlib import Path

import tomli_w

from app.config import Settings
from app.onboarding.errors import RecordError
from app.onboarding.schema import CommuneRecord, record_from_document, to_document

HEADER = (
    "# Fiche de la commune pour Bastide. Créée par « bastide onboard », modifiable à la main\n"
    "# (noms d'hôte, thème, mairie, mentions légales) puis appliquée par « bastide sync ».\n\n"
)
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


def record_path(settings: Settings, slug: str) -> Path:
    """Where the record of the commune ``slug`` lives."""
    return settings.communes_dir / f"{slug}.toml"


def to_toml(record: CommuneRecord) -> bytes:
    """The bytes of a record file: a short French header, then the stable TOML layout."""
    return (HEADER + tomli_w.dumps(to_document(record))).encode("utf-8")


def read_record(path: Path, settings: Settings) -> CommuneRecord:
    """Read and validate a record file; raise ``RecordError`` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(path, f"fichier illisible ({error}).") from error
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's TOMLDecodeError only carries the position inside its message.
        position = _TOML_POSITION.search(str(error))
        detail = _TOML_POSITION.sub("", str(error))
        if position is None:
            raise RecordError(path, f"syntaxe TOML invalide ({detail}).") from error
        line, column = int(position.group(1)), position.group(2)
        problem = f"syntaxe TOML invalide, colonne {column} ({detail})."
        raise RecordError(path, problem, line) from error
    return record_from_document(document, path, text, settings)


def write_record(path: Path, record: CommuneRecord, settings: Settings) -> bool:
    """Write ``record`` atomically unless the file already says the same; True if written.

    A file that already holds an equal record is left alone, hand-written comments included.
    """
    if path.exists():
        try:
            if read_record(path, settings) == record:
                return False
        except RecordError:
            pass  # a broken file is replaced by a good one
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(to_toml(record))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def record_files(settings: Settings) -> list[Path]:
    """Every record file of the communes directory, sorted by name."""
    return sorted(settings.communes_dir.glob("*.toml"))


def records_by_insee(settings: Settings) -> dict[str, Path]:
    """Record files indexed by the INSEE code they declare (unreadable files are skipped)."""
    index: dict[str, Path] = {}
    for path in record_files(settings):
        try:
            insee = tomllib.loads(path.read_text(encoding="utf-8")).get("insee")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if isinstance(insee, str):
            index.setdefault(insee.strip().upper(), path)
    return index
