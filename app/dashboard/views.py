"""The clerk's home: state of the last publication and the pages."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from app.builds.services import recent_builds, site_status
from app.pages.queries import list_pages
from app.web.database import db_session

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def home():
    session = db_session()
    settings = current_app.config["BASTIDE_SETTINGS"]
    return render_template(
        "dashboard/home.html",
        status=site_status(session, g.commune),
        builds=recent_builds(session, g.commune, limit=5),
        pages=list_pages(session, g.commune),
        live_url=settings.live_url(g.commune.slug, g.commune.hostnames),
    )
