"""Where a library item is used: any working copy or published version of any content
of its tenant whose text says ``media:<id>``. No Flask."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.content.kinds import CONTENT_KINDS
from app.content.owners import Owner, owner_clause
from app.models import Revision
from app.publishing.media import referenced_ids


@dataclass(frozen=True)
class Usage:
    """One content item whose text refers to the library item."""

    screens: str  # the URL segment of its type's admin screens ("pages", "news"…)
    item_id: int
    title: str
    online: bool  # its published version refers to the item (not only the working copy)


def _refers(data: dict[str, Any] | None, media_id: int) -> bool:
    """True if a text of ``data`` (translations included) refers to ``media_id``."""
    for value in (data or {}).values():
        if isinstance(value, dict) and _refers(value, media_id):
            return True
        if isinstance(value, str) and media_id in referenced_ids(value):
            return True
    return False


# The site's identity (app.models.site_profile): its images, by column.
IDENTITY_SCREEN = "site_settings"
IDENTITY_IMAGES = {"logo_media_id": "logo", "header_photo_media_id": "header_photo"}


def media_usage(session: Session, owner: Owner, media_id: int) -> list[Usage]:
    """Every content item of ``owner`` that uses ``media_id``, by type then title; first,
    the site's identity when the item is its logo or header photo."""
    found = [
        Usage(IDENTITY_SCREEN, 0, role, online=True)
        for column, role in IDENTITY_IMAGES.items()
        if getattr(owner, column) == media_id
    ]
    needle = f"media:{media_id}"
    for kind in CONTENT_KINDS:
        model = kind.model
        query = (
            select(model, Revision)
            .outerjoin(Revision, model.published_revision_id == Revision.id)
            .where(owner_clause(model, owner))
        )
        for item, revision in session.execute(query):
            published = revision.data if revision is not None else None
            online = needle in str(published) and _refers(published, media_id)
            if online or _refers(item.snapshot(), media_id):
                found.append(Usage(kind.screens, item.id, item.title, online))
    return sorted(
        found,
        key=lambda u: (u.screens != IDENTITY_SCREEN, u.screens, u.title.casefold()),
    )
