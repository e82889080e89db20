"""``bastide restore``: a backup archive back into an empty data directory.

Everything is extracted into a temporary folder next to the data directory and checked
against the manifest (SHA-256 and size of every file, the ``live`` links) before anything
is moved into place: a refused archive writes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from app.config import Settings
from app.operations import postgresql
from app.operations.archive import (
    COMMUNES_PREFIX,
    DATA_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PGDUMP_MEMBER,
    SQLITE_MEMBER,
    TOP_LEVEL,
    OperationsError,
    is_postgresql,
    sha256_of,
    sqlite_path,
)
from app.publishing.releases import RELEASES_DIR

FOREIGN = "{archive} n'est pas une sauvegarde Bastide (créez-la avec bastide backup)."
CORRUPT = "{archive} est abîmée ou incomplète ({why}) : reprenez une autre sauvegarde."


@dataclass
class RestoreSummary:
    """What a restore put back, and what the person should know."""

    created_at: str
    files: int
    sites: list[str]
    warnings: list[str] = field(default_factory=list)


def restore_backup(settings: Settings, archive: Path) -> RestoreSummary:
    """Restore ``archive`` into the empty data directory (and communes folder) of ``settings``."""
    _check_targets_empty(settings)
    if not archive.is_file():
        raise OperationsError(f"l'archive {archive} est introuvable.")
    parent = _existing_parent(settings)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".bastide-restore-", dir=parent))
    except OSError as error:
        raise OperationsError(
            f"impossible d'écrire dans {parent} ({error.strerror or error}) : la restauration "
            "y prépare les fichiers avant de les mettre en place."
        ) from error
    try:
        _extract(archive, staging)
        manifest = _verify(archive, staging)
        _check_database_kind(settings, manifest)
        summary = _summary(manifest, settings)
        try:
            _move_into_place(settings, staging)
        except OSError as error:
            raise OperationsError(
                f"la mise en place a échoué ({error.strerror or error}) : videz "
                f"{settings.data_dir} et {settings.communes_dir}, puis relancez la restauration."
            ) from error
    except OSError as error:  # reading the archive or extracting it (disk full...)
        raise OperationsError(
            f"impossible de lire ou d'extraire {archive} ({error.strerror or error})."
        ) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return summary


def _is_empty_folder(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def _check_targets_empty(settings: Settings) -> None:
    if not _is_empty_folder(settings.data_dir):
        raise OperationsError(
            f"le dossier de données {settings.data_dir} n'est pas vide : la restauration se fait "
            "dans un dossier vide (changez BASTIDE_DATA_DIR ou videz-le)."
        )
    if not _is_empty_folder(settings.communes_dir):
        raise OperationsError(
            f"le dossier des fiches {settings.communes_dir} n'est pas vide : la restauration se "
            "fait dans un dossier vide (changez BASTIDE_COMMUNES_DIR ou videz-le)."
        )
    if is_postgresql(settings.database_url):
        if not postgresql.is_empty(settings.database_url):
            raise OperationsError(
                "la base PostgreSQL de DATABASE_URL contient déjà des tables : la restauration "
                "se fait dans une base vide."
            )
    elif sqlite_path(settings.database_url).exists():
        raise OperationsError(
            f"la base de données {sqlite_path(settings.database_url)} existe déjà : la "
            "restauration se fait sans base existante."
        )


def _existing_parent(settings: Settings) -> Path:
    """The nearest existing folder above the data directory (same disk: cheap moves)."""
    parent = settings.data_dir.parent
    while not parent.is_dir():
        parent = parent.parent
    return parent


def _extract(archive: Path, staging: Path) -> None:
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 - closed by the "with" below
    except (tarfile.TarError, OSError, EOFError, zlib.error):
        raise OperationsError(FOREIGN.format(archive=archive)) from None
    with tar:
        try:
            for member in tar:
                if member.name.split("/", 1)[0] not in TOP_LEVEL:
                    raise OperationsError(FOREIGN.format(archive=archive))
                # The "data" filter refuses absolute paths, "..", devices, and links that
                # point out of the folder.
                tar.extract(member, staging, filter="data")
        except tarfile.FilterError as error:
            raise OperationsError(
                f"{archive} contient un chemin dangereux ({error}) : elle n'est pas restaurée."
            ) from None
        except (tarfile.TarError, EOFError, zlib.error) as error:
            raise OperationsError(CORRUPT.format(archive=archive, why=error)) from None


def _verify(archive: Path, staging: Path) -> dict:
    manifest_file = staging / MANIFEST
    if not manifest_file.is_file():
        if any(staging.iterdir()):
            raise OperationsError(CORRUPT.format(archive=archive, why="manifeste absent"))
        raise OperationsError(FOREIGN.format(archive=archive))
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise OperationsError(CORRUPT.format(archive=archive, why="manifeste illisible")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise OperationsError(FOREIGN.format(archive=archive))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise OperationsError(
            f"{archive} a été créée par une version plus récente de Bastide (format {version}, "
            f"celle-ci lit jusqu'au format {FORMAT_VERSION}) : mettez Bastide à jour."
        )
    try:
        _verify_files(archive, staging, manifest)
    except (KeyError, TypeError, AttributeError):
        raise OperationsError(CORRUPT.format(archive=archive, why="manifeste invalide")) from None
    return manifest


def _verify_files(archive: Path, staging: Path, manifest: dict) -> None:
    listed = set()
    for entry in manifest.get("files", []):
        path = staging / entry["path"]
        listed.add(path)
        if not path.is_file() or path.is_symlink():
            raise OperationsError(CORRUPT.format(archive=archive, why=f"{entry['path']} manque"))
        if path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            why = f"{entry['path']} ne correspond pas à son empreinte"
            raise OperationsError(CORRUPT.format(archive=archive, why=why))
    for link in manifest.get("links", []):
        path = staging / link["path"]
        target = (path.parent / link["target"]).resolve()
        if not path.is_symlink() or os.readlink(path) != link["target"] or not target.is_dir():
            raise OperationsError(CORRUPT.format(archive=archive, why=f"{link['path']} manque"))
        if target.parent != (path.parent / RELEASES_DIR).resolve():
            raise OperationsError(CORRUPT.format(archive=archive, why=f"{link['path']} invalide"))
    if not (staging / SQLITE_MEMBER).is_file() and not (staging / PGDUMP_MEMBER).is_file():
        raise OperationsError(CORRUPT.format(archive=archive, why="base de données absente"))
    extra = [p for p in staging.rglob("*") if p.is_file() and not p.is_symlink()]
    unlisted = [p for p in extra if p not in listed and p.name != MANIFEST]
    if unlisted:
        why = f"fichier hors manifeste : {unlisted[0].relative_to(staging)}"
        raise OperationsError(CORRUPT.format(archive=archive, why=why))


def _check_database_kind(settings: Settings, manifest: dict) -> None:
    kind = manifest.get("platform", {}).get("database")
    wanted = "postgresql" if is_postgresql(settings.database_url) else "sqlite"
    if kind != wanted:
        raise OperationsError(
            f"l'archive contient une base {kind} mais DATABASE_URL désigne une base {wanted} : "
            "restaurez vers le même type de base."
        )


def _summary(manifest: dict, settings: Settings) -> RestoreSummary:
    sites = sorted(link["path"].split("/")[2] for link in manifest.get("links", []))
    summary = RestoreSummary(manifest.get("created_at", "?"), len(manifest["files"]), sites)
    origin = manifest.get("platform", {}).get("secret_key")
    if origin == "data directory" and settings.secret_key:
        summary.warnings.append(
            "BASTIDE_SECRET_KEY est définie et remplace la clé restaurée : retirez-la pour "
            "garder les sessions ouvertes."
        )
    if origin == "environment":
        summary.warnings.append(
            "la clé secrète venait de BASTIDE_SECRET_KEY : remettez la même valeur, sinon "
            "les sessions ouvertes sont perdues."
        )
    return summary


def _move_into_place(settings: Settings, staging: Path) -> None:
    settings.ensure_dirs()
    data = staging / DATA_PREFIX
    for child in sorted(data.iterdir()) if data.is_dir() else []:
        destination = settings.data_dir / child.name
        if destination.is_dir() and child.name == "sites" and not any(destination.iterdir()):
            destination.rmdir()
        shutil.move(child, destination)
    key_file = settings.data_dir / "secret_key"
    if key_file.exists():
        key_file.chmod(0o600)
    if (staging / SQLITE_MEMBER).is_file():
        database_file = sqlite_path(settings.database_url)
        database_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staging / SQLITE_MEMBER, database_file)
        database_file.chmod(0o600)
    elif (staging / PGDUMP_MEMBER).is_file():
        postgresql.restore(settings.database_url, staging / PGDUMP_MEMBER)
    settings.communes_dir.mkdir(parents=True, exist_ok=True)
    communes = staging / COMMUNES_PREFIX
    for child in sorted(communes.iterdir()) if communes.is_dir() else []:
        shutil.move(child, settings.communes_dir / child.name)
