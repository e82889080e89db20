"""Engine and sessions: SQLite tuned for a web app, one commit point per unit of work.

SQLite gets WAL, foreign keys, a busy timeout and ``BEGIN IMMEDIATE`` for sessions that
write, so two writers queue instead of failing half-way with "database is locked".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings

BUSY_TIMEOUT_MS = 15_000
# Connections kept open for SQLite: at least one per server thread (``serve --threads``,
# 8 by default) and the worker's, so a busy admin never closes and reopens a connection
# (each new one re-runs the pragmas below).
SQLITE_POOL_SIZE = 16
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=NORMAL",
    # Sorts and temporary indexes of a query stay in memory, not in a temporary file.
    "PRAGMA temp_store=MEMORY",
    # Reads go through the OS page cache shared by every connection, not a copy each.
    "PRAGMA mmap_size=268435456",
)
log = logging.getLogger(__name__)


def make_engine(database_url: str) -> Engine:
    """Create an engine; SQLite connections get the pragmas the platform relies on."""
    if not database_url.startswith("sqlite"):
        return create_engine(database_url, pool_pre_ping=True)
    engine = create_engine(
        database_url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        pool_size=SQLITE_POOL_SIZE,
        max_overflow=SQLITE_POOL_SIZE,
    )

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection, _record):
        # Let SQLAlchemy emit BEGIN itself so that we can choose IMMEDIATE for writers.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """The platform's engine and its two session factories (readers and writers)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        if settings.database_url.startswith("sqlite:///"):
            Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(
                parents=True, exist_ok=True
            )
        self.engine = make_engine(settings.database_url)
        info = {"settings": settings}
        self._readers = sessionmaker(self.engine, expire_on_commit=False, info=info)
        self._writers = sessionmaker(
            self.engine.execution_options(sqlite_begin="IMMEDIATE"),
            expire_on_commit=False,
            info=info,
        )

    def session(self, *, write: bool = False) -> Session:
        """A new session; ``write=True`` takes the SQLite write lock at the first statement."""
        return (self._writers if write else self._readers)()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """The one commit point of a command: commit on success, roll back on error."""
        session = self.session(write=True)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def settings_of(session: Session) -> Settings:
    """The platform settings a session was opened with."""
    return session.info["settings"]


def on_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the current transaction is committed (never on rollback)."""
    session.info.setdefault("after_commit", []).append(callback)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    callbacks = session.info.pop("after_commit", [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the data is committed: a failed follow-up must not undo the reply
            log.exception("after-commit callback %r failed", callback)


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_commit(session: Session, _previous_transaction) -> None:
    session.info.pop("after_commit", None)
