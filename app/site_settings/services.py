"""Change what a site says about its collectivity; shared by the settings screens.

One function sets the values, audits what changed, rewrites a commune's record file
once the transaction commits (``communes/<slug>.toml`` stays the declarative truth) and
queues a build of the site. The caller commits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app import audit
from app.builds.services import request_build
from app.config import Settings
from app.content.owners import Owner, audit_commune
from app.db import on_commit
from app.models import Commune, Intercommunality, MediaItem, MediaKind, User
from app.onboarding.records import record_path, write_record
from app.onboarding.rows import record_from_row

# Columns the settings screens may change besides the profile fields.
SITE_COLUMNS = frozenset(
    {
        "theme", "languages", "town_hall_address", "town_hall_phone", "town_hall_email",
        "publication_director", "accessibility_status",
    }
)  # fmt: skip


class ProfileError(ValueError):
    """A value the screens cannot accept; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def library_image(session: Session, owner: Owner, media_id: int | None) -> MediaItem | None:
    """The owner's library image ``media_id`` (None for None); ProfileError otherwise."""
    if media_id is None:
        return None
    item = session.get(MediaItem, media_id)
    owned = item is not None and (
        item.commune_id == owner.id
        if isinstance(owner, Commune)
        else item.intercommunality_id == owner.id
    )
    if not owned or item.kind != MediaKind.IMAGE:
        raise ProfileError("media", "Cette image n'est pas dans votre médiathèque.")
    return item


def update_site_profile(
    session: Session,
    settings: Settings,
    owner: Owner,
    values: dict[str, Any],
    user: User,
    *,
    action: str = "site.settings_changed",
) -> list[str]:
    """Set ``values`` (column -> value, already checked) on ``owner``; return the names of
    the columns that changed (nothing is audited or built when none did)."""
    from app.onboarding.profile_fields import FIELDS_BY_COLUMN

    unknown = set(values) - set(FIELDS_BY_COLUMN) - SITE_COLUMNS
    if unknown:
        raise TypeError(f"not a site setting: {sorted(unknown)}")
    for column in ("logo_media_id", "header_photo_media_id"):
        if column in values:
            library_image(session, owner, values[column])
    changed = sorted(name for name, value in values.items() if getattr(owner, name) != value)
    if not changed:
        return []
    for name in changed:
        setattr(owner, name, values[name])
    session.flush()
    details: dict[str, Any] = {"changes": changed}
    if isinstance(owner, Intercommunality):
        details["intercommunality"] = owner.siren
    audit.record(
        session, action, user=user, commune=audit_commune(owner), target=owner.slug, **details
    )
    if isinstance(owner, Commune):
        record = record_from_row(owner)
        path = record_path(settings, owner.slug)
        on_commit(session, lambda: write_record(path, record, settings))
    request_build(session, owner, requested_by=user, reason=action)
    return changed
