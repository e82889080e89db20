"""Error pages in the admin's language, never a traceback; one log line per error."""

from __future__ import annotations

import errno

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from app.operations.events import log_request_error

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist."),
    405: _l("This action is not allowed here."),
    413: _l("The file or text sent is too large."),
    429: _l("Too many attempts. Please wait a few minutes and try again."),
    500: _l("Something went wrong on our side. The IT team has been notified."),
}
DISK_FULL = _l(
    "The server has no space left: your text was not saved. Copy it from below to keep it, "
    "then tell the IT team."
)
NOT_WRITTEN = _l(
    "The server could not write your changes: your text was not saved. Copy it from below "
    "to keep it, then tell the IT team."
)
STORAGE_FAILED = _l("The server could not read or write its files. Please tell the IT team.")
LOGGED_PATH_LENGTH = 500
# Form fields never shown back on an error page.
SECRET_FIELDS = ("csrf_token", "password", "token")


def init_app(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, _render_error)
    app.register_error_handler(CSRFError, _render_csrf_error)
    app.after_request(_log_refusal)


def _render_error(error):
    code = getattr(error, "code", 500) or 500
    cause = getattr(error, "original_exception", None)
    if code == 500 and getattr(cause, "errno", None) == errno.ENAMETOOLONG:
        code = 404  # a file name longer than the system allows: no such file
    elif code == 500 and _is_storage_failure(cause):
        return _render_storage_error(cause)
    g.error_class = type(cause or error).__name__
    message = MESSAGES.get(code)
    description = getattr(error, "description", None)
    if description and description != type(error).description:  # a message of ours
        message = description
    return render_template("error.html", code=code, message=message), code


def _render_csrf_error(error):
    message = _l("Your form expired or was sent from another site. Reload the page and try again.")
    return render_template("error.html", code=400, message=message), 400


def _is_storage_failure(error: BaseException | None) -> bool:
    if isinstance(error, OSError):
        return True
    return isinstance(error, OperationalError) and "disk is full" in str(error.orig)


def _render_storage_error(error: BaseException):
    """503 when the disk is full or unwritable: the clerk's text is shown back, read-only."""
    g.error_class = type(error).__name__
    kept = _submitted_text() if request.method == "POST" else []
    full = getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT)
    full = full or isinstance(error, OperationalError)
    message = (DISK_FULL if full else NOT_WRITTEN) if kept else STORAGE_FAILED
    return render_template("error.html", code=503, message=message, kept=kept), 503


def _submitted_text() -> list[tuple[str, str]]:
    """The text fields of the submitted form, secrets left out."""
    try:
        fields = list(request.form.items(multi=True))
    except OSError:  # the disk filled up while the form itself was being read
        return []
    return [
        (name, value)
        for name, value in fields
        if value.strip() and not any(secret in name for secret in SECRET_FIELDS)
    ]


def _log_refusal(response):
    if response.status_code >= 400:
        log_request_error(
            method=request.method,
            path=request.path[:LOGGED_PATH_LENGTH],
            status=response.status_code,
            site=g.get("tenant_slug"),
            error=g.get("error_class"),
        )
    return response
