"""Builds run by the worker: success, failure that keeps the old site, crash recovery."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace

import pytest
from sqlalchemy import select

from app.builds.services import request_build, site_status
from app.builds.worker import recover_interrupted_builds, run_build
from app.config import PROJECT_ROOT
from app.db import Database
from app.models import Build, BuildStatus, Commune, Release
from app.publishing.pipeline import live_release


def _queue_build(database, commune) -> int:
    with database.unit_of_work() as session:
        return request_build(session, session.get(Commune, commune.id), enqueue=False).id


def _live_index(settings, slug) -> str:
    return (settings.sites_dir / slug / "live" / "index.html").read_text()


@pytest.fixture
def commune(make_commune, publish_pages, database):
    commune = make_commune(slug="aurignac", name="Aurignac")
    publish_pages(database, commune, {"La mairie": "Ouverte le lundi.", "Écoles": "Inscriptions."})
    return commune


def test_build_publishes_and_records_a_release(database, settings, commune):
    build = run_build(database, _queue_build(database, commune))
    assert build.status == BuildStatus.SUCCEEDED and build.pages_written >= 2
    assert "Aurignac" in _live_index(settings, "aurignac")
    with database.session() as session:
        release = session.scalar(select(Release))
        assert release.name == live_release(settings.sites_dir / "aurignac")
        status = site_status(session, session.get(Commune, commune.id))
    assert status.state == "live" and status.live_since == release.live_since


def test_failed_build_keeps_previous_site_and_tells_the_clerk(
    database, settings, commune, tmp_path, client, login, make_user
):
    run_build(database, _queue_build(database, commune))
    before = _live_index(settings, "aurignac")
    themes = tmp_path / "themes"
    shutil.copytree(PROJECT_ROOT / "themes" / "bastide", themes / "bastide")
    shutil.copytree(PROJECT_ROOT / "themes" / "bastide", themes / "broken")
    (themes / "broken" / "templates" / "base.html").write_text("{% block oops %}")
    broken_db = Database(replace(settings, themes_dir=themes))
    with broken_db.unit_of_work() as session:
        session.get(Commune, commune.id).theme = "broken"
    failed = run_build(broken_db, _queue_build(broken_db, commune))
    assert failed.status == BuildStatus.FAILED and failed.error
    assert _live_index(settings, "aurignac") == before
    make_user("clerk@aurignac.test", commune=commune)
    login("clerk@aurignac.test")
    dashboard = client.get("/admin/c/aurignac/").get_data(as_text=True)
    assert failed.error.split(".")[0] in dashboard
    assert 'data-state="failed"' in dashboard


def test_recovery_fails_orphaned_running_builds_and_queues_a_new_one(queued_database, commune):
    database = queued_database
    build_id = _queue_build(database, commune)
    with database.unit_of_work() as session:
        session.get(Build, build_id).status = BuildStatus.RUNNING
    assert recover_interrupted_builds(database) == ["aurignac"]
    with database.session() as session:
        builds = {b.id: b for b in session.scalars(select(Build))}
    assert builds[build_id].status == BuildStatus.FAILED
    assert [b.status for i, b in builds.items() if i != build_id] == [BuildStatus.QUEUED]


def _worker_env(settings) -> dict[str, str]:
    return {
        **os.environ,
        "BASTIDE_DATA_DIR": str(settings.data_dir),
        "BASTIDE_COMMUNES_DIR": str(settings.communes_dir),
        "BASTIDE_SECRET_KEY": "test-secret-key",
        "BASTIDE_QUEUE_URL": f"sqlite:///{settings.data_dir / 'queue.db'}",
    }


def _start_worker(settings) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "worker", "--workers", "1"],
        env=_worker_env(settings),
        cwd=PROJECT_ROOT,
        start_new_session=True,  # so the kill reaches the render child too
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _status(database, build_id):
    with database.session() as session:
        return session.get(Build, build_id).status


def test_killing_the_worker_mid_build_never_breaks_the_live_site(
    database, settings, make_commune, publish_pages
):
    commune = make_commune(slug="grande", name="Grande")
    publish_pages(database, commune, {f"Page {i}": f"Texte {i}. " * 200 for i in range(400)})
    run_build(database, _queue_build(database, commune))
    first_release = live_release(settings.sites_dir / "grande")
    before = _live_index(settings, "grande")
    # A change of content: a full build through Pelican (not the alerts' fast path).
    publish_pages(database, commune, {"Nouvelle page": "Texte."})

    queued_db = Database(replace(settings, queue_url=_worker_env(settings)["BASTIDE_QUEUE_URL"]))
    with queued_db.unit_of_work() as session:
        build_id = request_build(session, session.get(Commune, commune.id)).id
    worker = _start_worker(settings)
    try:
        assert _wait_for(lambda: _status(database, build_id) == BuildStatus.RUNNING)
        time.sleep(0.5)  # inside the render
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        assert live_release(settings.sites_dir / "grande") == first_release
        assert _live_index(settings, "grande") == before
        assert _status(database, build_id) == BuildStatus.RUNNING  # the worker died with it

        worker = _start_worker(settings)
        assert _wait_for(lambda: _status(database, build_id) == BuildStatus.FAILED)
        with database.session() as session:
            follow_up = session.scalar(select(Build).where(Build.id > build_id))
        assert follow_up is not None
        assert _wait_for(lambda: _status(database, follow_up.id) == BuildStatus.SUCCEEDED, 120)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
    assert live_release(settings.sites_dir / "grande") != first_release
    assert not list((settings.sites_dir / "grande" / "releases").glob(".*partial*"))
