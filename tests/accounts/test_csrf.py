"""Every form POST without the session's CSRF token is refused and changes nothing."""

from __future__ import annotations

from .helpers import PASSWORD

ENGLISH = {"Accept-Language": "en"}
CSRF_MESSAGE = "Your form expired or was sent from another site"


def _assert_csrf_refusal(response):
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)


def test_login_without_token_is_refused(client, clerk, count):
    from app.models import LoginFailure

    client.get("/admin/login")  # the browser has a session, just not the token in the form

    response = client.post(
        "/admin/login", data={"email": "clerk@example.org", "password": PASSWORD}, headers=ENGLISH
    )

    _assert_csrf_refusal(response)
    assert client.get("/admin/account").status_code == 302, "not signed in"
    assert count(LoginFailure) == 0


def test_login_with_a_forged_token_is_refused(client, clerk):
    client.get("/admin/login")

    response = client.post(
        "/admin/login",
        data={"email": "clerk@example.org", "password": PASSWORD, "csrf_token": "forged"},
        headers=ENGLISH,
    )

    _assert_csrf_refusal(response)


def test_login_with_another_sessions_token_is_refused(app, clerk):
    from .helpers import csrf_token

    attacker, victim = app.test_client(), app.test_client()
    token = csrf_token(attacker)
    victim.get("/admin/login")

    response = victim.post(
        "/admin/login",
        data={"email": "clerk@example.org", "password": PASSWORD, "csrf_token": token},
        headers=ENGLISH,
    )

    _assert_csrf_refusal(response)


def test_logout_without_token_is_refused(client, login, clerk, db):
    from app.models import User

    login("clerk@example.org")
    token_before = db(lambda session: session.get(User, clerk.id).session_token)

    response = client.post("/admin/logout", headers=ENGLISH)

    _assert_csrf_refusal(response)
    assert client.get("/admin/account").status_code == 200, "still signed in"
    assert db(lambda session: session.get(User, clerk.id).session_token) == token_before


def test_commune_page_form_without_token_is_refused(client, login, clerk, commune, count):
    from app.models import Page

    login("clerk@example.org")

    response = client.post(
        f"/admin/c/{commune.slug}/pages/new",
        data={"title": "Horaires de la mairie", "body": "Lundi 9 h", "publish": "1"},
        headers=ENGLISH,
    )

    _assert_csrf_refusal(response)
    assert count(Page, Page.commune_id == commune.id) == 0


def test_password_change_without_token_is_refused(client, login, clerk, password_is):
    login("clerk@example.org")
    new = "a brand new passphrase"

    response = client.post(
        "/admin/account",
        data={"current": PASSWORD, "password": new, "confirm": new},
        headers=ENGLISH,
    )

    _assert_csrf_refusal(response)
    assert password_is("clerk@example.org", PASSWORD)
    assert not password_is("clerk@example.org", new)
