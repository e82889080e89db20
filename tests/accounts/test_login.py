"""Sign-in: success, wrong password, unknown address, and where the browser goes next."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .helpers import LOGIN_URL, error_messages, input_value, post_form, sign_in

WRONG_PASSWORD = "Wr0ng-horse-battery-xyz"


def _local_path(location: str) -> str:
    """The path a redirect sends to, asserting it stays on this site."""
    parts = urlsplit(location)
    assert parts.scheme in ("", "http", "https"), location
    assert parts.netloc in ("", "localhost"), location
    return parts.path


def test_login_page_renders_a_form(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert input_value(page, "email") in (None, "")
    assert 'name="password"' in page
    assert 'name="csrf_token"' in page


def test_right_password_redirects_to_the_admin(client, clerk):
    response = sign_in(client, "clerk@example.org")

    assert response.status_code == 302
    assert _local_path(response.location) == "/admin/"
    assert client.get("/admin/account").status_code == 200


def test_email_is_case_and_space_insensitive(client, clerk):
    response = sign_in(client, "  Clerk@Example.ORG ")

    assert response.status_code == 302


def test_wrong_password_is_401_and_keeps_the_email_but_not_the_password(client, clerk):
    response = sign_in(client, "clerk@example.org", WRONG_PASSWORD)

    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert input_value(page, "email") == "clerk@example.org"
    assert WRONG_PASSWORD not in page
    assert input_value(page, "password") in (None, "")
    assert error_messages(page), "the reason is shown next to the form"
    assert client.get("/admin/account").status_code == 302, "still signed out"


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client, clerk):
    wrong = sign_in(client, "clerk@example.org", WRONG_PASSWORD)
    unknown = sign_in(client, "nobody@example.org", WRONG_PASSWORD)

    assert unknown.status_code == wrong.status_code == 401
    unknown_page = unknown.get_data(as_text=True)
    assert error_messages(unknown_page) == error_messages(wrong.get_data(as_text=True))
    assert input_value(unknown_page, "email") == "nobody@example.org"


def test_disabled_account_cannot_sign_in(client, clerk, db):
    from app.models import User

    db(lambda session: setattr(session.get(User, clerk.id), "is_active", False))

    response = sign_in(client, "clerk@example.org")

    assert response.status_code == 401


def test_invited_account_without_password_cannot_sign_in(client, db):
    from app.models import User

    db(lambda session: session.add(User(email="pending@example.org")))

    response = sign_in(client, "pending@example.org", "")

    assert response.status_code in (400, 401)
    assert sign_in(client, "pending@example.org", "anything at all").status_code == 401


def test_login_required_page_round_trips_through_next(client, clerk):
    """A signed-out visit to /admin/account comes back there after signing in."""
    bounced = client.get("/admin/account")
    assert bounced.status_code == 302
    login_url = bounced.location

    page = client.get(login_url).get_data(as_text=True)
    next_value = input_value(page, "next")
    assert next_value == "/admin/account"

    response = post_form(
        client,
        LOGIN_URL,
        {"email": "clerk@example.org", "password": "correct horse battery", "next": next_value},
    )
    assert response.status_code == 302
    assert _local_path(response.location) == "/admin/account"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http://evil.example/admin/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_foreign_next_is_ignored(client, clerk, target):
    page = client.get(LOGIN_URL, query_string={"next": target}).get_data(as_text=True)
    next_value = input_value(page, "next")

    response = post_form(
        client,
        LOGIN_URL,
        {"email": "clerk@example.org", "password": "correct horse battery", "next": next_value},
    )

    assert response.status_code == 302
    assert _local_path(response.location) == "/admin/"
    assert "evil" not in response.location
    assert "alert" not in response.location
