"""Account rules shared by the web and the command line (flush only, never commit)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import audit
from app.accounts import throttling
from app.accounts.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.errors import N_, DomainError
from app.models import Commune, Intercommunality, Invitation, Membership, Role, User
from app.models.accounts import new_session_token
from app.models.base import utcnow

INVITATION_LIFETIME = timedelta(hours=72)
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(DomainError):
    """A rule about accounts was not met; the message is shown to the person."""


class InvalidCredentials(AccountError):
    pass


class InvalidInvitation(AccountError):
    pass


class WeakPassword(AccountError):
    pass


@dataclass(frozen=True)
class IssuedInvitation:
    user: User
    token: str
    created_user: bool


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL_PATTERN.match(email):
        raise AccountError(N_("« %(email)s » is not a valid e-mail address."), email=email)
    return email


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def invite_user(
    session: Session,
    email: str,
    *,
    commune: Commune | None = None,
    epci: Intercommunality | None = None,
    role: Role | None = None,
    platform_admin: bool = False,
    invited_by: User | None = None,
    actor: str | None = None,
) -> IssuedInvitation:
    """Create the account if needed, grant the access asked (a role in a commune or in an
    intercommunality, or platform administration), and issue an invitation."""
    tenant = commune or epci
    if (
        (tenant is None) == (not platform_admin)
        or (tenant is not None and role is None)
        or (commune is not None and epci is not None)
    ):
        raise AccountError(N_("Choose a commune and a role, or platform administrator access."))
    email = normalize_email(email)
    user = find_user(session, email)
    created = user is None
    if user is None:
        user = User(email=email)
        session.add(user)
        session.flush()
    if platform_admin:
        user.is_platform_admin = True
    else:
        _grant_membership(session, user, tenant, role)
    token = _issue_invitation(session, user, invited_by)
    audit.record(
        session,
        "user.invited",
        user=invited_by,
        actor=actor,
        commune=commune,
        target=email,
        role=str(role) if role else None,
        platform_admin=platform_admin,
        intercommunality=epci.siren if epci else None,
    )
    return IssuedInvitation(user=user, token=token, created_user=created)


def _grant_membership(
    session: Session, user: User, tenant: Commune | Intercommunality, role: Role
) -> None:
    column = (
        Membership.commune_id if isinstance(tenant, Commune) else Membership.intercommunality_id
    )
    membership = session.scalar(
        select(Membership).where(Membership.user_id == user.id, column == tenant.id)
    )
    if membership is None:
        session.add(Membership(user_id=user.id, **{column.key: tenant.id}, role=role))
    else:
        membership.role = role


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _spend_open_invitations(session: Session, user: User) -> None:
    """Older links must not reset a password once a newer one is issued or used."""
    session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
        .values(used_at=utcnow())
    )


def _issue_invitation(session: Session, user: User, invited_by: User | None) -> str:
    """A new single-use link; it supersedes the account's older ones."""
    _spend_open_invitations(session, user)
    token = secrets.token_urlsafe(32)
    session.add(
        Invitation(
            user_id=user.id,
            token_hash=_token_hash(token),
            expires_at=utcnow() + INVITATION_LIFETIME,
            created_by_id=invited_by.id if invited_by else None,
        )
    )
    session.flush()
    return token


def reissue_invitation(session: Session, user: User, *, actor: str | None = None) -> str:
    """A new invitation link for an existing account (lost password, expired link)."""
    token = _issue_invitation(session, user, None)
    audit.record(session, "user.invitation_reissued", actor=actor, target=user.email)
    return token


def pending_invitation(session: Session, token: str) -> Invitation:
    """The invitation behind a link, if it is still valid (unused, under 72 h old)."""
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if invitation is None or invitation.used_at is not None:
        raise InvalidInvitation(N_("This invitation link is not valid or was already used."))
    if invitation.expires_at <= utcnow():
        raise InvalidInvitation(N_("This invitation link has expired. Ask for a new one."))
    return invitation


def accept_invitation(session: Session, token: str, password: str) -> User:
    """Set the password of an invited person and spend the invitation."""
    invitation = pending_invitation(session, token)
    _check_password_strength(password)
    user = invitation.user
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    _spend_open_invitations(session, user)
    audit.record(session, "user.password_set", user=user, target=user.email)
    return user


def _check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(
            N_("The password must be at least %(count)d characters long."),
            field="password",
            count=MIN_PASSWORD_LENGTH,
        )


def reserve_sign_in(session: Session, email: str, ip: str) -> throttling.Attempt:
    """Count a sign-in attempt before its password is checked; raise ``TooManyAttempts``.

    Commit it on its own: concurrent attempts then see each other (no check-then-record
    race), and the slow password check holds no lock.
    """
    return throttling.reserve_attempt(session, email.strip().lower(), ip)


def check_credentials(session: Session, email: str, password: str) -> int:
    """Check a sign-in and return the account's id; raise ``InvalidCredentials``.
    Read-only: run it outside any write transaction, since the password check takes a
    deliberate fraction of a second.
    """
    user = find_user(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        raise InvalidCredentials(N_("Wrong e-mail address or password."))
    return user.id


def record_sign_in(
    session: Session, user_id: int, password: str, attempt: throttling.Attempt
) -> User:
    """After a successful check: forget past failures, upgrade an old hash, note the time."""
    user = session.get(User, user_id)
    throttling.forget_attempt(session, attempt)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change a password; every other session of the account is signed out."""
    if not verify_password(user.password_hash, current):
        raise InvalidCredentials(N_("The current password is wrong."), field="current")
    _check_password_strength(new)
    user.password_hash = hash_password(new)
    end_sessions(user)
    _spend_open_invitations(session, user)
    audit.record(session, "user.password_changed", user=user, target=user.email)


def end_sessions(user: User) -> None:
    """Invalidate every session cookie issued to this account so far."""
    user.session_token = new_session_token()


def set_password_directly(session: Session, user: User, password: str) -> None:
    """For the demo set-up only: give an account a known password without an invitation."""
    _check_password_strength(password)
    user.password_hash = hash_password(password)
