"""Tenant-scoped reads of content: every function takes the owner, so no item of another
tenant can be fetched by id."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, selectinload

from app.content.owners import Owner, owner_clause
from app.models import ContentItem, Revision

Item = TypeVar("Item", bound=ContentItem)


class ItemNotFound(Exception):
    pass


def get_item(
    session: Session, owner: Owner, model: type[Item], item_id: int, *, for_update: bool = False
) -> Item:
    """The owner's item ``item_id``; ``for_update`` locks its row until the commit (on
    PostgreSQL; SQLite writers are already serialised), so a version check cannot race."""
    query = select(model).where(model.id == item_id, owner_clause(model, owner))
    item = session.scalar(query.with_for_update() if for_update else query)
    if item is None:
        raise ItemNotFound(item_id)
    return item


def items_query(owner: Owner, model: type[Item], *order_by: Any) -> Select:
    """The owner's items in the given order, each with its published revision loaded in
    the same round trip (a list shows every item's status: no query per row)."""
    return (
        select(model)
        .where(owner_clause(model, owner))
        .order_by(*order_by, model.id)
        .options(selectinload(model.published_revision))
    )


def list_items(session: Session, owner: Owner, model: type[Item], *order_by: Any) -> list[Item]:
    """Every item of the owner, in the given order."""
    return list(session.scalars(items_query(owner, model, *order_by)))


def count_items(session: Session, owner: Owner, model: type[ContentItem]) -> int:
    return session.scalar(select(func.count(model.id)).where(owner_clause(model, owner)))


def count_items_by_type(
    session: Session, owner: Owner, models: dict[str, type[ContentItem]]
) -> dict[str, int]:
    """How many items the owner has of each model (by key), in one statement."""
    counts = [
        select(literal(key).label("key"), func.count(model.id).label("count")).where(
            owner_clause(model, owner)
        )
        for key, model in models.items()
    ]
    return {key: count for key, count in session.execute(union_all(*counts))}


def revisions_query(owner: Owner, item: ContentItem) -> Select:
    """The item's revisions, newest first, with their authors loaded in the same go."""
    return (
        select(Revision)
        .where(
            owner_clause(Revision, owner),
            Revision.content_type == item.content_type,
            Revision.item_id == item.id,
        )
        .order_by(Revision.created_at.desc(), Revision.id.desc())
        .options(selectinload(Revision.created_by))
    )


def visible_at(at: datetime):
    """The condition on a published revision that the site built at ``at`` shows it."""
    return and_(
        or_(Revision.visible_from.is_(None), Revision.visible_from <= at),
        or_(Revision.visible_until.is_(None), Revision.visible_until > at),
    )


def published_items(
    session: Session, owner: Owner, model: type[Item], at: datetime
) -> list[tuple[Item, Revision]]:
    """Every item of the owner the site built at ``at`` shows, with its published
    revision, oldest item first (an item scheduled later or already ended is left out)."""
    query = (
        select(model, Revision)
        .join(Revision, model.published_revision_id == Revision.id)
        .where(owner_clause(model, owner), visible_at(at))
        .order_by(model.id)
    )
    return [(item, revision) for item, revision in session.execute(query)]


def slug_in_use(
    session: Session, owner: Owner, model: type[Item], slug: str, *, excluding: Item | None = None
) -> bool:
    """True if another item of the owner uses ``slug``, as a draft or on the live site."""
    published = select(Revision.id).where(
        Revision.id == model.published_revision_id, Revision.data["slug"].as_string() == slug
    )
    query = select(model.id).where(
        owner_clause(model, owner), or_(model.slug == slug, published.exists())
    )
    if excluding is not None:
        query = query.where(model.id != excluding.id)
    return session.scalar(query.limit(1)) is not None
