"""Who owns content: a commune or an intercommunality. Every query goes through here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from app.models import Commune, Intercommunality

Owner = Commune | Intercommunality


def owner_clause(model: Any, owner: Owner) -> ColumnElement[bool]:
    """SQL condition "this row belongs to ``owner``" for a model with the owner columns."""
    if isinstance(owner, Commune):
        return model.commune_id == owner.id
    if isinstance(owner, Intercommunality):
        return model.intercommunality_id == owner.id
    raise TypeError(f"not a content owner: {owner!r}")


def owner_values(owner: Owner) -> dict[str, int | None]:
    """The owner columns of a new row owned by ``owner``."""
    if isinstance(owner, Commune):
        return {"commune_id": owner.id, "intercommunality_id": None}
    return {"commune_id": None, "intercommunality_id": owner.id}


def audit_commune(owner: Owner) -> Commune | None:
    """The commune an audit entry is filed under (None for an intercommunality's content)."""
    return owner if isinstance(owner, Commune) else None


def audit_item(session, verb: str, owner: Owner, item, user, **details: Any) -> None:
    """Record ``<content type>.<verb>`` on ``item`` in the audit log, filed under its owner."""
    from app import audit

    if isinstance(owner, Intercommunality):
        details["intercommunality"] = owner.siren
    audit.record(
        session,
        f"{item.content_type}.{verb}",
        user=user,
        commune=audit_commune(owner),
        target=getattr(item, "slug", "") or str(item.id),
        **details,
    )
