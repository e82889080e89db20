"""``GET /admin/health``: the platform's health for a monitor and for the IT team.

Anyone (a monitor, no account) gets ``{"status": "ok"}`` with HTTP 200, or
``{"status": "degraded"}`` with HTTP 503; nothing about the communes. A signed-in platform
administrator gets the full report (every check, its message and figures) with the same
status code. The report itself is built by :mod:`app.operations.health`.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask_login import current_user

from app.operations.health import health_report
from app.web.database import db_session

bp = Blueprint("operations", __name__, url_prefix="/admin")


@bp.get("/health")
def health():
    """The health report: the verdict for anyone, the details for platform admins."""
    report = health_report(current_app.config["BASTIDE_SETTINGS"], db_session())
    body = report.as_dict() if _is_platform_admin() else {"status": report.status}
    response = jsonify(body)
    response.status_code = 200 if report.healthy else 503
    return response


def _is_platform_admin() -> bool:
    try:
        return bool(current_user.is_authenticated and current_user.is_platform_admin)
    except Exception:  # the database is down: the monitor still gets its verdict
        db_session().rollback()
        return False
