"""Sign-in throttling: per account, per IP, over a 15-minute window, never a lockout."""

from __future__ import annotations

from datetime import timedelta

import pytest

from .helpers import PASSWORD, sign_in

WRONG = "not the right password"
ATTACKER = {"REMOTE_ADDR": "198.51.100.7"}
OTHER_IP = {"REMOTE_ADDR": "203.0.113.9"}


def _fail(client, email, times=1, ip=ATTACKER):
    for attempt in range(times):
        response = sign_in(client, email, WRONG, environ_base=ip)
        assert response.status_code == 401, f"failure {attempt + 1} for {email}"


def _assert_throttled(response):
    assert response.status_code == 429, response.status_code
    retry_after = response.headers.get("Retry-After")
    assert retry_after is not None, "429 without Retry-After"
    assert retry_after.isdigit()
    assert 1 <= int(retry_after) <= 15 * 60


@pytest.fixture
def age_failures(db):
    """Move every recorded failure back in time, as if the clock had run."""
    from sqlalchemy import select

    from app.models import LoginFailure

    def move_back(session, delta):
        for failure in session.scalars(select(LoginFailure)):
            failure.at -= delta

    def age(delta: timedelta) -> None:
        db(lambda session: move_back(session, delta))

    return age


def test_five_failures_throttle_the_account_even_with_the_right_password(client, clerk):
    _fail(client, "clerk@example.org", times=5)

    response = sign_in(client, "clerk@example.org", PASSWORD, environ_base=ATTACKER)

    _assert_throttled(response)
    assert client.get("/admin/account").status_code == 302, "not signed in"


def test_account_throttle_applies_from_every_address(app, clerk):
    _fail(app.test_client(), "clerk@example.org", times=5)

    response = sign_in(app.test_client(), "clerk@example.org", PASSWORD, environ_base=OTHER_IP)

    _assert_throttled(response)


def test_four_failures_do_not_throttle(client, clerk):
    _fail(client, "clerk@example.org", times=4)

    response = sign_in(client, "clerk@example.org", PASSWORD, environ_base=ATTACKER)

    assert response.status_code == 302


def test_spelling_variants_of_an_address_count_as_one_account(client, clerk):
    for spelling in [
        "clerk@example.org",
        "CLERK@example.org",
        " clerk@Example.org",
        "Clerk@example.org",
    ]:
        _fail(client, spelling)
    _fail(client, "clerk@EXAMPLE.ORG")

    _assert_throttled(sign_in(client, "clerk@example.org", PASSWORD, environ_base=ATTACKER))


def test_throttled_account_does_not_block_other_accounts(app, make_user, clerk, commune):
    make_user("mayor@example.org", commune=commune)
    _fail(app.test_client(), "clerk@example.org", times=5)

    response = sign_in(app.test_client(), "mayor@example.org", PASSWORD, environ_base=OTHER_IP)

    assert response.status_code == 302


def test_twenty_failures_from_one_ip_throttle_a_new_email(app, make_user, commune):
    make_user("mayor@example.org", commune=commune)
    attacker = app.test_client()
    for n in range(20):
        _fail(attacker, f"guess{n}@example.org")

    response = sign_in(attacker, "mayor@example.org", PASSWORD, environ_base=ATTACKER)

    _assert_throttled(response)
    honest = sign_in(app.test_client(), "mayor@example.org", PASSWORD, environ_base=OTHER_IP)
    assert honest.status_code == 302, "the IP limit must not lock the account itself"


def test_nineteen_failures_from_one_ip_do_not_throttle(app, make_user, commune):
    make_user("mayor@example.org", commune=commune)
    client = app.test_client()
    for n in range(19):
        _fail(client, f"guess{n}@example.org")

    assert sign_in(client, "mayor@example.org", PASSWORD, environ_base=ATTACKER).status_code == 302


def test_no_permanent_lockout_after_the_window(client, clerk, age_failures):
    _fail(client, "clerk@example.org", times=5)
    _assert_throttled(sign_in(client, "clerk@example.org", PASSWORD, environ_base=ATTACKER))

    age_failures(timedelta(minutes=16))

    response = sign_in(client, "clerk@example.org", PASSWORD, environ_base=ATTACKER)
    assert response.status_code == 302


def test_failures_still_in_the_window_keep_throttling(client, clerk, age_failures):
    _fail(client, "clerk@example.org", times=5)

    age_failures(timedelta(minutes=14))

    response = sign_in(client, "clerk@example.org", PASSWORD, environ_base=ATTACKER)
    _assert_throttled(response)
    assert int(response.headers["Retry-After"]) <= 60 + 1


def test_ip_throttle_also_expires(app, make_user, commune, age_failures):
    make_user("mayor@example.org", commune=commune)
    client = app.test_client()
    for n in range(20):
        _fail(client, f"guess{n}@example.org")

    age_failures(timedelta(minutes=16))

    assert sign_in(client, "mayor@example.org", PASSWORD, environ_base=ATTACKER).status_code == 302


def test_success_clears_the_account_failures(app, clerk, count):
    from app.models import LoginFailure

    _fail(app.test_client(), "clerk@example.org", times=4)
    assert sign_in(app.test_client(), "clerk@example.org", environ_base=OTHER_IP).status_code == 302
    account_rows = (LoginFailure.scope == "account", LoginFailure.key == "clerk@example.org")
    assert count(LoginFailure, *account_rows) == 0

    _fail(app.test_client(), "clerk@example.org", times=4, ip=OTHER_IP)

    response = sign_in(app.test_client(), "clerk@example.org", environ_base=OTHER_IP)
    assert response.status_code == 302, "4 + 4 failures must not add up after a success"


def test_failures_are_recorded_although_the_request_fails(client, clerk, count):
    from app.models import LoginFailure

    _fail(client, "clerk@example.org", times=2)

    assert count(LoginFailure, LoginFailure.scope == "account") == 2
    assert count(LoginFailure, LoginFailure.scope == "ip", LoginFailure.key == "198.51.100.7") == 2
