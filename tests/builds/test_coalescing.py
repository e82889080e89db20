"""One waiting build per commune; edits during a build coalesce into one follow-up."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.builds.queue import get_queue
from app.builds.services import claim_build, request_build
from app.models import Build, BuildStatus, Commune


@pytest.fixture
def commune(make_commune, queued_database):
    return make_commune(slug="aurignac", name="Aurignac")


def _request(database, commune) -> int:
    with database.unit_of_work() as session:
        return request_build(session, session.get(Commune, commune.id), reason="test").id


def test_requests_coalesce_while_waiting(queued_database, queued_settings, commune):
    first = _request(queued_database, commune)
    assert _request(queued_database, commune) == first
    assert _request(queued_database, commune) == first
    assert get_queue(queued_settings).pending_count() == 1


def test_edits_during_a_build_make_one_follow_up(queued_database, queued_settings, commune):
    running = _request(queued_database, commune)
    with queued_database.unit_of_work() as session:
        assert claim_build(session, running) is not None
    follow_ups = {_request(queued_database, commune) for _ in range(5)}
    assert len(follow_ups) == 1 and running not in follow_ups
    with queued_database.session() as session:
        statuses = sorted(str(b.status) for b in session.scalars(select(Build)))
    assert statuses == [BuildStatus.QUEUED, BuildStatus.RUNNING]
    assert get_queue(queued_settings).pending_count() == 2


def test_a_build_is_claimed_once(queued_database, commune):
    build_id = _request(queued_database, commune)
    with queued_database.unit_of_work() as session:
        assert claim_build(session, build_id) is not None
    with queued_database.unit_of_work() as session:
        assert claim_build(session, build_id) is None


def test_the_database_refuses_two_waiting_builds(queued_database, commune):
    """Even a caller that skips request_build cannot queue a second waiting build."""
    from sqlalchemy.exc import IntegrityError

    _request(queued_database, commune)
    with pytest.raises(IntegrityError), queued_database.unit_of_work() as session:
        session.add(Build(commune_id=commune.id))


def test_a_build_whose_queue_message_was_lost_is_queued_again(
    queued_database, queued_settings, commune
):
    """The worker's periodic sweep requeues builds that waited too long (e.g. the enqueue
    after the commit failed)."""
    from datetime import timedelta

    from app.builds.queue import STRANDED_AFTER
    from app.builds.worker import requeue_waiting_builds

    with queued_database.unit_of_work() as session:
        build = request_build(session, session.get(Commune, commune.id), enqueue=False)
        build_id = build.id
    queue = get_queue(queued_settings)
    assert requeue_waiting_builds(queued_database, older_than=STRANDED_AFTER) == 0
    with queued_database.unit_of_work() as session:
        session.get(Build, build_id).requested_at -= STRANDED_AFTER + timedelta(seconds=1)
    assert requeue_waiting_builds(queued_database, older_than=STRANDED_AFTER) == 1
    assert queue.pending_count() == 1


def test_a_failing_enqueue_does_not_undo_the_publication(queued_database, commune, monkeypatch):
    import app.builds.services as services

    def broken_queue(*_args):
        raise ConnectionError("queue down")

    monkeypatch.setattr(services, "enqueue_build", broken_queue)
    with queued_database.unit_of_work() as session:
        build_id = request_build(session, session.get(Commune, commune.id)).id
    with queued_database.session() as session:
        assert session.get(Build, build_id).status == BuildStatus.QUEUED
