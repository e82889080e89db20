"""Sign-in throttling per account and per IP over a sliding window (no permanent lockout)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
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


def record_failure(session: Session, email: str, ip: str) -> None:
    now = utcnow()
    session.add_all(
        [LoginFailure(scope="account", key=email, at=now), LoginFailure(scope="ip", key=ip, at=now)]
    )
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - WINDOW))


def clear_account_failures(session: Session, email: str) -> None:
    session.execute(
        delete(LoginFailure).where(LoginFailure.scope == "account", LoginFailure.key == email)
    )
