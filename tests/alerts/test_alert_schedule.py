"""The scheduler takes an alert off the live site at its end, with no one at the admin, and
catches up with a start that passed while no worker ran (the test queue runs builds at
once, as a worker would)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.builds.worker import run_schedule_now
from app.models import Alert, Build
from tests.alerts.helpers import BANNER, alert_form, in_hours, local, site_pages
from tests.conftest import post_form

NEW = "/admin/c/aurignac/alerts/new"
MESSAGE = "Route de la Forêt barrée pour travaux"


@pytest.fixture
def aurignac(commune, publisher, database, publish_pages):
    publish_pages(database, commune, {"Horaires de la mairie": "Ouverte le lundi."})
    return commune


def _with_banner(settings) -> list[str]:
    pages = site_pages(settings.sites_dir / "aurignac" / "live")
    assert {"index.html", "horaires-de-la-mairie/index.html", "annuaire/index.html"} <= set(pages)
    return sorted(name for name, html in pages.items() if BANNER in html or MESSAGE in html)


def test_the_scheduler_takes_an_ended_alert_off_every_page(
    client, login, aurignac, publisher, database, settings
):
    login(publisher.email)
    assert post_form(client, NEW, alert_form(publish="1")).status_code == 302
    every_page = _with_banner(settings)
    assert "index.html" in every_page and "alertes/index.html" in every_page
    end = datetime.now(UTC) + timedelta(seconds=2)
    with database.unit_of_work() as session:
        alert = session.scalar(select(Alert))
        alert.unpublish_at = end
        alert.published_revision.visible_until = end
    time.sleep(max(0.0, (end - datetime.now(UTC)).total_seconds()) + 0.1)
    assert run_schedule_now(database) == ["aurignac"]
    assert _with_banner(settings) == []
    assert run_schedule_now(database) == []


def test_a_start_missed_while_no_worker_ran_is_caught_up(
    client, login, aurignac, publisher, database, settings
):
    login(publisher.email)
    start = in_hours(1)
    form = alert_form(publish_at=local(start), unpublish_at=local(start + timedelta(days=1)))
    assert post_form(client, NEW, form | {"publish": "1"}).status_code == 302
    assert _with_banner(settings) == []
    assert run_schedule_now(database) == []  # nothing is due yet
    # The start passed five minutes ago; the site's last build started before it.
    passed = datetime.now(UTC) - timedelta(minutes=5)
    with database.unit_of_work() as session:
        alert = session.scalar(select(Alert))
        alert.publish_at = alert.published_revision.visible_from = passed
        for build in session.scalars(select(Build)):
            build.requested_at = build.started_at = passed - timedelta(minutes=5)
            build.finished_at = passed - timedelta(minutes=5)
    assert run_schedule_now(database) == ["aurignac"]
    assert "index.html" in _with_banner(settings)
    assert run_schedule_now(database) == []
