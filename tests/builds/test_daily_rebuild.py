"""Every live site is rebuilt once a day, so its opening hours keep rolling: the hourly
task queues the sites (communes and intercommunalities) not rebuilt since local midnight."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.builds.queue import get_queue
from app.builds.services import DAILY_REASON, rebuild_stale_sites
from app.config import TIMEZONE
from app.models import Build, BuildStatus, Intercommunality, Release

NOW = datetime(2026, 12, 24, 0, 30, tzinfo=TIMEZONE)  # half past midnight, Paris time


def _live_since(database, owner_column: str, owner_id: int, when: datetime) -> None:
    with database.unit_of_work() as session:
        build = Build(**{owner_column: owner_id}, status=BuildStatus.SUCCEEDED)
        session.add(build)
        session.flush()
        release = Release(**{owner_column: owner_id}, build_id=build.id, name=f"r{build.id}")
        release.live_since = when
        session.add(release)


def test_sites_not_rebuilt_since_midnight_are_queued_once(database, make_commune, monkeypatch):
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)
    stale = make_commune(slug="stale")
    fresh = make_commune(slug="fresh")
    make_commune(slug="never-online")
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-x", name="CC X", kind="CC")
        session.add(epci)
    _live_since(database, "commune_id", stale.id, datetime(2026, 12, 23, 23, 50, tzinfo=TIMEZONE))
    _live_since(database, "commune_id", fresh.id, datetime(2026, 12, 24, 0, 10, tzinfo=TIMEZONE))
    _live_since(database, "intercommunality_id", epci.id, datetime(2026, 12, 22, tzinfo=TIMEZONE))

    with database.unit_of_work() as session:
        assert rebuild_stale_sites(session, now=NOW) == ["stale", "cc-x"]
    with database.unit_of_work() as session:  # an hour later: already waiting, coalesced
        rebuild_stale_sites(session, now=NOW.replace(hour=1))
    with database.session() as session:
        queued = session.scalars(select(Build).where(Build.status == BuildStatus.QUEUED)).all()
        assert sorted(b.site_owner.slug for b in queued) == ["cc-x", "stale"]
        assert {b.reason for b in queued} == {DAILY_REASON}


def test_the_worker_runs_the_daily_check_every_hour(queued_settings, queued_database):
    tasks = {task.__name__: task for task in get_queue(queued_settings)._registry._periodic_tasks}
    schedule = tasks["rebuild_stale_sites"]().validate_datetime
    assert [schedule(datetime(2026, 12, 24, hour, minute)) for hour, minute in
            ((0, 5), (13, 5), (0, 0), (0, 6))] == [True, True, False, False]  # fmt: skip
