"""Security headers, session cookies, CSRF and the login manager.

The CSP forbids inline scripts and styles; the admin's only script (the rich-text
editor, app/static/editor.js) is a progressive enhancement.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from app.web.headers import HSTS, SECURITY_HEADERS

csrf = CSRFProtect()


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie ``Secure`` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def init_app(app: Flask) -> None:
    from app.accounts.login import login_manager

    hops = app.config["BASTIDE_PROXY_HOPS"]
    if hops and app.config["BASTIDE_PROXY_FIX"]:
        # Behind nginx under a WSGI server that passes X-Forwarded-* through: trust them
        # from that many proxies only. `bastide serve` lets waitress do it instead
        # (app.serving.waitress_options), so that only one layer interprets them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.session_interface = HttpsAwareSessionInterface()
    csrf.init_app(app)
    login_manager.init_app(app)
    app.after_request(_add_security_headers)


def _add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.path.startswith("/admin") and not request.path.startswith("/admin/static"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def is_safe_next(target: str | None) -> bool:
    """True for a local path of this site (``/admin/...``), never another host or scheme."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target
