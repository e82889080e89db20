"""Session cookies: their flags, and server-side invalidation on logout or password change."""

from __future__ import annotations

from .helpers import (
    PASSWORD,
    browser_with_cookie,
    is_redirect_to_login,
    post_form,
    session_cookie,
    set_cookie_attributes,
    sign_in,
)

# Over HTTPS Flask-WTF also checks the Referer, which a browser sends for same-origin forms.
HTTPS = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/admin/login"}}
NEW_PASSWORD = "a brand new passphrase"


def _assert_common_flags(attributes):
    assert "httponly" in attributes
    assert attributes.get("samesite", "").lower() == "lax"
    assert attributes.get("path") == "/admin"


def test_session_cookie_flags_over_http(client, clerk):
    response = sign_in(client, "clerk@example.org")

    assert response.status_code == 302
    attributes = set_cookie_attributes(response)
    _assert_common_flags(attributes)
    assert "secure" not in attributes, "a Secure cookie would never come back over plain http"


def test_session_cookie_is_secure_over_https(client, clerk):
    first_visit = client.get("/admin/login", **HTTPS)
    _assert_common_flags(set_cookie_attributes(first_visit))
    assert "secure" in set_cookie_attributes(first_visit)

    response = sign_in(client, "clerk@example.org", **HTTPS)

    assert response.status_code == 302
    attributes = set_cookie_attributes(response)
    _assert_common_flags(attributes)
    assert "secure" in attributes
    assert client.get("/admin/account", **HTTPS).status_code == 200


def test_https_responses_ask_for_hsts(client):
    response = client.get("/admin/login", **HTTPS)

    assert "max-age=" in response.headers.get("Strict-Transport-Security", "")


def test_copied_cookie_works_while_the_session_lives(app, client, login, clerk):
    """Control for the replay tests: a copied cookie is a valid session until logout."""
    login("clerk@example.org")

    copy = browser_with_cookie(app, session_cookie(client))

    assert copy.get("/admin/account").status_code == 200


def test_logout_signs_out_this_browser(client, login, clerk):
    login("clerk@example.org")

    response = post_form(client, "/admin/logout")

    assert response.status_code == 302
    assert response.location.endswith("/admin/login")
    assert is_redirect_to_login(client.get("/admin/account"))


def test_logout_kills_copies_of_the_cookie(app, client, login, clerk):
    login("clerk@example.org")
    stolen = session_cookie(client)
    assert stolen

    assert post_form(client, "/admin/logout").status_code == 302

    replay = browser_with_cookie(app, stolen).get("/admin/account")
    assert is_redirect_to_login(replay), "a copied cookie must die with the logout"


def test_logout_requires_a_session(client):
    response = post_form(client, "/admin/logout")

    assert is_redirect_to_login(response)


def test_password_change_signs_out_the_other_sessions_only(app, login, clerk):
    laptop, phone = app.test_client(), app.test_client()
    login("clerk@example.org", client=laptop)
    login("clerk@example.org", client=phone)
    phone_cookie = session_cookie(phone)

    response = post_form(
        laptop,
        "/admin/account",
        {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302, response.get_data(as_text=True)
    assert laptop.get("/admin/account").status_code == 200, "the changing browser stays in"
    assert is_redirect_to_login(phone.get("/admin/account"))
    assert is_redirect_to_login(browser_with_cookie(app, phone_cookie).get("/admin/account"))


def test_password_change_replaces_the_password(app, client, login, clerk, password_is):
    login("clerk@example.org")

    post_form(
        client,
        "/admin/account",
        {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert not password_is("clerk@example.org", PASSWORD)
    assert sign_in(app.test_client(), "clerk@example.org", NEW_PASSWORD).status_code == 302


def test_password_change_with_wrong_current_password_changes_nothing(
    app, client, login, clerk, password_is
):
    login("clerk@example.org")
    other = app.test_client()
    login("clerk@example.org", client=other)

    response = post_form(
        client,
        "/admin/account",
        {"current": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 400
    assert other.get("/admin/account").status_code == 200, "other sessions survive"
    assert password_is("clerk@example.org", PASSWORD)
