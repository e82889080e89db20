"""The documented PostgreSQL path: migrations, onboarding, publishing, the one-waiting-
build index. `.ci/run` starts a PostgreSQL server and sets BASTIDE_TEST_DATABASE_URL."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError

from app.builds.worker import dispose_databases
from app.db import Database
from app.migrate import upgrade_database
from app.models import Build, Commune, Role
from app.publishing.pipeline import live_release
from tests.conftest import post_form, put_sites_online

POSTGRES_URL = os.environ.get("BASTIDE_TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgresql"),
    reason="set BASTIDE_TEST_DATABASE_URL=postgresql+psycopg://... (.ci/run does)",
)


@pytest.fixture
def pg_settings(settings):
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:  # a clean database for the test
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return replace(settings, database_url=POSTGRES_URL)


@pytest.fixture
def pg_database(pg_settings):
    upgrade_database(pg_settings)
    upgrade_database(pg_settings)  # idempotent
    database = Database(pg_settings)
    yield database
    database.dispose()


def test_onboard_publish_and_build_on_postgresql(pg_settings, pg_database, bastide_env, make_user):
    from click.testing import CliRunner

    from app import create_app
    from app.cli import main

    env = {**bastide_env, "DATABASE_URL": POSTGRES_URL}
    result = CliRunner().invoke(main, ["onboard", "--epci", "200072643"], env=env)
    assert result.exit_code == 0, result.output
    with pg_database.session() as session:
        assert len(list(session.scalars(select(Commune)))) == 104
        aurignac = session.scalar(select(Commune).where(Commune.slug == "aurignac"))

    app = create_app(pg_settings, test_config={"TESTING": True})
    client = app.test_client()
    from app.accounts.passwords import hash_password
    from app.models import Membership, User

    with pg_database.unit_of_work() as session:
        user = User(
            email="clerk@aurignac.test", password_hash=hash_password("correct horse battery")
        )
        session.add(user)
        session.flush()
        session.add(Membership(user_id=user.id, commune_id=aurignac.id, role=Role.PUBLISHER))
    post_form(
        client,
        "/admin/login",
        {"email": "clerk@aurignac.test", "password": "correct horse battery"},
    )
    response = post_form(
        client,
        "/admin/c/aurignac/pages/new",
        {"title": "La mairie", "body": "Ouverte le lundi.", "menu_position": "1", "publish": "1"},
    )
    assert response.status_code == 302
    assert live_release(pg_settings.sites_dir / "aurignac") is not None
    html = (pg_settings.sites_dir / "aurignac" / "live" / "la-mairie" / "index.html").read_text()
    assert "Ouverte le lundi." in html
    app.extensions["bastide.database"].dispose()
    dispose_databases()


def test_postgresql_refuses_two_waiting_builds(pg_database):
    with pg_database.unit_of_work() as session:
        session.add(Commune(insee="31028", slug="aurignac", name="Aurignac", department="31"))
    with pg_database.unit_of_work() as session:
        commune = session.scalar(select(Commune))
        session.add(Build(commune_id=commune.id))
    with pytest.raises(IntegrityError), pg_database.unit_of_work() as session:
        session.add(Build(commune_id=commune.id))


def test_waste_collection_zones_on_postgresql(pg_settings, pg_database):
    """Zones and rounds through the screens: row locks taken across the zone join, the
    zone↔commune table, and the builds that read them."""
    from app import create_app
    from app.accounts.passwords import hash_password
    from app.models import Intercommunality, Membership, User, WasteRound, WasteZone

    with pg_database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-comminges", name="CC", kind="CC")
        session.add(epci)
        session.flush()
        aurignac = Commune(
            insee="31028",
            slug="aurignac",
            name="Aurignac",
            department="31",
            intercommunality_id=epci.id,
        )
        agent = User(email="agent@cc.test", password_hash=hash_password("correct horse battery"))
        session.add_all([aurignac, agent])
        session.flush()
        session.add(Membership(user_id=agent.id, intercommunality_id=epci.id, role=Role.PUBLISHER))
        aurignac_id = aurignac.id
    put_sites_online(pg_database, "aurignac")  # zone changes rebuild member sites already live
    app = create_app(pg_settings, test_config={"TESTING": True})
    client = app.test_client()
    post_form(
        client, "/admin/login", {"email": "agent@cc.test", "password": "correct horse battery"}
    )
    base = "/admin/e/cc-comminges/waste"
    zone = {"name": "Aurignac – centre bourg", "communes": [str(aurignac_id)]}
    assert post_form(client, f"{base}/zones/new", zone).status_code == 302
    with pg_database.session() as session:
        zone_id = session.scalar(select(WasteZone.id))
    friday = {
        "stream": "menagers",
        "recurrence": "weekly",
        "weekday": "4",
        "every_weeks": "1",
        "holiday_rule": "next_day",
    }
    assert post_form(client, f"{base}/zones/{zone_id}/rounds/new", friday).status_code == 302
    with pg_database.session() as session:
        round_id = session.scalar(select(WasteRound.id))
    edited = friday | {"every_weeks": "2", "reference_date": "2026-12-04"}
    assert post_form(client, f"{base}/rounds/{round_id}", edited).status_code == 302
    feed = pg_settings.sites_dir / "aurignac" / "live" / "collecte-des-dechets"
    assert (feed / "aurignac-centre-bourg.ics").is_file()
    assert post_form(client, f"{base}/zones/{zone_id}/delete").status_code == 302
    assert not feed.exists()
    with pg_database.session() as session:
        assert session.scalar(select(WasteRound.id)) is None
    app.extensions["bastide.database"].dispose()
    dispose_databases()


def test_backup_and_restore_on_postgresql(pg_settings, pg_database, tmp_path):
    from app.models import User
    from app.operations.archive import OperationsError
    from app.operations.backup import create_backup
    from app.operations.restore import restore_backup

    with pg_database.unit_of_work() as session:
        session.add(User(email="it@metropole.test", password_hash="x", is_platform_admin=True))
        session.add(Commune(insee="31395", slug="muret", name="Muret", postal_codes=["31600"],
                            population=25000, department="31", hostnames=[]))  # fmt: skip
    pg_database.dispose()
    summary = create_backup(pg_settings, tmp_path / "pg.tar.gz")
    with pytest.raises(OperationsError, match="contient déjà des tables"):
        restore_backup(replace(pg_settings, data_dir=tmp_path / "other"), summary.path)
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    restored = replace(pg_settings, data_dir=tmp_path / "restored")
    restore_backup(restored, summary.path)
    database = Database(restored)
    with database.session() as session:
        assert session.scalar(select(Commune.name)) == "Muret"
        assert session.scalar(select(User.email)) == "it@metropole.test"
    database.dispose()
