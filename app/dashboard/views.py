"""A tenant's home: the state of its site, its content and, for an intercommunality, the
publication of every member commune's site."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from app.builds.services import recent_builds, site_status
from app.content.kinds import CONTENT_KINDS
from app.content.queries import count_items
from app.content.schedule import upcoming_changes
from app.platform_admin.fleet import fleet_overview
from app.web.database import db_session

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def home():
    session, tenant = db_session(), g.tenant
    settings = current_app.config["BASTIDE_SETTINGS"]
    members = fleet_overview(session, epci=tenant) if g.get("epci") is not None else None
    return render_template(
        "dashboard/home.html",
        status=site_status(session, tenant),
        builds=recent_builds(session, tenant, limit=5),
        counts={kind.screens: count_items(session, tenant, kind.model) for kind in CONTENT_KINDS},
        scheduled=upcoming_changes(session, tenant),
        live_url=settings.live_url(tenant.slug, tenant.hostnames),
        members=members,
    )
