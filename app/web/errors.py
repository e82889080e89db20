"""Error pages in the admin's language, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist."),
    405: _l("This action is not allowed here."),
    413: _l("The file or text sent is too large."),
    429: _l("Too many attempts. Please wait a few minutes and try again."),
    500: _l("Something went wrong on our side. The IT team has been notified."),
}


def init_app(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, _render_error)
    app.register_error_handler(CSRFError, _render_csrf_error)


def _render_error(error):
    code = getattr(error, "code", 500) or 500
    message = MESSAGES.get(code)
    description = getattr(error, "description", None)
    if description and description != type(error).description:  # a message of ours
        message = description
    return render_template("error.html", code=code, message=message), code


def _render_csrf_error(error):
    message = _l("Your form expired or was sent from another site. Reload the page and try again.")
    return render_template("error.html", code=400, message=message), 400
