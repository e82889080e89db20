"""Fixtures of the account tests: a commune, its clerk, an IT admin, the CLI, the database."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fail_fast_on_database_lock(monkeypatch):
    """A lock wait inside one request is a bug; make it fail after 1 s instead of 15 s.

    Patched before the ``database`` and ``app`` fixtures build their engines.
    """
    monkeypatch.setattr("app.db.BUSY_TIMEOUT_MS", 1000)


@pytest.fixture
def commune(make_commune):
    return make_commune(slug="saint-felix", name="Saint-Félix-Lauragais")


@pytest.fixture
def clerk(make_user, commune):
    """A publisher of the commune, with the default test password."""
    return make_user("clerk@example.org", commune=commune)


@pytest.fixture
def it_admin(make_user):
    return make_user("it@example.org", admin=True)


@pytest.fixture
def db(database):
    """Run ``work(session)`` in one committed unit of work and return its result."""

    def run(work):
        with database.unit_of_work() as session:
            return work(session)

    return run


@pytest.fixture
def count(db):
    """Number of rows of a model, optionally filtered: ``count(User, User.email == x)``."""
    from sqlalchemy import func, select

    def number(model, *criteria) -> int:
        query = select(func.count()).select_from(model).where(*criteria)
        return db(lambda session: session.scalar(query))

    return number


@pytest.fixture
def bastide_env(bastide_env):
    """Invitation links are printed with the platform's public HTTPS address."""
    return {**bastide_env, "BASTIDE_BASE_URL": "https://admin.bastide.test"}


@pytest.fixture
def invite(database, commune):
    """Issue an invitation through the account service; returns the link's token."""
    from app.accounts import services
    from app.models import Commune, Role

    def issue(email="newcomer@example.org", *, role=Role.EDITOR, platform_admin=False) -> str:
        with database.unit_of_work() as session:
            issued = services.invite_user(
                session,
                email,
                commune=None if platform_admin else session.get(Commune, commune.id),
                role=None if platform_admin else role,
                platform_admin=platform_admin,
                actor="test",
            )
            return issued.token

    return issue


@pytest.fixture
def password_is(db):
    """Whether ``password`` is the stored password of the account (checked in the database)."""
    from app.accounts.passwords import verify_password
    from app.accounts.services import find_user

    def check(email: str, password: str) -> bool:
        stored = db(lambda session: find_user(session, email).password_hash)
        return verify_password(stored, password)

    return check
