"""Tenant-scoped reads of the media library, and its items as the sites see them.

No Flask: the build snapshot reads the items its published texts refer to.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.content.owners import Owner, owner_clause
from app.models import Commune, MediaItem, StoredFile
from app.models.files import file_snapshot
from app.publishing.content import FileContent, MediaContent, RenditionContent
from app.publishing.media import AdminMedia, referenced_ids


class MediaNotFound(Exception):
    pass


def get_media(session: Session, owner: Owner, media_id: int) -> MediaItem:
    """The owner's library item ``media_id`` (MediaNotFound for any other)."""
    query = select(MediaItem).where(MediaItem.id == media_id, owner_clause(MediaItem, owner))
    item = session.scalar(query)
    if item is None:
        raise MediaNotFound(media_id)
    return item


def list_media(session: Session, owner: Owner) -> list[MediaItem]:
    """The owner's library, newest first."""
    query = select(MediaItem).where(owner_clause(MediaItem, owner))
    return list(session.scalars(query.order_by(MediaItem.created_at.desc(), MediaItem.id.desc())))


def count_media(session: Session, owner: Owner) -> int:
    return session.scalar(select(func.count(MediaItem.id)).where(owner_clause(MediaItem, owner)))


def space_used(session: Session, owner: Owner) -> int:
    """Bytes the owner's library counts against its quota."""
    query = select(func.coalesce(func.sum(MediaItem.total_size), 0))
    return int(session.scalar(query.where(owner_clause(MediaItem, owner))))


def file_content(stored: StoredFile) -> FileContent:
    return FileContent(**file_snapshot(stored))


def media_contents(session: Session, owner: Owner, ids: Iterable[int]) -> tuple[MediaContent, ...]:
    """The owner's items among ``ids`` as a site shows them (other ids are left out)."""
    wanted = sorted(set(ids))
    if not wanted:
        return ()
    items = list(
        session.scalars(
            select(MediaItem)
            .where(owner_clause(MediaItem, owner), MediaItem.id.in_(wanted))
            .order_by(MediaItem.id)
        )
    )
    file_ids = {item.file_id for item in items} | {
        rendition["file_id"] for item in items for rendition in item.renditions or []
    }
    files = {
        stored.id: file_content(stored)
        for stored in session.scalars(select(StoredFile).where(StoredFile.id.in_(file_ids)))
    }
    return tuple(_as_content(item, files) for item in items)


def _as_content(item: MediaItem, files: dict[int, FileContent]) -> MediaContent:
    renditions = tuple(
        RenditionContent(r["width"], r["height"], r["format"], files[r["file_id"]])
        for r in item.renditions or []
        if r.get("file_id") in files
    )
    return MediaContent(
        id=item.id,
        kind=item.kind,
        title=item.title,
        file=files[item.file_id],
        alt_text=item.alt_text,
        decorative=item.decorative,
        credit=item.credit,
        renditions=renditions,
        has_text=item.has_text,
    )


def admin_prefix(owner: Owner) -> str:
    """The tenant's admin URL prefix (app.tenancy's, without Flask)."""
    return f"/admin/{'c' if isinstance(owner, Commune) else 'e'}/{owner.slug}"


def admin_resolver(session: Session, owner: Owner, *texts: str) -> AdminMedia:
    """``media:<id>`` of the owner's texts resolved to the admin's URLs (previews, the
    editor, the accessibility check: ``decorative_srcs``/``scanned_hrefs`` after a render)."""
    ids = set().union(*(referenced_ids(text) for text in texts)) if texts else set()
    return AdminMedia(media_contents(session, owner, ids), prefix=admin_prefix(owner))
