"""On PostgreSQL too, concurrent attempts cannot pass a stale count (advisory lock per
key). `.ci/run` starts a PostgreSQL server and sets BASTIDE_TEST_DATABASE_URL."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text

from app.accounts.throttling import LIMITS, TooManyAttempts, reserve_attempt
from app.db import Database
from app.migrate import upgrade_database

POSTGRES_URL = os.environ.get("BASTIDE_TEST_DATABASE_URL", "")
SCHEMA = "throttle_test"
pytestmark = pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgresql"),
    reason="set BASTIDE_TEST_DATABASE_URL=postgresql+psycopg://... (.ci/run does)",
)


@pytest.fixture
def pg_database(settings):
    """A migrated database in a schema of its own (other PostgreSQL tests use public)."""
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{SCHEMA}"
    pg_settings = replace(settings, database_url=url)
    upgrade_database(pg_settings)
    database = Database(pg_settings)
    yield database
    database.dispose()
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def test_concurrent_reservations_stop_at_the_limit(pg_database):
    attempts = 20
    start = threading.Barrier(attempts)

    def reserve(n):
        start.wait()
        try:
            with pg_database.unit_of_work() as session:
                reserve_attempt(session, "clerk@example.org", f"192.0.2.{n}")
        except TooManyAttempts:
            return False
        return True

    with ThreadPoolExecutor(attempts) as pool:
        allowed = list(pool.map(reserve, range(attempts)))

    assert allowed.count(True) == LIMITS["account"]
