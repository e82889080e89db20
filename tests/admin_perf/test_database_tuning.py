"""The database set-up behind a busy admin: indexes for its hot reads, pooled connections."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from app.migrate import alembic_config, upgrade_database

LATEST_BUILD = "SELECT id FROM builds WHERE commune_id = 1 ORDER BY id DESC LIMIT 1"
LIVE_SINCE = (
    "SELECT live_since FROM releases WHERE commune_id = 1 AND live_since IS NOT NULL "
    "ORDER BY live_since DESC LIMIT 1"
)


def _plan(connection, query: str) -> str:
    rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}").all()
    return " ".join(row[-1] for row in rows)


def test_migration_0008_adds_the_indexes_and_goes_back(database, settings):
    config = alembic_config(settings)
    command.downgrade(config, "0007")
    with database.engine.connect() as connection:
        names = {index["name"] for index in inspect(connection).get_indexes("builds")}
    assert "ix_builds_commune_latest" not in names
    upgrade_database(settings)
    with database.engine.connect() as connection:
        builds = {index["name"] for index in inspect(connection).get_indexes("builds")}
        releases = {index["name"] for index in inspect(connection).get_indexes("releases")}
    assert {"ix_builds_commune_latest", "ix_builds_epci_latest"} <= builds
    assert {"ix_releases_commune_live", "ix_releases_epci_live"} <= releases


def test_the_dashboard_reads_the_latest_build_and_release_without_sorting(database):
    with database.engine.connect() as connection:
        latest_build, live_since = _plan(connection, LATEST_BUILD), _plan(connection, LIVE_SINCE)
    assert "ix_builds_commune_latest" in latest_build and "TEMP B-TREE" not in latest_build
    assert "ix_releases_commune_live" in live_since and "TEMP B-TREE" not in live_since


def test_connections_stay_open_for_every_server_thread(database):
    """Eight sessions at once (``serve --threads 8``) all go back to the pool, so the next
    requests reuse them instead of reconnecting."""
    sessions = [database.session() for _ in range(8)]
    for session in sessions:
        session.execute(text("SELECT 1"))
    for session in sessions:
        session.close()
    assert database.engine.pool.checkedin() == 8


def test_sorts_stay_in_memory(database):
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
