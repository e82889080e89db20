"""Review before publication, for the tenants that turn it on.

An editor submits an item; publishers see it waiting on their dashboard with what would
change on the site, then publish it or send it back with a comment the editor reads on
the item. Publishing clears the review; so does turning review off. One-clerk communes
leave it off: nothing changes for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.content.errors import ContentError, NotAllowed
from app.content.kinds import CONTENT_KINDS
from app.content.owners import Owner, audit_commune, audit_item, owner_clause
from app.errors import N_
from app.models import ContentItem, ReviewState, Role, User
from app.models.base import utcnow

MAX_COMMENT_LENGTH = 2000


def submit_for_review(session: Session, owner: Owner, item: ContentItem, user: User | None) -> None:
    """Ask the tenant's publishers to publish the item's working copy."""
    if not owner.review_required:
        raise NotAllowed(N_("Review before publication is not turned on for this site."))
    item.review_state = ReviewState.SUBMITTED
    item.submitted_at, item.submitted_by_id = utcnow(), user.id if user else None
    audit_item(session, "submitted", owner, item, user)


def send_back(
    session: Session, owner: Owner, item: ContentItem, user: User | None, role: Role, comment: str
) -> None:
    """Return a submitted item to its editor with what to change."""
    if role != Role.PUBLISHER:
        raise NotAllowed(N_("Only a member with the publisher role can review."))
    comment = comment.strip()
    if not comment:
        raise ContentError(
            N_("Say what to change: the editor reads this comment."), field="comment"
        )
    if len(comment) > MAX_COMMENT_LENGTH:
        raise ContentError(
            N_("The comment is too long (at most %(count)d characters)."),
            field="comment",
            count=MAX_COMMENT_LENGTH,
        )
    item.review_state, item.review_comment = ReviewState.RETURNED, comment
    audit_item(session, "returned", owner, item, user)


def clear_review(item: ContentItem) -> None:
    """The item was published: nothing is waiting any more."""
    item.review_state, item.review_comment = ReviewState.NONE, ""
    item.submitted_at = item.submitted_by_id = None


def set_review_required(
    session: Session, owner: Owner, required: bool, user: User | None, role: Role
) -> None:
    """Turn review on or off for the tenant; off releases every waiting item."""
    if role != Role.PUBLISHER:
        raise NotAllowed(N_("Only a member with the publisher role can change this."))
    if owner.review_required == required:
        return
    owner.review_required = required
    if not required:
        for entry in waiting_items(session, owner, states=(ReviewState.SUBMITTED,)):
            clear_review(entry.item)
    audit.record(
        session,
        "review.turned_on" if required else "review.turned_off",
        user=user,
        commune=audit_commune(owner),
        target=owner.slug,
    )


@dataclass(frozen=True)
class WaitingItem:
    screens: str  # the admin screens of its type: "pages", "news"…
    item: ContentItem


def waiting_items(
    session: Session, owner: Owner, *, states: tuple[str, ...] = (ReviewState.SUBMITTED,)
) -> list[WaitingItem]:
    """The owner's items in one of ``states``, oldest submission first."""
    found = []
    for kind in CONTENT_KINDS:
        model = kind.model
        query = select(model).where(owner_clause(model, owner), model.review_state.in_(states))
        found += [WaitingItem(kind.screens, item) for item in session.scalars(query)]
    return sorted(found, key=lambda entry: (entry.item.submitted_at or utcnow(), entry.item.id))
