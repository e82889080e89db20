"""Shared by the alert tests: sample alerts, the admin form, built sites."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.config import TIMEZONE
from app.publishing.content import AlertContent

# The publishing tests' samples and HTML checkers are imported by module name there.
sys.path.insert(0, str(Path(__file__).parents[1] / "publishing"))

from publishing_samples import site_content

from tests.publishing.test_html_validity import _nu_errors, _parse_errors

__all__ = ["_nu_errors", "_parse_errors", "site_content"]

BANNER = '<section class="alerts"'


def local(moment: datetime) -> str:
    """An instant as the form's datetime-local field sends it (French time)."""
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M")


def in_hours(hours: float) -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=hours)


def alert_form(**overrides) -> dict[str, str]:
    """A valid alert form that ends in two days."""
    return {
        "message": "Route de la Forêt barrée pour travaux",
        "level": "vigilance",
        "link": "",
        "publish_at": "",
        "unpublish_at": local(in_hours(48)),
    } | overrides


def alert(item_id: int, level: str, message: str, *, started: float = -1, ends: float = 24, **kw):
    """An alert started ``started`` hours from now, ending ``ends`` hours from now."""
    now = datetime.now(UTC)
    return AlertContent(
        item_id=item_id,
        message=message,
        level=level,
        starts_at=now + timedelta(hours=started),
        ends_at=now + timedelta(hours=ends),
        published_at=now + timedelta(hours=started),
        **kw,
    )


def site_pages(live: Path) -> dict[str, str]:
    """Every HTML page of a built site, by path in the release."""
    return {str(p.relative_to(live)): p.read_text(encoding="utf-8") for p in live.rglob("*.html")}
