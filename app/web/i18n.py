"""Admin language: the user's preference, else the browser's, else French."""

from __future__ import annotations

from babel import dates as babel_dates
from flask import Flask, request
from flask_babel import Babel, get_locale
from flask_login import current_user

from app.config import PROJECT_ROOT, TIMEZONE

LANGUAGES = {"fr": "Français", "en": "English"}
DEFAULT_LOCALE = "fr"

babel = Babel()


def select_locale() -> str:
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT_LOCALE)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", str(TIMEZONE))
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PROJECT_ROOT / "translations"))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["datetimeformat"] = format_local_datetime
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, get_locale=get_locale)


def format_local_datetime(value, format: str = "medium") -> str:
    """Flask-Babel's ``datetimeformat`` filter without its per-call lookups: lists show a
    date on every row, and resolving the locale and time zone each time was a fifth of
    a list's rendering."""
    if value is None:
        return ""
    return babel_dates.format_datetime(value, format, tzinfo=TIMEZONE, locale=get_locale())
