"""Page rules: a unique address that the site does not reserve, a renderable text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.content.owners import Owner
from app.content.services import choose_slug, save_item
from app.content.text import check_markdown
from app.errors import N_
from app.models import Page, User
from app.publishing.export import RESERVED_SLUGS


@dataclass(frozen=True)
class PageDraft:
    title: str
    slug: str
    body: str
    menu_position: int


def check_page(draft: PageDraft) -> None:
    """What must hold before a page is saved or previewed."""
    check_markdown(draft.body)


def save_page(
    session: Session,
    owner: Owner,
    page: Page | None,
    draft: PageDraft,
    version: int | None,
    user: User | None,
) -> Page:
    """Create a page or save its working copy (``version`` guards concurrent edits)."""
    check_page(draft)
    slug = choose_slug(
        session,
        owner,
        Page,
        draft.slug,
        draft.title,
        page,
        reserved=RESERVED_SLUGS,
        taken_message=N_("Another page already uses the address « %(slug)s »."),
    )
    values = {
        "title": draft.title.strip(),
        "slug": slug,
        "body": draft.body,
        "menu_position": draft.menu_position,
    }
    return save_item(session, owner, Page, page, values, version=version, user=user)
