"""A sites folder that cannot be written: the build fails visibly and is retried."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

import app.builds.queue
from app.builds.services import request_build, site_status
from app.builds.worker import retry_delay, retry_unwritable, run_build
from app.models import Build, BuildStatus, Commune
from app.publishing.pipeline import live_release


@pytest.fixture
def commune(make_commune, publish_pages, database):
    commune = make_commune(slug="aurignac", name="Aurignac")
    publish_pages(database, commune, {"La mairie": "Ouverte le lundi."})
    return commune


@pytest.fixture
def retries(monkeypatch):
    planned = []
    monkeypatch.setattr(
        app.builds.queue,
        "schedule_retry",
        lambda settings, build_id, *, attempt, delay: planned.append((build_id, attempt, delay)),
    )
    return planned


def _queue(database, commune) -> int:
    with database.unit_of_work() as session:
        return request_build(session, session.get(Commune, commune.id), enqueue=False).id


def _status(database, commune):
    with database.session() as session:
        return site_status(session, session.get(Commune, commune.id))


def test_a_site_folder_that_cannot_be_made_fails_the_build_then_it_is_retried(
    database, settings, commune, retries, client, login, make_user
):
    # Root ignores permissions: a file where the site's folder should be fails for anyone.
    settings.sites_dir.mkdir(parents=True, exist_ok=True)
    blocker = settings.sites_dir / "aurignac"
    blocker.write_text("not a folder")
    build_id = _queue(database, commune)

    failed = run_build(database, build_id)

    assert failed.status == BuildStatus.FAILED
    assert "le dossier des sites n'est pas accessible en écriture" in failed.error
    status = _status(database, commune)
    assert status.state == "failed" and status.error == failed.error
    assert retries == [(build_id, 0, retry_delay(0))]
    make_user("clerk@aurignac.test", commune=commune)
    login("clerk@aurignac.test")
    dashboard = client.get("/admin/c/aurignac/").get_data(as_text=True)
    assert 'data-state="failed"' in dashboard
    assert "accessible en écriture" in dashboard

    assert retry_unwritable(database, build_id, attempt=0) is False  # still refused
    assert _status(database, commune).state == "failed"

    blocker.unlink()
    assert retry_unwritable(database, build_id, attempt=1) is True
    with database.session() as session:
        retry = session.scalar(select(Build).where(Build.id > build_id))
    assert retry.status == BuildStatus.SUCCEEDED  # the test queue runs it at once
    assert live_release(settings.sites_dir / "aurignac") is not None
    assert retry_unwritable(database, build_id, attempt=2) is None  # nothing left to retry


def test_a_refused_lock_file_fails_the_build_instead_of_leaving_it_running(
    database, settings, commune, retries, monkeypatch
):
    import app.builds.worker as worker

    real_open = worker.os.open

    def refuse_lock(path, *args, **kwargs):
        if str(path).endswith(".build.lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(worker.os, "open", refuse_lock)
    failed = run_build(database, _queue(database, commune))
    assert failed.status == BuildStatus.FAILED
    assert "Permission denied" in failed.error
    assert _status(database, commune).state == "failed"
    monkeypatch.undo()
    shutil.rmtree(settings.sites_dir / "aurignac", ignore_errors=True)


def test_retries_back_off_to_a_few_seconds():
    delays = [retry_delay(attempt) for attempt in range(10)]
    assert delays == sorted(delays) and delays[0] <= 2 and delays[-1] <= 30


def test_a_release_folder_refused_mid_build_is_named_and_retried(
    database, settings, commune, retries, monkeypatch
):
    import app.builds.worker as worker
    import app.publishing.pipeline as pipeline

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pipeline, "start_release", refused)
    monkeypatch.setattr(worker.tempfile, "mkstemp", refused)
    build_id = _queue(database, commune)
    failed = run_build(database, build_id)
    assert failed.status == BuildStatus.FAILED
    assert "n'est pas accessible en écriture (Permission denied)" in failed.error
    assert retries == [(build_id, 0, retry_delay(0))]
    assert retry_unwritable(database, build_id, attempt=0) is False


def test_the_worker_queue_holds_the_retry_for_its_delay(queued_settings):
    from app.builds.queue import get_queue
    from app.builds.queue import schedule_retry as real_schedule_retry

    queued_settings.ensure_dirs()
    real_schedule_retry(queued_settings, 42, attempt=3, delay=8)
    (task,) = get_queue(queued_settings).pending()
    assert task.name == "retry_unwritable_build" and task.args == (42, 3)
    assert task.eta is not None
