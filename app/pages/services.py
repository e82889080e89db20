"""Page rules: drafts, optimistic concurrency, publication by publishers only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import audit
from app.builds.services import request_build
from app.errors import N_, DomainError
from app.models import Commune, Page, PageRevision, Role, User
from app.models.base import utcnow
from app.pages.queries import slug_in_use
from app.publishing.export import RESERVED_SLUGS
from app.publishing.markdown import MAX_BRACKET_DEPTH, bracket_depth
from app.text import SLUG_PATTERN, slugify


class PageError(DomainError):
    """A page rule was broken; ``field`` names the form field to attach the message to."""


class SlugTaken(PageError):
    field = "slug"


class StaleEdit(PageError):
    """The page changed since the form was opened: the clerk must merge, not overwrite."""


class NotAllowed(PageError):
    pass


@dataclass(frozen=True)
class PageDraft:
    title: str
    slug: str
    body: str
    menu_position: int


def _clean_slug(session: Session, commune: Commune, draft: PageDraft, page: Page | None) -> str:
    slug = draft.slug.strip().lower() or slugify(draft.title)
    if not SLUG_PATTERN.match(slug):
        raise PageError(
            N_("The address may only hold lower-case letters without accents, digits and hyphens."),
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise SlugTaken(
            N_("The address « %(slug)s » is reserved by the site. Choose another."), slug=slug
        )
    if slug_in_use(session, commune, slug, excluding=page):
        raise SlugTaken(N_("Another page already uses the address « %(slug)s »."), slug=slug)
    return slug


def check_body(draft: PageDraft) -> None:
    """Refuse a text that would take the renderer minutes (see MAX_BRACKET_DEPTH)."""
    if bracket_depth(draft.body) > MAX_BRACKET_DEPTH:
        raise PageError(
            N_(
                "The text has too many « [ » without a matching « ] » (at most %(count)d "
                "open at once). Close them or remove them."
            ),
            field="body",
            count=MAX_BRACKET_DEPTH,
        )


def create_page(session: Session, commune: Commune, draft: PageDraft, user: User | None) -> Page:
    check_body(draft)
    page = Page(commune_id=commune.id, title=draft.title.strip(), body=draft.body)
    page.slug = _clean_slug(session, commune, draft, None)
    page.menu_position = draft.menu_position
    page.updated_by_id = user.id if user else None
    session.add(page)
    session.flush()
    audit.record(session, "page.created", user=user, commune=commune, target=page.slug)
    return page


def update_page(
    session: Session, commune: Commune, page: Page, draft: PageDraft, version: int, user: User
) -> Page:
    """Save the working copy; refuse if someone saved the page since ``version``."""
    if page.version != version:
        raise StaleEdit(
            N_(
                "%(who)s changed this page while you were editing it. Your text is kept below: "
                "copy it, reload the page, then apply your changes again."
            ),
            who=page.updated_by.email if page.updated_by else "?",
        )
    check_body(draft)
    slug = _clean_slug(session, commune, draft, page)
    changed = (page.title, page.slug, page.body, page.menu_position) != (
        draft.title.strip(),
        slug,
        draft.body,
        draft.menu_position,
    )
    if changed:
        page.title, page.slug, page.body = draft.title.strip(), slug, draft.body
        page.menu_position = draft.menu_position
        page.version += 1
        page.updated_at, page.updated_by_id = utcnow(), user.id
        audit.record(session, "page.saved", user=user, commune=commune, target=page.slug)
    return page


def publish_page(session: Session, commune: Commune, page: Page, user: User, role: Role) -> Page:
    """Publish the working copy as a new revision and queue a build of the site."""
    _require_publisher(role)
    revision = PageRevision(
        page_id=page.id,
        commune_id=commune.id,
        title=page.title,
        slug=page.slug,
        body=page.body,
        menu_position=page.menu_position,
        created_by_id=user.id,
    )
    session.add(revision)
    session.flush()
    page.published_revision = revision
    audit.record(
        session,
        "page.published",
        user=user,
        commune=commune,
        target=page.slug,
        revision=revision.id,
    )
    request_build(session, commune, requested_by=user, reason=f"publication de « {page.title} »")
    return page


def unpublish_page(session: Session, commune: Commune, page: Page, user: User, role: Role) -> Page:
    """Take a page off the site (its working copy stays as a draft)."""
    _require_publisher(role)
    page.published_revision = None
    audit.record(session, "page.unpublished", user=user, commune=commune, target=page.slug)
    request_build(session, commune, requested_by=user, reason=f"retrait de « {page.title} »")
    return page


def _require_publisher(role: Role) -> None:
    if role != Role.PUBLISHER:
        raise NotAllowed(N_("Only a member with the publisher role can publish."))
