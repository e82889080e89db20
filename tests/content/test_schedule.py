"""Scheduled publication, proven once over every content type: an item published with a
"publier le" date reaches the site only from then, one with a "retirer le" date leaves
it then, and the scheduler builds the sites at those instants, catching up after a worker
was stopped."""

from __future__ import annotations

import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from app.builds.queue import get_queue
from app.builds.snapshot import load_site_content
from app.config import TIMEZONE, Settings
from app.content.kinds import CONTENT_KINDS
from app.content.schedule import run_schedule, upcoming_changes
from app.content.services import publish_item
from app.db import Database
from app.models import Build, BuildStatus, Commune, Intercommunality, Page, Revision, Role
from app.models.base import utcnow
from app.tenancy import find_commune_by_slug
from tests.browser.conftest import Platform
from tests.conftest import post_form, publish_directly, put_sites_online
from tests.content.test_life_cycle import _form, _items, _url

KINDS = {kind.model.content_type: kind for kind in CONTENT_KINDS}


def _local(moment: datetime) -> str:
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return KINDS[request.param]


def _site_items(database, settings, commune, kind, at):
    with database.session() as session:
        fresh = session.get(Commune, commune.id)
        return getattr(load_site_content(session, settings, fresh, at=at), kind.site_field)


def test_an_item_scheduled_for_later_reaches_the_site_only_then(
    client, login, publisher, commune, database, settings, kind
):
    login(publisher.email)
    start = (utcnow() + timedelta(hours=2)).replace(second=0, microsecond=0)
    form = _form(kind, publish_at=_local(start), publish="1")
    if kind.model.content_type == "alert":  # an alert's end is at most 31 days after its start
        form["unpublish_at"] = _local(start + timedelta(days=1))
    response = post_form(client, _url(kind, commune, "new"), form)
    assert response.status_code == 302, response.get_data(as_text=True)
    [item] = _items(database, kind)
    assert item.published_revision.visible_from == start
    assert _site_items(database, settings, commune, kind, utcnow()) == ()
    assert len(_site_items(database, settings, commune, kind, start)) == 1
    with database.session() as session:
        changes = upcoming_changes(session, session.get(Commune, commune.id))
        [change] = [change for change in changes if change.verb == "publish"]
        assert (change.at, change.item.id) == (start, item.id)
    listing = client.get(_url(kind, commune)).get_data(as_text=True)
    assert "badge warn" in listing  # "scheduled for …" next to the item


def test_an_item_with_a_removal_date_leaves_the_site_then(
    client, login, publisher, commune, database, settings, kind
):
    login(publisher.email)
    end = (utcnow() + timedelta(days=3)).replace(second=0, microsecond=0)
    response = post_form(
        client, _url(kind, commune, "new"), _form(kind, unpublish_at=_local(end), publish="1")
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert len(_site_items(database, settings, commune, kind, utcnow())) == 1
    assert _site_items(database, settings, commune, kind, end) == ()
    home = client.get(f"/admin/c/{commune.slug}/").get_data(as_text=True)
    assert "Retrait du site" in home  # the dashboard lists the coming removal


def test_a_removal_before_the_publication_is_refused_with_the_form_kept(
    client, login, publisher, commune, database, kind
):
    login(publisher.email)
    start = utcnow() + timedelta(days=2)
    form = _form(
        kind,
        publish_at=_local(start),
        unpublish_at=_local(start - timedelta(days=1)),
        publish="1",
    )
    response = post_form(client, _url(kind, commune, "new"), form)
    assert response.status_code == 400
    assert _local(start) in response.get_data(as_text=True)
    assert _items(database, kind) == []


def _page(database, commune, **schedule) -> Page:
    with database.unit_of_work() as session:
        page = Page(commune_id=commune.id, title="Vœux du maire", slug="voeux", **schedule)
        publish_directly(session, page)
    return page


def _builds(database, status=None) -> int:
    with database.session() as session:
        query = select(func.count()).select_from(Build)
        if status:
            query = query.where(Build.status == status)
        return session.scalar(query)


def _last_build_started(database, commune, when: datetime) -> None:
    with database.unit_of_work() as session:
        session.add(Build(commune_id=commune.id, status=BuildStatus.SUCCEEDED, started_at=when))


def test_the_scheduler_builds_a_site_once_a_boundary_has_passed(database, commune, monkeypatch):
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)
    now = utcnow()
    _page(database, commune, publish_at=now - timedelta(minutes=3))
    _last_build_started(database, commune, now - timedelta(minutes=10))
    with database.unit_of_work() as session:
        assert run_schedule(session, now=now) == [commune.slug]
    with database.unit_of_work() as session:  # waiting already: nothing more
        assert run_schedule(session, now=now + timedelta(minutes=1)) == []
    assert _builds(database, BuildStatus.QUEUED) == 1
    with database.unit_of_work() as session:  # the build started after the boundary
        session.execute(
            update(Build)
            .where(Build.status == BuildStatus.QUEUED)
            .values(status=BuildStatus.SUCCEEDED, started_at=now)
        )
    with database.unit_of_work() as session:
        assert run_schedule(session, now=now + timedelta(minutes=2)) == []


