"""Backup -> wipe -> restore gives back a working platform: rows, files, sessions, sites."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher, profiles
from click.testing import CliRunner
from sqlalchemy import select
from werkzeug.test import Client

from app import create_app
from app.builds.services import request_build
from app.builds.worker import run_build
from app.cli import main
from app.config import Settings
from app.db import Database
from app.models import Commune, Role
from app.serving import LiveSites
from tests.conftest import post_form

TABLES = (
    "users", "memberships", "communes", "pages", "content_revisions", "builds", "releases",
    "audit_entries",
)  # fmt: skip
SESSION_COOKIE = "bastide_session"
PASSWORD = "correct horse battery"


def _env(root: Path) -> dict[str, str]:
    """A platform whose secret key is generated and kept in its data directory."""
    return {
        "BASTIDE_DATA_DIR": str(root / "var"),
        "BASTIDE_COMMUNES_DIR": str(root / "communes"),
        "BASTIDE_QUEUE_URL": "immediate://",
        "DATABASE_URL": f"sqlite:///{root / 'var' / 'bastide.db'}",
    }


def _rows(database_file: Path) -> dict[str, list[tuple]]:
    with contextlib.closing(sqlite3.connect(database_file)) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608
            for table in TABLES
        }


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _fill_platform(settings: Settings, database: Database) -> None:
    from app.accounts.passwords import hash_password
    from app.models import Membership, User
    from tests.conftest import publish_directly

    with database.unit_of_work() as session:
        commune = Commune(
            insee="31021", slug="aurignac", name="Aurignac", postal_codes=["31420"],
            population=1200, department="31", hostnames=["aurignac.communes.localhost"],
        )  # fmt: skip
        session.add(commune)
        session.flush()
        user = User(email="clerk@aurignac.test", password_hash=hash_password(PASSWORD))
        session.add(user)
        session.flush()
        session.add(Membership(user_id=user.id, commune_id=commune.id, role=Role.PUBLISHER))
        from app.models import Page

        publish_directly(session, Page(commune_id=commune.id, title="La mairie", slug="la-mairie",
                                       body="Ouverte le lundi."))  # fmt: skip
        build_id = request_build(session, commune, enqueue=False).id
    run_build(database, build_id)
    (settings.files_dir / "ab").mkdir(parents=True)
    (settings.files_dir / "ab" / ("ab" + "0" * 62)).write_bytes(b"%PDF-1.4 deliberation")
    settings.communes_dir.mkdir(parents=True, exist_ok=True)
    (settings.communes_dir / "aurignac.toml").write_text('nom = "Aurignac"\n')


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory, migrated_sqlite):
    """One platform, backed up while its app holds connections, wiped, then restored."""
    root = tmp_path_factory.mktemp("platform")
    env = _env(root)
    settings = Settings.from_env(env)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "app.accounts.passwords._hasher", PasswordHasher.from_parameters(profiles.CHEAPEST)
        )
        settings.ensure_dirs()
        shutil.copyfile(migrated_sqlite, settings.data_dir / "bastide.db")
        database = Database(settings)
        _fill_platform(settings, database)
        app = create_app(settings, test_config={"TESTING": True})
        browser = app.test_client()
        post_form(browser, "/admin/login", {"email": "clerk@aurignac.test", "password": PASSWORD})
        cookie = browser.get_cookie(SESSION_COOKIE, path="/admin").value
        backup = CliRunner().invoke(main, ["backup", str(root / "backup.tar.gz")], env=env)
        before = SimpleNamespace(
            rows=_rows(settings.data_dir / "bastide.db"),
            sites=_tree(settings.sites_dir / "aurignac" / "live"),
            live=(settings.sites_dir / "aurignac" / "live").readlink(),
            files=_tree(settings.files_dir),
            communes=_tree(settings.communes_dir),
            key=(settings.data_dir / "secret_key").read_bytes(),
        )
        database.dispose()
        app.extensions["bastide.database"].dispose()
        shutil.rmtree(settings.data_dir)
        shutil.rmtree(settings.communes_dir)
        restore = CliRunner().invoke(main, ["restore", str(root / "backup.tar.gz")], env=env)
        yield SimpleNamespace(
            settings=settings, env=env, root=root, archive=root / "backup.tar.gz",
            backup=backup, restore=restore, before=before, cookie=cookie,
        )  # fmt: skip


def test_backup_and_restore_commands_succeed(round_trip):
    assert round_trip.backup.exit_code == 0, round_trip.backup.output
    assert "1 site(s) en ligne" in round_trip.backup.output
    assert round_trip.restore.exit_code == 0, round_trip.restore.output
    assert "restaurée" in round_trip.restore.output
    assert not list(round_trip.root.glob(".*partial"))  # written under a temporary name


def test_restore_gives_back_the_database_rows(round_trip):
    after = _rows(round_trip.settings.data_dir / "bastide.db")
    assert after == round_trip.before.rows
    assert after["content_revisions"] and after["builds"] and after["releases"]


def test_restore_gives_back_key_uploads_records_and_live_release(round_trip):
    settings, before = round_trip.settings, round_trip.before
    key = settings.data_dir / "secret_key"
    assert key.read_bytes() == before.key and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert _tree(settings.files_dir) == before.files
    assert _tree(settings.communes_dir) == before.communes
    live = settings.sites_dir / "aurignac" / "live"
    assert live.is_symlink() and live.readlink() == before.live
    assert _tree(live) == before.sites  # byte-identical
    assert not (settings.sites_dir / "aurignac" / "work").exists()  # caches are not backed up


def test_every_site_is_served_at_once_without_a_build(round_trip):
    settings = round_trip.settings
    response = Client(LiveSites(settings.sites_dir)).get("/aurignac/")
    with contextlib.closing(response):
        assert response.status_code == 200
        assert "Aurignac" in response.get_data(as_text=True)
    assert _rows(settings.data_dir / "bastide.db")["builds"] == round_trip.before.rows["builds"]


@pytest.fixture(scope="module")
def restored_app(round_trip):
    app = create_app(round_trip.settings, test_config={"TESTING": True})
    yield app
    app.extensions["bastide.database"].dispose()


def test_a_session_from_before_the_backup_is_still_accepted(restored_app, round_trip):
    browser = restored_app.test_client()
    browser.set_cookie(SESSION_COOKIE, round_trip.cookie, path="/admin")
    response = browser.get("/admin/")
    assert response.status_code == 302
    assert "/login" not in response.headers["Location"]


def test_sign_in_with_the_same_password_works(restored_app):
    browser = restored_app.test_client()
    data = {"email": "clerk@aurignac.test", "password": PASSWORD}
    response = post_form(browser, "/admin/login", data)
    assert response.status_code == 302 and "/login" not in response.headers["Location"]
    with restored_app.extensions["bastide.database"].session() as session:
        assert session.scalar(select(Commune.name)) == "Aurignac"
