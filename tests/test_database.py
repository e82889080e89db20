"""The SQLite set-up the platform relies on, and migrations that match the models."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from app.migrate import upgrade_database
from app.models import Base


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(database):
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_migrations_match_the_models_and_are_idempotent(database, settings):
    upgrade_database(settings)  # a second time: nothing to do, no error
    with database.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_writers_take_the_lock_up_front_and_queue_instead_of_failing(database):
    """A writing session holds SQLite's write lock from its first statement (BEGIN
    IMMEDIATE): a second writer waits for it instead of failing half-way."""
    first = database.session(write=True)
    first.execute(text("SELECT 1"))
    order = []

    def second_writer():
        with database.unit_of_work() as session:
            session.execute(text("SELECT 1"))
            order.append("second")

    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(0.3)
    order.append("first")
    first.commit()
    first.close()
    thread.join(10)
    assert order == ["first", "second"]


def test_readers_do_not_block_writers(database):
    reader = database.session()
    reader.execute(text("SELECT 1"))
    with database.unit_of_work() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS probe (id INTEGER)"))
    reader.close()


def test_two_data_directories_never_share_a_file(tmp_path):
    from app.config import Settings

    one = Settings.from_env({"BASTIDE_DATA_DIR": str(tmp_path / "one")})
    two = Settings.from_env({"BASTIDE_DATA_DIR": str(tmp_path / "two")})
    assert one.database_url != two.database_url
    assert one.queue_url != two.queue_url
    assert one.sites_dir != two.sites_dir
    assert one.load_secret_key() != two.load_secret_key()


def test_secrets_are_private_and_sites_readable(settings, database):
    """nginx (another user) may read the sites; nobody else reads accounts or sessions."""
    from app.builds.queue import get_queue

    queued = replace(settings, queue_url=f"sqlite:///{settings.data_dir / 'queue.db'}")
    get_queue(queued)
    replace(settings, secret_key="").load_secret_key()  # generated and kept in the data dir
    assert settings.data_dir.stat().st_mode & 0o777 == 0o711
    for name in ("bastide.db", "queue.db", "secret_key"):
        assert (settings.data_dir / name).stat().st_mode & 0o077 == 0, name
    assert settings.sites_dir.stat().st_mode & 0o005 == 0o005


def test_upgrading_a_database_with_data_keeps_every_row(settings):
    """SQLite rebuilds tables in batch migrations; foreign key actions must not fire."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from app.migrate import alembic_config

    settings.ensure_dirs()
    config = alembic_config(settings)
    command.upgrade(config, "0001")
    engine = create_engine(settings.database_url)
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO intercommunalities VALUES "
            "(1, '200072643', 'CC X', 'CC', '2026-01-01 00:00:00')",
            "INSERT INTO communes (id, insee, slug, name, postal_codes, department, "
            "intercommunality_id, hostnames, theme, languages, town_hall_address, "
            "town_hall_phone, town_hall_email, publication_director, accessibility_status, "
            "created_at, updated_at) VALUES (1, '31028', 'aurignac', 'Aurignac', '[]', '31', "
            "1, '[]', 'bastide', '[\"fr\"]', '', '', '', '', 'non', "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            "INSERT INTO users (id, email, is_platform_admin, is_active, session_token, "
            "created_at) VALUES (1, 'a@x.test', 0, 1, 't', '2026-01-01 00:00:00')",
            "INSERT INTO memberships (id, user_id, intercommunality_id, role, created_at) "
            "VALUES (1, 1, 1, 'publisher', '2026-01-01 00:00:00')",
            "INSERT INTO builds (id, commune_id, status, reason, requested_at, log) "
            "VALUES (1, 1, 'succeeded', '', '2026-01-01 00:00:00', '')",
            "INSERT INTO releases (id, commune_id, build_id, name, created_at, live_since) "
            "VALUES (1, 1, 1, 'r1', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
        ):
            connection.execute(text(statement))
    engine.dispose()
    upgrade_database(settings)
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM releases")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM memberships")).scalar() == 1
        epci = connection.execute(text("SELECT intercommunality_id FROM communes")).scalar()
        assert epci == 1
        assert connection.execute(text("SELECT slug FROM intercommunalities")).scalar() == "cc-x"
    engine.dispose()
