"""Record every change in the audit log, from the web or the command line."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import AuditEntry, Commune, User


def record(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    actor: str | None = None,
    commune: Commune | None = None,
    target: str = "",
    **details,
) -> AuditEntry:
    """Add an audit entry to the current unit of work (it commits with the change)."""
    entry = AuditEntry(
        action=action,
        user_id=user.id if user else None,
        actor=actor or (user.email if user else "system"),
        commune_id=commune.id if commune else None,
        target=target,
        details=details,
    )
    session.add(entry)
    return entry
