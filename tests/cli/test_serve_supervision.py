"""`bastide serve` keeps a build worker running: a dead worker is replaced."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
from pathlib import Path

from tests.browser.conftest import Platform


def _worker_children(parent: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"worker" in cmdline:
            children.append(int(stat.parent.name))
    return children


def _wait(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    return None


def test_a_killed_worker_is_restarted_and_builds_go_on(tmp_path):
    platform = Platform(tmp_path)
    platform.cli("onboard", "--insee", "31028")
    platform.start()
    try:
        first = _wait(lambda: _worker_children(platform.process.pid))
        assert first, "serve started no worker"
        os.kill(first[0], signal.SIGKILL)
        replaced = _wait(
            lambda: [p for p in _worker_children(platform.process.pid) if p != first[0]]
        )
        assert replaced, "the dead worker was not replaced"
        # The replacement builds what is asked (through the queue, as a publication does).
        from app.builds.services import request_build
        from app.config import Settings
        from app.db import Database
        from app.tenancy import find_commune_by_slug

        database = Database(Settings.from_env(platform.env))
        with database.unit_of_work() as session:
            request_build(session, find_commune_by_slug(session, "aurignac"))
        url = f"{platform.base_url}/aurignac/"

        def served():
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                    return response.status == 200
            except OSError:
                return False

        assert _wait(served, 60)
        database.dispose()
    finally:
        platform.stop()
