"""``pg_dump`` and ``pg_restore`` for a platform whose DATABASE_URL is PostgreSQL."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.operations.archive import OperationsError


def _libpq(database_url: str) -> tuple[str, dict[str, str]]:
    """The libpq address (no SQLAlchemy driver, no password) and its environment."""
    url = make_url(database_url).set(drivername="postgresql")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(password=None).render_as_string(hide_password=False), env


def _run(tool: str, arguments: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run([tool, *arguments], env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise OperationsError(
            f"la commande {tool} est introuvable : installez le client PostgreSQL "
            "(paquet postgresql-client) de la même version que le serveur."
        ) from None
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or "").strip().splitlines()[-1:] or [str(error.returncode)]
        raise OperationsError(f"{tool} a échoué : {detail[0]}") from None


def dump(database_url: str, target: Path) -> None:
    """Write a consistent ``pg_dump --format=custom`` of the database to ``target``."""
    address, env = _libpq(database_url)
    _run(
        "pg_dump",
        ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}", address],
        env,
    )


def restore(database_url: str, dump_file: Path) -> None:
    """Load a dump made by :func:`dump` into an empty database."""
    address, env = _libpq(database_url)
    _run(
        "pg_restore",
        ["--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={address}", str(dump_file)],
        env,
    )


def is_empty(database_url: str) -> bool:
    """True when the database has no table in its ``public`` schema."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            count = connection.scalar(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            )
    finally:
        engine.dispose()
    return count == 0
