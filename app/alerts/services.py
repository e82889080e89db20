"""Alert rules: a short message, a level, an optional link, and a mandatory, short window.

An alert always ends: it shows from its start (at once when empty) until an end the clerk
must give, at most 31 days later, so a forgotten alert never stays on the site for months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from app.content.errors import ContentError
from app.content.owners import Owner
from app.content.services import Schedule, check_schedule, save_item
from app.errors import N_
from app.models import Alert, Intercommunality, User
from app.models.base import utcnow
from app.publishing.alerts import LEVELS

MAX_MESSAGE_LENGTH = 300
MAX_LINK_LENGTH = 500
LONGEST_ALERT = timedelta(days=31)
# A page of the site itself: "/travaux/", "/annuaire/mairie/#horaires" (never "//host").
SITE_PATH = re.compile(r"/(?!/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*")


@dataclass(frozen=True)
class AlertDraft:
    """What the clerk typed, with its window (UTC instants)."""

    message: str
    level: str
    link: str = ""
    publish_at: datetime | None = None
    unpublish_at: datetime | None = None


def check_alert_schedule(schedule: Schedule, now: datetime | None = None) -> None:
    """The kernel's rules, then an end that is given and at most 31 days after the start."""
    now = now or utcnow()
    check_schedule(schedule, now)
    if schedule.unpublish_at is None:
        raise ContentError(
            N_("An alert needs an end: give the date and time it leaves the site."),
            field="unpublish_at",
        )
    if schedule.unpublish_at - (schedule.publish_at or now) > LONGEST_ALERT:
        raise ContentError(
            N_(
                "An alert shows for 31 days at most: choose an end at most 31 days after its start."
            ),
            field="unpublish_at",
        )


def check_alert(draft: AlertDraft, owner: Owner | None = None) -> dict[str, Any]:
    """The alert's values as saved; raise ContentError on the first broken rule."""
    message = " ".join(draft.message.split())
    if not message:
        raise ContentError(N_("Write the message of the alert."), field="message")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ContentError(
            N_("The message may hold %(count)d characters at most."),
            field="message",
            count=MAX_MESSAGE_LENGTH,
        )
    if draft.level not in LEVELS:
        raise ContentError(N_("Choose the level of the alert."), field="level")
    return {"message": message, "level": draft.level, "link": clean_link(draft.link, owner)}


def clean_link(raw: str, owner: Owner | None = None) -> str:
    """An http(s) address, or a page of the site ("/travaux/"); "www.x.fr" gets https://.

    An intercommunality's alert shows on its members' sites, where a path of its own site
    would lead elsewhere: it gives full addresses."""
    raw = raw.strip()
    if not raw:
        return ""
    if raw.startswith("/") and not raw.startswith("//"):
        if isinstance(owner, Intercommunality):
            raise ContentError(
                N_("Your alert also shows on the sites of your member communes: give a full "
                   "address starting with https://."),
                field="link",
            )  # fmt: skip
        if not SITE_PATH.fullmatch(raw) or len(raw) > MAX_LINK_LENGTH:
            raise ContentError(N_("This address of a page of the site is not valid."), field="link")
        return raw
    if "://" not in raw and not raw.startswith("/") and ":" not in raw.split("/")[0]:
        raw = f"https://{raw}"
    parts = urlsplit(raw)
    host = parts.hostname or ""
    if (
        parts.scheme.lower() not in ("http", "https")
        or "." not in host
        or len(raw) > MAX_LINK_LENGTH
    ):
        raise ContentError(
            N_("Give an address starting with https:// or a page of the site starting with / "
               "(e.g. /travaux/)."),
            field="link",
        )  # fmt: skip
    return raw


def save_alert(
    session: Session,
    owner: Owner,
    alert: Alert | None,
    draft: AlertDraft,
    version: int | None,
    user: User | None,
) -> Alert:
    """Create an alert or save its working copy (``version`` guards concurrent edits).

    Its window is saved with it: an alert's start and end are part of what the clerk
    wrote, checked and audited with it (the kernel's ``set_schedule`` then has nothing to
    change)."""
    values = check_alert(draft, owner)
    check_alert_schedule(Schedule(draft.publish_at, draft.unpublish_at))
    values |= {"publish_at": draft.publish_at, "unpublish_at": draft.unpublish_at}
    return save_item(session, owner, Alert, alert, values, version=version, user=user)
