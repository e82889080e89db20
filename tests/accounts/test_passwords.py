"""Passwords: argon2id hashes, a minimum length, upgrades of old hashes at sign-in."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from .helpers import PASSWORD, error_messages, post_form, sign_in

pytestmark = pytest.mark.real_password_hashing

ARGON2ID = "$argon2id$"
SHORT = "court123"  # 8 characters


def _hash_of(db, email):
    from app.accounts.services import find_user

    return db(lambda session: find_user(session, email).password_hash)


def test_hash_password_uses_argon2id():
    from app.accounts.passwords import hash_password, verify_password

    hashed = hash_password("correct horse battery")

    assert hashed.startswith(ARGON2ID)
    assert "correct horse battery" not in hashed
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "correct horse battery!")


def test_two_hashes_of_one_password_differ():
    from app.accounts.passwords import hash_password

    assert hash_password("correct horse battery") != hash_password("correct horse battery")


def test_verify_password_without_a_hash_is_false():
    from app.accounts.passwords import verify_password

    assert verify_password(None, "anything") is False
    assert verify_password("", "") is False
    assert verify_password("not-a-hash", "anything") is False


def test_password_set_from_an_invitation_is_stored_as_argon2id(client, invite, db):
    token = invite("newcomer@example.org")

    response = post_form(
        client,
        f"/admin/invitation/{token}",
        {"password": "a long enough passphrase", "confirm": "a long enough passphrase"},
    )

    assert response.status_code == 302
    assert _hash_of(db, "newcomer@example.org").startswith(ARGON2ID)


def test_changed_password_is_stored_as_argon2id(client, login, clerk, db):
    login("clerk@example.org")
    new = "a brand new passphrase"

    post_form(client, "/admin/account", {"current": PASSWORD, "password": new, "confirm": new})

    stored = _hash_of(db, "clerk@example.org")
    assert stored.startswith(ARGON2ID)
    assert PasswordHasher().verify(stored, new)


def test_old_hash_is_upgraded_at_sign_in(client, clerk, db):
    from app.models import User

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    db(lambda session: setattr(session.get(User, clerk.id), "password_hash", weak))

    assert sign_in(client, "clerk@example.org").status_code == 302

    upgraded = _hash_of(db, "clerk@example.org")
    assert upgraded != weak
    assert upgraded.startswith(ARGON2ID)
    assert not PasswordHasher().check_needs_rehash(upgraded)


def test_short_password_is_refused_on_the_invitation_page(client, invite, db):
    from app.models import Invitation

    token = invite("newcomer@example.org")

    response = post_form(
        client, f"/admin/invitation/{token}", {"password": SHORT, "confirm": SHORT}
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'name="password"' in page and 'name="confirm"' in page, "the form is shown again"
    assert error_messages(page), "the reason is shown"
    assert SHORT not in page, "the password is not echoed"
    assert _hash_of(db, "newcomer@example.org") is None
    assert db(lambda session: session.query(Invitation).one().used_at) is None
    assert client.get("/admin/account").status_code == 302, "not signed in"


def test_eleven_characters_are_refused_twelve_accepted(client, invite):
    token = invite("newcomer@example.org")
    url = f"/admin/invitation/{token}"

    eleven = post_form(client, url, {"password": "a" * 11, "confirm": "a" * 11})
    twelve = post_form(client, url, {"password": "a" * 12, "confirm": "a" * 12})

    assert eleven.status_code == 400
    assert twelve.status_code == 302


def test_mismatched_confirmation_is_refused(client, invite, db):
    token = invite("newcomer@example.org")

    response = post_form(
        client,
        f"/admin/invitation/{token}",
        {"password": "a long enough passphrase", "confirm": "another long passphrase"},
    )

    assert response.status_code == 400
    assert _hash_of(db, "newcomer@example.org") is None


def test_service_refuses_a_short_password(database, invite):
    from app.accounts import services

    token = invite("newcomer@example.org")
    with pytest.raises(services.WeakPassword), database.unit_of_work() as session:
        services.accept_invitation(session, token, SHORT)


def test_short_new_password_is_refused_on_the_account_page(client, login, clerk, password_is):
    login("clerk@example.org")

    response = post_form(
        client, "/admin/account", {"current": PASSWORD, "password": SHORT, "confirm": SHORT}
    )

    assert response.status_code == 400
    assert password_is("clerk@example.org", PASSWORD)
