"""Every version of an item: what each save and publication looked like, and restoring one.

A publication's revision is what the sites were built from; a save's revision records the
working copy as it was saved. Restoring copies a revision's fields back into the working
copy (a save like any other: version check, audit, a new revision); the clerk then
publishes as usual. Retention: publications forever; saves for ``DRAFT_RETENTION`` (the
latest revision of each item is always kept, whatever its age).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from app.content.errors import ContentError, StaleEdit
from app.content.owners import Owner, audit_item, owner_clause, owner_values
from app.content.queries import revisions_query, slug_in_use
from app.errors import N_
from app.models import ContentItem, Revision, User
from app.models.base import utcnow
from app.models.content import SCHEDULE_FIELDS

DRAFT_RETENTION = timedelta(days=90)
# Autosaves by one person less than this apart share one revision (replaced in place).
AUTOSAVE_MERGE = timedelta(minutes=30)


def item_revisions(session: Session, owner: Owner, item: ContentItem) -> list[Revision]:
    """The item's revisions, newest first."""
    return list(session.scalars(revisions_query(owner, item)))


def get_revision(
    session: Session, owner: Owner, item: ContentItem, revision_id: int
) -> Revision | None:
    """One revision of the item (None if it belongs to another item or tenant)."""
    return session.scalar(
        select(Revision).where(
            Revision.id == revision_id,
            owner_clause(Revision, owner),
            Revision.content_type == item.content_type,
            Revision.item_id == item.id,
        )
    )


def record_save(
    session: Session,
    owner: Owner,
    item: ContentItem,
    user: User | None,
    *,
    autosave: bool = False,
    note: str = "",
) -> Revision:
    """Keep the working copy as it now is. An autosave right after another autosave by
    the same person replaces it, so typing for an hour leaves one revision, not 240."""
    data = item.snapshot()
    latest = session.scalar(
        select(Revision)
        .where(Revision.content_type == item.content_type, Revision.item_id == item.id)
        .order_by(Revision.created_at.desc(), Revision.id.desc())
        .limit(1)
    )
    if latest is not None and latest.data == data and not note:
        return latest  # nothing changed since (e.g. a save right after a publication)
    user_id = user.id if user else None
    if (
        autosave
        and latest is not None
        and latest.autosave
        and not latest.published
        and latest.created_by_id == user_id
        and utcnow() - latest.created_at < AUTOSAVE_MERGE
    ):
        latest.data, latest.created_at = data, utcnow()
        return latest
    revision = Revision(
        content_type=item.content_type,
        item_id=item.id,
        **owner_values(owner),
        data=data,
        created_by_id=user_id,
        published=False,
        autosave=autosave,
        note=note[:200],
    )
    session.add(revision)
    session.flush()
    return revision


def restore_revision(
    session: Session,
    owner: Owner,
    item: ContentItem,
    revision: Revision,
    user: User | None,
    *,
    version: int,
    note: str,
) -> None:
    """Make ``revision`` the working copy again (not published until someone publishes)."""
    if item.version != version:
        raise StaleEdit(
            N_("%(who)s saved this while you were looking at its history. Reload the page."),
            who=item.updated_by.email if item.updated_by else "?",
        )
    values = revision_values(type(item), revision.data)
    slug = values.get("slug")
    if slug and slug_in_use(session, owner, type(item), slug, excluding=item):
        raise ContentError(
            N_(
                "This version's address « %(slug)s » is now used by another item: change that "
                "item's address first."
            ),
            slug=slug,
        )
    for name, value in values.items():
        setattr(item, name, value)
    item.version += 1
    item.updated_at, item.updated_by_id = utcnow(), user.id if user else None
    audit_item(session, "restored", owner, item, user, revision=revision.id)
    record_save(session, owner, item, user, note=note)


def revision_values(model: type[ContentItem], data: dict[str, Any]) -> dict[str, Any]:
    """A revision's JSON data as the item's column values (dates parsed again); the
    schedule fields a revision does not hold are cleared."""
    columns = inspect(model).columns
    values = {}
    for name in (*model.snapshot_fields, *SCHEDULE_FIELDS):
        if name not in columns:
            continue
        raw = data.get(name)
        values[name] = _column_value(columns[name].type, raw)
    values["translations"] = dict(data.get("translations") or {})
    return values


def _column_value(column_type, raw: Any) -> Any:
    if raw is None:
        return None
    if isinstance(column_type, TypeDecorator):  # UTCDateTime: the instant it stores
        column_type = column_type.impl_instance
    try:
        python_type = column_type.python_type
    except NotImplementedError:  # JSON and custom types hold the JSON value as it is
        return raw
    if python_type is datetime:
        return datetime.fromisoformat(raw)
    if python_type is date:
        return date.fromisoformat(raw)
    if python_type is time:
        return time.fromisoformat(raw)
    return raw


def prune_drafts(session: Session, *, now: datetime | None = None) -> int:
    """Delete save revisions older than DRAFT_RETENTION, except each item's latest and any
    revision an item points to; return how many were deleted."""
    cutoff = (now or utcnow()) - DRAFT_RETENTION
    candidates = session.execute(
        select(Revision.id, Revision.content_type, Revision.item_id).where(
            Revision.published.is_(False), Revision.created_at < cutoff
        )
    ).all()
    if not candidates:
        return 0
    keep = set()
    for content_type, item_id in {(row.content_type, row.item_id) for row in candidates}:
        latest = session.scalar(
            select(Revision.id)
            .where(Revision.content_type == content_type, Revision.item_id == item_id)
            .order_by(Revision.created_at.desc(), Revision.id.desc())
            .limit(1)
        )
        keep.add(latest)
    doomed = [row.id for row in candidates if row.id not in keep]
    for start in range(0, len(doomed), 500):
        session.execute(delete(Revision).where(Revision.id.in_(doomed[start : start + 500])))
    return len(doomed)
