"""Bastide: one Flask application for the admin of every member commune's website."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.config import Settings

if TYPE_CHECKING:  # importing app.publishing in the worker must not import Flask
    from flask import Flask


def create_app(
    settings: Settings | None = None,
    test_config: dict[str, Any] | None = None,
    *,
    proxy_fix: bool = True,
) -> Flask:
    """Build the admin application: configure, bind extensions, register blueprints.

    ``proxy_fix=False`` when the WSGI server itself interprets X-Forwarded-* (waitress in
    ``bastide serve``), so that only one layer does.
    """
    from flask import Flask

    from app.content.views import raise_upload_limits
    from app.web import database, errors, i18n, routing, security, templating

    settings = settings or Settings.from_env()
    app = Flask(__name__, static_url_path="/admin/static")
    app.config.from_mapping(
        SECRET_KEY=settings.load_secret_key(),
        BASTIDE_SETTINGS=settings,
        SESSION_COOKIE_NAME="bastide_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/admin",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        # Text forms; the screens that take uploads (acts, news) raise it for themselves.
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        BASTIDE_PROXY_HOPS=settings.proxy_hops,
        BASTIDE_PROXY_FIX=proxy_fix,
        SESSION_COOKIE_SECURE=settings.base_url.startswith("https://"),
    )
    if test_config:
        app.config.from_mapping(test_config)

    database.init_app(app, settings)
    app.before_request(raise_upload_limits)  # first: the CSRF check reads the body
    security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    routing.init_app(app)
    _register_blueprints(app)
    return app


# The packages whose ``views.screens`` are the admin screens of a content type.
CONTENT_SCREENS = ("pages", "directory", "news", "events", "alerts", "acts")


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    from app.accounts.views import bp as accounts_bp
    from app.content.shared_views import bp as shared_bp
    from app.dashboard.views import bp as dashboard_bp
    from app.media.views import bp as media_bp
    from app.platform_admin.views import bp as platform_bp
    from app.tenancy import make_commune_blueprint, make_epci_blueprint
    from app.waste.views import bp as waste_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(platform_bp)
    app.register_blueprint(import_module("app.operations.views").bp)
    screens = [import_module(f"app.{name}.views").screens for name in CONTENT_SCREENS]

    def content_screens():
        return dashboard_bp, *(admin.blueprint() for admin in screens)

    site_settings_bp = import_module("app.site_settings.views").bp
    app.register_blueprint(
        make_commune_blueprint(*content_screens(), shared_bp, media_bp, site_settings_bp)
    )
    app.register_blueprint(
        make_epci_blueprint(*content_screens(), waste_bp, media_bp, site_settings_bp)
    )
