"""Clerk screens for the directory: the shared content screens, with the entry form."""

from __future__ import annotations

from app.content.views import ContentAdmin
from app.directory.categories import CATEGORIES
from app.directory.forms import DAY_LABELS, EntryForm
from app.directory.services import check_entry, save_entry
from app.models import DirectoryEntry
from app.models.base import utcnow
from app.publishing.content import EntryContent, SiteContent
from app.publishing.preview import render_entry_preview


def preview_entry(site: SiteContent, draft, **options) -> str:
    """The preview of an entry draft, normalised as saving would."""
    values = check_entry(draft)
    values["phones"] = tuple(values["phones"])
    entry = EntryContent(slug=draft.slug or "apercu", published_at=utcnow(), **values)
    return render_entry_preview(site, entry, **options)


SCREEN_DATA = {"categories": CATEGORIES, "day_labels": DAY_LABELS}
screens = ContentAdmin(
    "directory", DirectoryEntry, EntryForm, save_entry, check_entry, preview_entry, SCREEN_DATA
)
