"""One database session per request and its single commit point.

Views and services only add and flush; the session is committed once after a successful
request (status < 400) and rolled back otherwise, so a failed form never half-saves.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import Database
from app.migrate import upgrade_database

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def init_app(app: Flask, settings: Settings) -> None:
    if app.config.get("BASTIDE_MIGRATE", True):
        upgrade_database(settings)
    app.extensions["bastide.database"] = Database(settings)
    app.after_request(_commit_on_success)
    app.teardown_request(_close_session)


def get_database() -> Database:
    return current_app.extensions["bastide.database"]


def db_session() -> Session:
    """The request's session; writing requests take the write lock up front."""
    if "db_session" not in g:
        g.db_session = get_database().session(write=request.method in WRITE_METHODS)
    return g.db_session


def _commit_on_success(response):
    session: Session | None = g.get("db_session")
    if session is not None:
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
    return response


def _close_session(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
