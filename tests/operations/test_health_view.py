"""``GET /admin/health``: a verdict for anyone, the details for platform admins only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.models import Build, BuildStatus


@pytest.fixture(autouse=True)
def _quiet_platform(roomy_disk, no_backup_env):
    """Healthy unless a test breaks something."""


def _fail_a_build(database, commune) -> None:
    with database.unit_of_work() as session:
        session.add(
            Build(commune_id=commune.id, status=BuildStatus.FAILED, finished_at=datetime.now(UTC))
        )


def test_a_monitor_gets_ok_and_nothing_else(client):
    response = client.get("/admin/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_a_monitor_gets_503_degraded_without_tenant_data(client, database, commune):
    _fail_a_build(database, commune)
    response = client.get("/admin/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "degraded"}
    assert "aurignac" not in response.get_data(as_text=True)


def test_a_clerk_gets_the_verdict_only(client, login, editor, database, commune):
    login("editor@aurignac.test")
    _fail_a_build(database, commune)
    response = client.get("/admin/health")
    assert response.status_code == 503 and response.get_json() == {"status": "degraded"}


def test_a_platform_admin_gets_every_check(client, login, make_user, database, commune):
    make_user("it@metropole.test", admin=True)
    login("it@metropole.test")
    response = client.get("/admin/health")
    report = response.get_json()
    assert response.status_code == 200 and report["status"] == "ok"
    assert set(report["checks"]) == {"database", "queue", "failed_builds", "workers", "disk"}
    assert report["checks"]["disk"]["data"]["free_bytes"] == 90 * 1024**3
    _fail_a_build(database, commune)
    response = client.get("/admin/health")
    assert response.status_code == 503
    assert response.get_json()["checks"]["failed_builds"]["data"]["failing"] == ["aurignac"]
