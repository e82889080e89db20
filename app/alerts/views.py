"""Clerk screens for alerts: the shared content screens, with the alert form and its
window rules (an end, at most 31 days after the start)."""

from __future__ import annotations

from app.alerts.forms import FORM_LEVELS, AlertForm, level_label
from app.alerts.services import AlertDraft, check_alert, check_alert_schedule, save_alert
from app.content.views import ContentAdmin
from app.models import Alert
from app.models.base import utcnow
from app.publishing.alerts import render_alert_preview
from app.publishing.content import AlertContent, SiteContent


def preview_alert(site: SiteContent, draft: AlertDraft, **options) -> str:
    """The site's alerts page with the draft as its only alert, normalised as saving would."""
    values = check_alert(draft)
    now = utcnow()
    alert = AlertContent(
        item_id=0,
        starts_at=draft.publish_at or now,
        ends_at=draft.unpublish_at,
        published_at=now,
        **values,
    )
    return render_alert_preview(site, alert, **options)


screens = ContentAdmin(
    "alerts",
    Alert,
    AlertForm,
    save_alert,
    check_alert,
    preview_alert,
    {"levels": {level: level_label(level) for level in FORM_LEVELS}},
    schedule_rule=check_alert_schedule,
)
