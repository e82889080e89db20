"""Fixture chain shared by every test: settings -> database -> factories -> app -> client."""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles

from app.config import PROJECT_ROOT, Settings
from app.db import Database
from app.migrate import upgrade_database
from app.models import Page, Revision, Role
from app.text import slugify

REFERENCE_DIR = PROJECT_ROOT.parent / "shared" / "reference" / "decoupage-administratif-6.0.0"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose data and records directories are private to the test."""
    return Settings.from_env(
        {
            "BASTIDE_DATA_DIR": str(tmp_path / "var"),
            "BASTIDE_COMMUNES_DIR": str(tmp_path / "communes"),
            "BASTIDE_SECRET_KEY": "test-secret-key",
            "BASTIDE_QUEUE_URL": "immediate://",
        }
    )


@pytest.fixture(autouse=True)
def cheap_password_hashing(request, monkeypatch):
    """argon2id with the cheapest parameters: the default ones take 0.25 s a hash, and most
    tests make several accounts. tests/accounts/test_passwords.py keeps the real ones."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        monkeypatch.setattr(
            "app.accounts.passwords._hasher", PasswordHasher.from_parameters(profiles.CHEAPEST)
        )


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite database migrated once per test process: each test starts from a copy
    (running the migrations takes ~0.5 s, copying the file a millisecond)."""
    data_dir = tmp_path_factory.mktemp("migrated") / "var"
    template = Settings.from_env({"BASTIDE_DATA_DIR": str(data_dir), "BASTIDE_SECRET_KEY": "x"})
    upgrade_database(template)
    path = data_dir / "bastide.db"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    return path


@pytest.fixture
def database(settings: Settings, migrated_sqlite: Path):
    """A migrated database for one test."""
    if settings.database_url == f"sqlite:///{settings.data_dir / 'bastide.db'}":
        settings.ensure_dirs()
        shutil.copyfile(migrated_sqlite, settings.data_dir / "bastide.db")
    upgrade_database(settings)  # at the latest revision already: checks, protects the files
    db = Database(settings)
    yield db
    db.dispose()


@pytest.fixture
def make_commune(database):
    """Factory: insert a commune directly (no reference data needed)."""
    from app.models import Commune

    counter = iter(range(1, 10_000))

    def make(**overrides) -> Commune:
        n = next(counter)
        values = {
            "insee": f"99{n:03d}",
            "slug": f"commune-{n}",
            "name": f"Commune {n}",
            "postal_codes": ["31000"],
            "population": 500,
            "department": "31",
            "hostnames": [f"commune-{n}.communes.localhost"],
        }
        values.update(overrides)
        with database.unit_of_work() as session:
            commune = Commune(**values)
            session.add(commune)
        return commune

    return make


@pytest.fixture
def make_user(database):
    """Factory: an account with a known password, optionally a member of a commune."""
    from app.accounts.passwords import hash_password
    from app.models import Membership, Role, User

    def make(
        email, password="correct horse battery", *, commune=None, role=Role.PUBLISHER, admin=False
    ):
        with database.unit_of_work() as session:
            user = User(email=email, password_hash=hash_password(password), is_platform_admin=admin)
            session.add(user)
            session.flush()
            if commune is not None:
                session.add(Membership(user_id=user.id, commune_id=commune.id, role=role))
        return user

    return make


@pytest.fixture
def app(settings, database):
    from app import create_app

    application = create_app(settings, test_config={"TESTING": True})
    yield application


@pytest.fixture
def client(app):
    return app.test_client()


CSRF_PATTERN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(client) -> str:
    """The session's CSRF token, read from a real form as a browser would."""
    html = client.get("/admin/login").get_data(as_text=True)
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token in the login form"
    return match.group(1) or match.group(2)


def post_form(client, url, data=None, **kwargs):
    """POST a form with the session's CSRF token, as the browser would."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


@pytest.fixture
def login(client):
    """Sign the test client in through the real login form."""

    def sign_in(email, password="correct horse battery", client=client):
        response = post_form(client, "/admin/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return sign_in


@pytest.fixture
def bastide_env(settings: Settings) -> dict[str, str]:
    """Environment of the ``bastide`` command in tests (override it to add variables)."""
    return {
        "BASTIDE_DATA_DIR": str(settings.data_dir),
        "BASTIDE_COMMUNES_DIR": str(settings.communes_dir),
        "BASTIDE_QUEUE_URL": "immediate://",
        "BASTIDE_SECRET_KEY": "test-secret-key",
        "DATABASE_URL": settings.database_url,
    }


@pytest.fixture
def bastide(bastide_env):
    """Run ``bastide ARGS...`` against the test's data and records directories."""
    from click.testing import CliRunner

    from app.cli import main

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, list(args), env=bastide_env, catch_exceptions=False)

    return run


@pytest.fixture
def queued_settings(settings):
    """Settings whose queue is Huey on SQLite, as in production: nothing runs by itself."""
    return replace(settings, queue_url=f"sqlite:///{settings.data_dir / 'queue.db'}")


@pytest.fixture
def queued_database(queued_settings):
    upgrade_database(queued_settings)
    db = Database(queued_settings)
    yield db
    db.dispose()


def publish_directly(session, item) -> None:
    """Publish a content item by writing its revision (no build): for test set-ups."""
    session.add(item)
    session.flush()
    revision = Revision(
        content_type=item.content_type,
        item_id=item.id,
        commune_id=item.commune_id,
        intercommunality_id=item.intercommunality_id,
        data=item.snapshot(),
        visible_from=item.publish_at,
        visible_until=item.unpublish_at,
    )
    session.add(revision)
    session.flush()
    item.published_revision_id = revision.id


def put_sites_online(database, *slugs: str) -> None:
    """Record that these commune sites went live once, as their own publications do."""
    from sqlalchemy import select

    from app.models import Build, BuildStatus, Commune, Release
    from app.models.base import utcnow

    with database.unit_of_work() as session:
        for slug in slugs:
            commune = session.scalar(select(Commune).where(Commune.slug == slug))
            build = Build(commune_id=commune.id, status=BuildStatus.SUCCEEDED)
            session.add(build)
            session.flush()
            live = Release(commune_id=commune.id, build_id=build.id, name=f"r{build.id}")
            live.live_since = utcnow()
            session.add(live)


@pytest.fixture
def commune(make_commune):
    return make_commune(slug="aurignac", name="Aurignac")


@pytest.fixture
def editor(make_user, commune):
    return make_user("editor@aurignac.test", commune=commune, role=Role.EDITOR)


@pytest.fixture
def publisher(make_user, commune):
    return make_user("publisher@aurignac.test", commune=commune, role=Role.PUBLISHER)


@pytest.fixture
def publish_pages():
    """Publish pages (title -> body) directly in the database for a commune."""

    def publish(database, commune, pages: dict[str, str]) -> None:
        with database.unit_of_work() as session:
            for position, (title, body) in enumerate(pages.items()):
                slug = slugify(title)
                page = Page(commune_id=commune.id, title=title, slug=slug, body=body)
                page.menu_position = position
                publish_directly(session, page)

    return publish
