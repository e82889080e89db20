"""Platform settings, read once from the environment.

Everything the platform writes lives under one data directory so that two instances with
different data directories never share a file.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Times shown to people (admin, command line, sites) are French local times.
TIMEZONE = ZoneInfo("Europe/Paris")


class ConfigError(ValueError):
    """An environment variable has a value the platform cannot use."""


def _int_setting(env, name: str, default: int, meaning: str) -> int:
    raw = env.get(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} : un nombre entier est attendu ({meaning}).") from None


def _check_data_dir(data_dir: Path) -> None:
    """Refuse, before anything runs, a data directory that cannot be created."""
    existing = data_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError(
            f"BASTIDE_DATA_DIR={data_dir} : « {existing} » est un fichier, pas un dossier ; "
            "choisissez un autre dossier de données."
        )
    if existing != data_dir and not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(
            f"BASTIDE_DATA_DIR={data_dir} : impossible de créer ce dossier, « {existing} » "
            "n'est pas accessible en écriture ; créez-le ou choisissez-en un autre."
        )


@dataclass(frozen=True)
class Settings:
    """Where the platform keeps its state and how it is reached."""

    data_dir: Path
    communes_dir: Path
    themes_dir: Path
    database_url: str
    queue_url: str
    base_url: str
    sites_domain: str
    site_urls: str = "paths"
    proxy_hops: int = 0
    # The address of the reverse proxy whose X-Forwarded-* headers waitress believes.
    trusted_proxy: str = ""
    # Largest PDF of a municipal act accepted (bytes).
    max_act_file_size: int = 20 * 1024 * 1024
    # Largest file of the media library, and the space of each commune's library (bytes).
    max_media_file_size: int = 20 * 1024 * 1024
    media_quota: int = 500 * 1024 * 1024
    # The host of the sites, named on every legal notice (LCEN art. 6-III).
    host_name: str = ""
    host_address: str = ""
    host_phone: str = ""
    secret_key: str = field(repr=False, default="")

    @classmethod
    def from_env(cls, environ: os._Environ | dict | None = None, **overrides) -> Settings:
        """Build settings from ``BASTIDE_*`` variables, with defaults for a laptop."""
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("BASTIDE_DATA_DIR", "var")).resolve()
        _check_data_dir(data_dir)
        proxy_hops = _int_setting(env, "BASTIDE_PROXY_HOPS", 0, "0 sans proxy, 1 derrière nginx")
        if proxy_hops < 0:
            raise ConfigError(
                f"BASTIDE_PROXY_HOPS={proxy_hops} : 0 sans proxy, 1 derrière nginx, jamais moins."
            )
        settings = cls(
            data_dir=data_dir,
            communes_dir=Path(env.get("BASTIDE_COMMUNES_DIR", "communes")).resolve(),
            themes_dir=Path(env.get("BASTIDE_THEMES_DIR", PROJECT_ROOT / "themes")).resolve(),
            database_url=env.get("DATABASE_URL", f"sqlite:///{data_dir / 'bastide.db'}"),
            queue_url=env.get("BASTIDE_QUEUE_URL", f"sqlite:///{data_dir / 'queue.db'}"),
            base_url=env.get("BASTIDE_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            sites_domain=env.get("BASTIDE_SITES_DOMAIN", "communes.localhost"),
            site_urls=env.get("BASTIDE_SITE_URLS", "paths"),
            proxy_hops=proxy_hops,
            trusted_proxy=env.get("BASTIDE_TRUSTED_PROXY", "127.0.0.1" if proxy_hops else ""),
            max_act_file_size=_int_setting(
                env, "BASTIDE_MAX_ACT_FILE_MB", 20, "taille maximale du PDF d'un acte, en Mo"
            )
            * 1024
            * 1024,
            max_media_file_size=_int_setting(
                env, "BASTIDE_MAX_MEDIA_FILE_MB", 20, "taille maximale d'un fichier, en Mo"
            )
            * 1024
            * 1024,
            media_quota=_int_setting(
                env, "BASTIDE_MEDIA_QUOTA_MB", 500, "espace de la médiathèque, en Mo"
            )
            * 1024
            * 1024,
            host_name=env.get("BASTIDE_HOST_NAME", "").strip(),
            host_address=env.get("BASTIDE_HOST_ADDRESS", "").strip(),
            host_phone=env.get("BASTIDE_HOST_PHONE", "").strip(),
            secret_key=env.get("BASTIDE_SECRET_KEY", ""),
        )
        return replace(settings, **overrides) if overrides else settings

    @property
    def sites_dir(self) -> Path:
        return self.data_dir / "sites"

    @property
    def files_dir(self) -> Path:
        """Uploaded files, each stored once under its SHA-256."""
        return self.data_dir / "files"

    def live_url(self, slug: str, hostnames: list[str]) -> str:
        """Public address of a commune's site: its own host name in production
        (``BASTIDE_SITE_URLS=hosts``), a path under the platform otherwise."""
        if self.site_urls == "hosts" and hostnames:
            return f"https://{hostnames[0]}/"
        return f"{self.base_url}/{slug}/"

    def ensure_dirs(self) -> None:
        """Create the data directory tree (idempotent).

        The data directory is private but traversable (0711): nginx, running as another
        user, reads ``sites/`` while the database and the secret key stay unreadable.
        """
        try:
            if not self.data_dir.exists():
                self.data_dir.mkdir(parents=True)
                self.data_dir.chmod(0o711)
            self.sites_dir.mkdir(exist_ok=True)
        except OSError as error:
            raise ConfigError(
                f"BASTIDE_DATA_DIR={self.data_dir} : impossible de créer le dossier de données "
                f"({error.strerror}) ; vérifiez le chemin et les droits."
            ) from error

    def protect_files(self) -> None:
        """Make the SQLite files (accounts, sessions, queue) readable by their owner only."""
        for name in ("bastide.db", "bastide.db-wal", "bastide.db-shm", "queue.db"):
            path = self.data_dir / name
            if path.exists() and path.stat().st_mode & 0o077:
                path.chmod(0o600)

    def load_secret_key(self) -> str:
        """Return the configured secret key, or one generated once and kept in the data dir."""
        if self.secret_key:
            return self.secret_key
        self.ensure_dirs()
        key_file = self.data_dir / "secret_key"
        if not key_file.exists():
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
        return key_file.read_text().strip()
