"""Browser-like helpers for the account tests: forms, cookies, rendered messages."""

from __future__ import annotations

import html
import re

SESSION_COOKIE = "bastide_session"
LOGIN_URL = "/admin/login"
PASSWORD = "correct horse battery"

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
_INPUT = re.compile(r"<input\b[^>]*>")
_ERROR = re.compile(r'<p class="error" id="[^"]+">(.*?)</p>', re.S)
_REQUEST_KWARGS = ("base_url", "environ_base", "headers")


def csrf_token(client, url: str = LOGIN_URL, **kwargs) -> str:
    """The session's CSRF token, read from a real form as a browser would."""
    page = client.get(url, **kwargs).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, f"no CSRF token in {url}"
    return match.group(1) or match.group(2)


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """POST a form with the session's CSRF token (read over the same scheme and address)."""
    token = csrf_token(client, **{k: v for k, v in kwargs.items() if k in _REQUEST_KWARGS})
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def sign_in(client, email: str, password: str = PASSWORD, **kwargs):
    """Submit the login form; returns the response, whatever it is."""
    return post_form(client, LOGIN_URL, {"email": email, "password": password}, **kwargs)


def input_value(page: str, name: str) -> str | None:
    """The ``value`` of the ``<input name=...>`` of a rendered form, unescaped."""
    for tag in _INPUT.findall(page):
        if f'name="{name}"' in tag:
            value = re.search(r'\svalue="([^"]*)"', tag)
            return html.unescape(value.group(1)) if value else None
    raise AssertionError(f"no <input name={name!r}> in the page")


def error_messages(page: str) -> list[str]:
    """The field errors shown under the form's fields."""
    return [html.unescape(message.strip()) for message in _ERROR.findall(page)]


def session_cookie(client) -> str | None:
    """The value of the admin session cookie the browser holds."""
    cookie = client.get_cookie(SESSION_COOKIE, path="/admin")
    return cookie.value if cookie else None


def browser_with_cookie(app, value: str):
    """A fresh test client that carries a copied session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie(SESSION_COOKIE, value, path="/admin")
    return thief


def set_cookie_attributes(response, name: str = SESSION_COOKIE) -> dict[str, str]:
    """Attributes of the ``Set-Cookie`` header for ``name`` (keys lower-cased)."""
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            attributes = {}
            for part in header.split(";")[1:]:
                key, _, value = part.strip().partition("=")
                attributes[key.lower()] = value
            return attributes
    raise AssertionError(f"no Set-Cookie for {name}: {response.headers.getlist('Set-Cookie')}")


def is_redirect_to_login(response) -> bool:
    return response.status_code == 302 and response.location.split("?")[0].endswith(LOGIN_URL)
