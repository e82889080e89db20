"""Clerk screens for the agenda: the shared content screens, with the event form."""

from __future__ import annotations

from datetime import date

from app.content.views import ContentAdmin
from app.events.forms import EventForm
from app.events.services import EventDraft, check_event, save_event
from app.models import Event
from app.models.base import utcnow
from app.publishing.content import EventContent, SiteContent
from app.publishing.events import render_event_preview


def preview_event(site: SiteContent, draft: EventDraft, **options) -> str:
    """The preview of an event draft, normalised as saving would."""
    values = check_event(draft)
    values["exdates"] = tuple(date.fromisoformat(day) for day in values["exdates"])
    event = EventContent(slug=draft.slug or "apercu", published_at=utcnow(), **values)
    return render_event_preview(site, event, **options)


screens = ContentAdmin("events", Event, EventForm, save_event, check_event, preview_event)
