"""Content an intercommunality shares with its member communes, and the communes' choice
to hide a shared item on their own site. One edit by the EPCI, every member site updated."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import audit
from app.builds.services import request_build
from app.content.queries import visible_at
from app.content.services import require_publisher
from app.models import Commune, ContentItem, HiddenSharedItem, Revision, Role, User


def _hidden_ids(commune: Commune, model: type[ContentItem]):
    return select(HiddenSharedItem.item_id).where(
        HiddenSharedItem.commune_id == commune.id,
        HiddenSharedItem.content_type == model.content_type,
    )


def shared_published_items(
    session: Session, commune: Commune, model: type[ContentItem], at: datetime
) -> list[tuple[ContentItem, Revision]]:
    """What the commune's intercommunality shows of ``model`` at ``at``, minus what the
    commune hides, with the published revisions."""
    if commune.intercommunality_id is None:
        return []
    query = (
        select(model, Revision)
        .join(Revision, model.published_revision_id == Revision.id)
        .where(
            model.intercommunality_id == commune.intercommunality_id,
            model.id.not_in(_hidden_ids(commune, model)),
            visible_at(at),
        )
        .order_by(model.id)
    )
    return [(item, revision) for item, revision in session.execute(query)]


def shared_items(
    session: Session, commune: Commune, model: type[ContentItem]
) -> list[tuple[ContentItem, bool]]:
    """The intercommunality's published items of ``model``, each with "hidden here"."""
    if commune.intercommunality_id is None:
        return []
    hidden = set(session.scalars(_hidden_ids(commune, model)))
    items = session.scalars(
        select(model)
        .where(
            model.intercommunality_id == commune.intercommunality_id,
            model.published_revision_id.is_not(None),
        )
        .order_by(*model.admin_order())
    )
    return [(item, item.id in hidden) for item in items]


class SharedItemNotFound(Exception):
    pass


def set_shared_item_hidden(
    session: Session,
    commune: Commune,
    model: type[ContentItem],
    item_id: int,
    *,
    hidden: bool,
    user: User,
    role: Role,
) -> ContentItem:
    """Hide a shared item on the commune's site, or show it again; rebuild the site."""
    require_publisher(role)
    item = session.scalar(
        select(model).where(
            model.id == item_id,
            model.intercommunality_id == commune.intercommunality_id,
            model.intercommunality_id.is_not(None),
        )
    )
    if item is None:
        raise SharedItemNotFound(item_id)
    already = session.scalar(_hidden_ids(commune, model).where(HiddenSharedItem.item_id == item_id))
    if hidden and already is None:
        session.add(
            HiddenSharedItem(
                commune_id=commune.id,
                content_type=model.content_type,
                item_id=item_id,
                hidden_by_id=user.id,
            )
        )
    elif not hidden and already is not None:
        session.execute(
            delete(HiddenSharedItem).where(
                HiddenSharedItem.commune_id == commune.id,
                HiddenSharedItem.content_type == model.content_type,
                HiddenSharedItem.item_id == item_id,
            )
        )
    else:
        return item
    verb = "hidden" if hidden else "shown"
    audit.record(
        session, f"shared.{verb}", user=user, commune=commune, target=getattr(item, "slug", "")
    )
    reason = f"{'masquage' if hidden else 'affichage'} de « {item.title} » (intercommunalité)"
    request_build(session, commune, requested_by=user, reason=reason)
    return item
