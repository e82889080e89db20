"""``bastide status``: readable report, ``--json`` for monitors, exit 1 when unhealthy."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.models import Build, BuildStatus


@pytest.fixture(autouse=True)
def _quiet_platform(roomy_disk, no_backup_env):
    """Healthy unless a test breaks something."""


def test_status_of_a_healthy_platform(database, bastide):
    result = bastide("status")
    assert result.exit_code == 0, result.output
    assert "database" in result.output and "Plateforme en bonne santé." in result.output


def test_status_json_and_exit_code_1_when_a_site_cannot_publish(database, bastide, commune):
    with database.unit_of_work() as session:
        session.add(
            Build(commune_id=commune.id, status=BuildStatus.FAILED, finished_at=datetime.now(UTC))
        )
    result = bastide("status", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["status"] == "degraded"
    assert report["checks"]["failed_builds"]["data"]["failing"] == ["aurignac"]
    assert report["checks"]["database"]["ok"] is True


def test_status_names_a_wrong_backup_setting(database, bastide_env):
    from click.testing import CliRunner

    from app.cli import main

    env = {**bastide_env, "BASTIDE_BACKUP_KEEP": "0"}
    result = CliRunner().invoke(main, ["status"], env=env)
    assert result.exit_code == 2 and "BASTIDE_BACKUP_KEEP" in result.output