def test_a_boundary_still_ahead_builds_nothing(database, commune, monkeypatch):
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)
    now = utcnow()
    _page(database, commune, publish_at=now + timedelta(minutes=3))
    _last_build_started(database, commune, now - timedelta(minutes=10))
    with database.unit_of_work() as session:
        assert run_schedule(session, now=now) == []
        assert run_schedule(session, now=now + timedelta(minutes=4)) == [commune.slug]


def test_an_intercommunality_boundary_builds_every_member_site_online(
    database, make_commune, monkeypatch
):
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-x", name="CC X", kind="CC")
        session.add(epci)
    alpha = make_commune(slug="alpha", intercommunality_id=epci.id)
    make_commune(slug="offline", intercommunality_id=epci.id)
    put_sites_online(database, "alpha")
    now = utcnow()
    alerts = next(
        kind for kind in CONTENT_KINDS if kind.shared_to_site and kind.site_field == "alerts"
    )
    with database.unit_of_work() as session:
        alert = alerts.model(intercommunality_id=epci.id, message="Tempête", level="urgence",
                             unpublish_at=now - timedelta(minutes=1))  # fmt: skip
        publish_directly(session, alert)
    _last_build_started(database, alpha, now - timedelta(hours=1))
    with database.unit_of_work() as session:
        assert sorted(run_schedule(session, now=now)) == ["alpha", "cc-x"]


def test_the_worker_checks_the_schedule_every_minute(queued_settings, queued_database):
    tasks = {task.__name__: task for task in get_queue(queued_settings)._registry._periodic_tasks}
    schedule = tasks["run_schedule"]().validate_datetime
    assert all(schedule(datetime(2026, 12, 24, 10, minute)) for minute in range(60))


def _served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local server
            return response.read().decode()
    except OSError:
        return ""


def test_a_publication_due_while_the_worker_was_stopped_happens_when_it_starts(tmp_path):
    """The page was scheduled for a minute at which no worker ran; starting one is enough."""
    platform = Platform(tmp_path)
    platform.cli("onboard", "--insee", "31028")
    platform.cli("build", "aurignac")
    database = Database(Settings.from_env(platform.env))
    try:
        with database.unit_of_work() as session:
            commune = find_commune_by_slug(session, "aurignac")
            page = Page(commune_id=commune.id, title="Vœux du maire", slug="voeux", body="2027",
                        publish_at=datetime.now(UTC) + timedelta(seconds=1))  # fmt: skip
            publish_directly(session, page)
        time.sleep(1.5)  # the minute passes with no worker running
        assert "Vœux du maire" not in _served(f"{platform.base_url}/aurignac/")
        platform.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "2027" not in _served(
            f"{platform.base_url}/aurignac/voeux/"
        ):
            time.sleep(0.2)
        assert "2027" in _served(f"{platform.base_url}/aurignac/voeux/")
        with database.session() as session:
            reasons = session.scalars(select(Build.reason)).all()
            assert any(reason.startswith("programmation") for reason in reasons)
    finally:
        platform.stop()
        database.dispose()


def test_publishing_freezes_the_window_into_the_revision(database, commune, monkeypatch):
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)
    start, end = utcnow() + timedelta(hours=1), utcnow() + timedelta(days=1)
    with database.unit_of_work() as session:
        owner = session.get(Commune, commune.id)
        page = Page(commune_id=commune.id, title="Vœux", slug="voeux", publish_at=start,
                    unpublish_at=end)  # fmt: skip
        session.add(page)
        session.flush()
        revision = publish_item(session, owner, page, None, Role.PUBLISHER)
        revision_id = revision.id
    with database.session() as session:
        revision = session.get(Revision, revision_id)
        assert (revision.visible_from, revision.visible_until) == (start, end)
        assert revision.data["publish_at"] == start.isoformat()
        assert not revision.visible_at(utcnow()) and revision.visible_at(start)
        assert not revision.visible_at(end)


def test_the_scheduler_ignores_the_schedule_of_unpublished_drafts(database, commune, monkeypatch):
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)
    now = utcnow()
    with database.unit_of_work() as session:
        session.add(Page(commune_id=commune.id, title="Brouillon", slug="brouillon",
                         publish_at=now - timedelta(minutes=1)))  # fmt: skip
    _last_build_started(database, commune, now - timedelta(hours=1))
    with database.unit_of_work() as session:
        assert run_schedule(session, now=now) == []
