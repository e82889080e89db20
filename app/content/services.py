"""The life cycle of every content item: save with a version check, publish, unpublish.

Type services validate their own fields, then call these functions; nothing here knows
which type it handles. Services only flush: the caller's unit of work commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.builds.services import last_publication, online_members, request_build
from app.content.errors import ContentError, NotAllowed, SlugTaken, StaleEdit
from app.content.kinds import kind_of
from app.content.owners import Owner, audit_item, owner_values
from app.content.queries import slug_in_use
from app.content.review import clear_review
from app.errors import N_
from app.models import Commune, ContentItem, Intercommunality, Revision, Role, User
from app.models.base import utcnow
from app.text import SLUG_PATTERN, slugify

Item = TypeVar("Item", bound=ContentItem)


def choose_slug(
    session: Session,
    owner: Owner,
    model: type[Item],
    typed: str,
    title: str,
    item: Item | None,
    *,
    reserved: frozenset[str] = frozenset(),
    taken_message: str,
) -> str:
    """The item's web address: what the clerk typed, or one made from the title."""
    slug = typed.strip().lower() or slugify(title)
    if not SLUG_PATTERN.match(slug):
        raise ContentError(
            N_("The address may only hold lower-case letters without accents, digits and hyphens."),
            field="slug",
        )
    if slug in reserved:
        raise SlugTaken(
            N_("The address « %(slug)s » is reserved by the site. Choose another."), slug=slug
        )
    if slug_in_use(session, owner, model, slug, excluding=item):
        raise SlugTaken(taken_message, slug=slug)
    return slug


def save_item(
    session: Session,
    owner: Owner,
    model: type[Item],
    item: Item | None,
    values: dict[str, Any],
    *,
    version: int | None,
    user: User | None,
) -> Item:
    """Create the item, or save its working copy unless someone saved it since ``version``."""
    if item is None:
        item = model(**owner_values(owner), **values)
        item.updated_by_id = user.id if user else None
        session.add(item)
        session.flush()
        audit_item(session, "created", owner, item, user)
        return item
    if item.version != version:
        raise StaleEdit(
            N_(
                "%(who)s saved this while you were editing it. Your text is kept below: "
                "copy it, reload the page, then apply your changes again."
            ),
            who=item.updated_by.email if item.updated_by else "?",
        )
    changed = {name: value for name, value in values.items() if getattr(item, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(item, name, value)
        item.version += 1
        item.updated_at, item.updated_by_id = utcnow(), user.id if user else None
        audit_item(session, "saved", owner, item, user, fields=sorted(changed))
    return item


def publish_item(
    session: Session,
    owner: Owner,
    item: ContentItem,
    user: User | None,
    role: Role,
    *,
    rebuild: bool = True,
) -> Revision:
    """Freeze the working copy into a new revision, make it live, rebuild the sites
    (``rebuild=False`` when the caller publishes a site that is not online yet)."""
    require_publisher(role)
    revision = Revision(
        content_type=item.content_type,
        item_id=item.id,
        **owner_values(owner),
        data=item.snapshot(),
        created_by_id=user.id if user else None,
        visible_from=item.publish_at,
        visible_until=item.unpublish_at,
    )
    session.add(revision)
    session.flush()
    item.published_revision = revision
    clear_review(item)
    audit_item(session, "published", owner, item, user, revision=revision.id)
    if rebuild:
        reason = f"publication de « {item.title} »"
        request_builds(session, owner, type(item), user, reason=reason)
    return revision


def unpublish_item(
    session: Session, owner: Owner, item: ContentItem, user: User | None, role: Role
) -> None:
    """Take an item off the sites (its working copy stays as a draft)."""
    require_publisher(role)
    item.check_unpublish(utcnow())
    item.published_revision = None
    audit_item(session, "unpublished", owner, item, user)
    request_builds(session, owner, type(item), user, reason=f"retrait de « {item.title} »")


@dataclass(frozen=True)
class Schedule:
    """When a published item shows on the site: from ``publish_at`` (None: at once) until
    ``unpublish_at`` (None: until someone removes it). UTC instants."""

    publish_at: datetime | None = None
    unpublish_at: datetime | None = None


# A schedule further ahead than this is a typing mistake (a year typed 2207).
FURTHEST_SCHEDULE = timedelta(days=5 * 366)


def check_schedule(schedule: Schedule, now: datetime | None = None) -> None:
    """The rules every schedule meets: the removal after the publication, both in the
    future of a few years at most."""
    now = now or utcnow()
    start, end = schedule.publish_at, schedule.unpublish_at
    for moment, field in ((start, "publish_at"), (end, "unpublish_at")):
        if moment is not None and moment > now + FURTHEST_SCHEDULE:
            raise ContentError(N_("This date is more than five years away."), field=field)
    if end is not None and end <= max(start or now, now):
        raise ContentError(
            N_("The removal date must come after the publication date and be in the future."),
            field="unpublish_at",
        )


def set_schedule(
    session: Session, owner: Owner, item: ContentItem, schedule: Schedule, user: User | None
) -> None:
    """Save the item's publication window (it applies when the item is next published)."""
    changed = sorted(name for name, value in vars(schedule).items() if getattr(item, name) != value)
    if not changed:
        return
    item.publish_at, item.unpublish_at = schedule.publish_at, schedule.unpublish_at
    item.version += 1
    item.updated_at, item.updated_by_id = utcnow(), user.id if user else None
    audit_item(session, "scheduled", owner, item, user, fields=changed)


def require_publisher(role: Role) -> None:
    if role != Role.PUBLISHER:
        raise NotAllowed(N_("Only a member with the publisher role can publish."))


def sites_showing(session: Session, owner: Owner, model: type[ContentItem]) -> list[Owner]:
    """The sites that show the owner's items of ``model``: its own; for a type an
    intercommunality shares, every member site already online (the EPCI's edits), or the
    intercommunality's site if online (its open data covers the whole territory)."""
    shared = kind_of(model).shared_to_site is not None
    if isinstance(owner, Commune):
        epci = owner.intercommunality
        if shared and epci is not None and last_publication(session, epci) is not None:
            return [owner, epci]
        return [owner]
    assert isinstance(owner, Intercommunality)
    return [owner, *online_members(session, owner)] if shared else [owner]


def request_builds(
    session: Session, owner: Owner, model: type[ContentItem], user: User | None, *, reason: str
) -> None:
    """One coalesced build for every site that shows the owner's items of ``model``."""
    for site in sites_showing(session, owner, model):
        request_build(session, site, requested_by=user, reason=reason)
