"""Sign-in throttling per account and per IP over a sliding window (no permanent lockout).

Each attempt is counted and recorded *before* the password is checked, atomically per
key: SQLite serialises writers (``BEGIN IMMEDIATE``), PostgreSQL takes a transaction-level
advisory lock per key. So concurrent wrong passwords cannot all pass a stale count.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from app.models import LoginFailure
from app.models.base import utcnow

WINDOW = timedelta(minutes=15)
LIMITS = {"account": 5, "ip": 20}


class TooManyAttempts(Exception):
    """Raised before checking a password when the account or the IP failed too often."""

    def __init__(self, retry_after: int):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Attempt:
    """An attempt counted in advance: the rows to forget if the password is right."""

    email: str
    ip_row_id: int


def reserve_attempt(session: Session, email: str, ip: str) -> Attempt:
    """Count this attempt as a failure now, or raise ``TooManyAttempts`` if over a limit.

    Run it in its own short write transaction, committed before the password check.
    """
    keys = (("account", email), ("ip", ip))
    _lock_keys(session, keys)
    check_allowed(session, email, ip)
    now = utcnow()
    account_row = LoginFailure(scope="account", key=email, at=now)
    ip_row = LoginFailure(scope="ip", key=ip, at=now)
    session.add_all([account_row, ip_row])
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - WINDOW))
    session.flush()
    return Attempt(email=email, ip_row_id=ip_row.id)


def forget_attempt(session: Session, attempt: Attempt) -> None:
    """After a right password: forget the account's failures and this attempt's IP row."""
    clear_account_failures(session, attempt.email)
    session.execute(delete(LoginFailure).where(LoginFailure.id == attempt.ip_row_id))


def check_allowed(session: Session, email: str, ip: str) -> None:
    """Raise ``TooManyAttempts`` if the account or the address is over its limit."""
    since = utcnow() - WINDOW
    for scope, key in (("account", email), ("ip", ip)):
        count, oldest = session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(
                LoginFailure.scope == scope, LoginFailure.key == key, LoginFailure.at > since
            )
        ).one()
        if count >= LIMITS[scope]:
            retry_after = int((oldest.replace(tzinfo=since.tzinfo) - since).total_seconds()) + 1
            raise TooManyAttempts(max(retry_after, 1))


def clear_account_failures(session: Session, email: str) -> None:
    """Forget the failures of an account (after a successful sign-in)."""
    session.execute(
        delete(LoginFailure).where(LoginFailure.scope == "account", LoginFailure.key == email)
    )


def _lock_keys(session: Session, keys) -> None:
    # SQLite: the write transaction (BEGIN IMMEDIATE) already excludes other writers.
    if session.get_bind().dialect.name != "postgresql":
        return
    for scope, key in sorted(keys):  # one order everywhere: no deadlock between two keys
        lock_id = zlib.crc32(f"login:{scope}:{key}".encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})
