"""Tenant-scoped reads: every function takes the commune, so no page of another commune
can be fetched by id."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import Commune, Page, PageRevision


class PageNotFound(Exception):
    pass


def get_page(session: Session, commune: Commune, page_id: int, *, for_update: bool = False) -> Page:
    """The commune's page ``page_id``; ``for_update`` locks its row until the commit (on
    PostgreSQL; SQLite writers are already serialised), so a version check cannot race."""
    query = select(Page).where(Page.id == page_id, Page.commune_id == commune.id)
    page = session.scalar(query.with_for_update() if for_update else query)
    if page is None:
        raise PageNotFound(page_id)
    return page


def list_pages(session: Session, commune: Commune) -> list[Page]:
    return list(
        session.scalars(
            select(Page)
            .where(Page.commune_id == commune.id)
            .order_by(Page.menu_position, Page.title)
        )
    )


def slug_in_use(
    session: Session, commune: Commune, slug: str, *, excluding: Page | None = None
) -> bool:
    """True if another page of the commune uses ``slug``, as a draft or on the live site."""
    published = select(PageRevision.id).where(
        PageRevision.id == Page.published_revision_id, PageRevision.slug == slug
    )
    query = select(Page.id).where(
        Page.commune_id == commune.id, or_(Page.slug == slug, published.exists())
    )
    if excluding is not None:
        query = query.where(Page.id != excluding.id)
    return session.scalar(query.limit(1)) is not None
