"""Operations settings read from the environment: nightly backups and health thresholds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.config import ConfigError


@dataclass(frozen=True)
class OperationsSettings:
    """Where nightly backups go (None: off) and how many are kept."""

    backup_dir: Path | None = None
    backup_keep: int = 7

    @classmethod
    def from_env(cls, environ: os._Environ | dict | None = None) -> OperationsSettings:
        """Read ``BASTIDE_BACKUP_DIR`` (unset: no nightly backup) and ``BASTIDE_BACKUP_KEEP``."""
        env = os.environ if environ is None else environ
        raw_dir = env.get("BASTIDE_BACKUP_DIR", "").strip()
        raw_keep = env.get("BASTIDE_BACKUP_KEEP", "7").strip()
        try:
            keep = int(raw_keep)
        except ValueError:
            keep = 0
        if keep < 1:
            raise ConfigError(
                f"BASTIDE_BACKUP_KEEP={raw_keep!r} : un nombre entier d'au moins 1 est attendu "
                "(archives de sauvegarde gardées)."
            )
        return cls(backup_dir=Path(raw_dir).resolve() if raw_dir else None, backup_keep=keep)
