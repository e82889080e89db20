"""Admin language: the account's choice, else the browser's, else French."""

from __future__ import annotations

import re

import pytest

from app.config import PROJECT_ROOT

from .helpers import post_form

FRENCH_CATALOG = PROJECT_ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.mo"


def _heading(response) -> str:
    match = re.search(r"<h1>(.*?)</h1>", response.get_data(as_text=True), re.S)
    assert match, "no <h1>"
    return match.group(1).strip()


def _lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert match, "no <html lang>"
    return match.group(1)


def test_french_catalog_is_compiled():
    assert FRENCH_CATALOG.is_file(), (
        f"{FRENCH_CATALOG.relative_to(PROJECT_ROOT)} is missing: run `make translations` "
        "after translating translations/fr/LC_MESSAGES/messages.po"
    )


@pytest.mark.parametrize("accept_language", ["en", "en-GB,en;q=0.9", "en-US,en;q=0.9,fr;q=0.5"])
def test_login_page_in_english_when_the_browser_asks(client, accept_language):
    response = client.get("/admin/login", headers={"Accept-Language": accept_language})

    assert _heading(response) == "Sign in"
    assert _lang(response) == "en"


@pytest.mark.parametrize(
    "accept_language", [None, "fr", "fr-FR,fr;q=0.9", "de-DE,de;q=0.9", "fr;q=0.9,en;q=0.5"]
)
def test_login_page_in_french_by_default(client, accept_language):
    headers = {"Accept-Language": accept_language} if accept_language else {}

    response = client.get("/admin/login", headers=headers)

    assert _lang(response) == "fr"
    assert _heading(response) == "Se connecter"


def test_error_messages_follow_the_language(client, clerk):
    from .helpers import sign_in

    english = sign_in(
        client, "clerk@example.org", "wrong password", headers={"Accept-Language": "en"}
    )
    french = sign_in(
        client, "clerk@example.org", "wrong password", headers={"Accept-Language": "fr"}
    )

    assert "Wrong e-mail address or password." in english.get_data(as_text=True)
    assert "Wrong e-mail address or password." not in french.get_data(as_text=True)


def test_account_language_beats_the_browser(client, login, clerk, db):
    from app.models import User

    db(lambda session: setattr(session.get(User, clerk.id), "locale", "en"))
    login("clerk@example.org")

    response = client.get("/admin/account", headers={"Accept-Language": "fr"})

    assert _lang(response) == "en"


def test_choosing_a_language_on_the_account_page(client, login, clerk, db):
    from app.models import User

    login("clerk@example.org")

    response = post_form(client, "/admin/account/language", {"locale": "en"})

    assert response.status_code == 302
    assert db(lambda session: session.get(User, clerk.id).locale) == "en"
    assert _lang(client.get("/admin/account", headers={"Accept-Language": "fr"})) == "en"
