"""A tenant's home: the state of its site, its content and, for an intercommunality, the
publication of every member commune's site."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.builds.services import recent_builds, site_status
from app.content import review
from app.content.kinds import CONTENT_KINDS
from app.content.queries import count_items_by_type
from app.content.schedule import upcoming_changes
from app.errors import DomainError
from app.media.queries import count_media, space_used
from app.models import ReviewState
from app.platform_admin.fleet import fleet_overview
from app.publishing.media import size_label
from app.web.database import db_session

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def home():
    session, tenant = db_session(), g.tenant
    settings = current_app.config["BASTIDE_SETTINGS"]
    members = fleet_overview(session, epci=tenant) if g.get("epci") is not None else None
    # One query for both lists (submitted, returned), split here: each is one per type.
    in_review = review.waiting_items(
        session, tenant, states=(ReviewState.SUBMITTED, ReviewState.RETURNED)
    )
    return render_template(
        "dashboard/home.html",
        status=site_status(session, tenant),
        builds=recent_builds(session, tenant, limit=5),
        counts={
            **count_items_by_type(session, tenant, {k.screens: k.model for k in CONTENT_KINDS}),
            "media": count_media(session, tenant),
        },
        media_space=(
            size_label(space_used(session, tenant), str(get_locale() or "fr")[:2]),
            size_label(settings.media_quota, str(get_locale() or "fr")[:2]),
        ),
        scheduled=upcoming_changes(session, tenant),
        live_url=settings.live_url(tenant.slug, tenant.hostnames),
        members=members,
        waiting=[w for w in in_review if w.item.review_state == ReviewState.SUBMITTED],
        returned=[w for w in in_review if w.item.review_state == ReviewState.RETURNED],
    )


@bp.route("/review-setting", methods=["POST"])
def review_setting():
    """A publisher turns review before publication on or off for the site."""
    required = request.form.get("review_required") == "1"
    try:
        review.set_review_required(db_session(), g.tenant, required, current_user, g.role)
    except DomainError as error:
        flash(error.translate(_), "error")
        return redirect(url_for(".home")), 303
    if required:
        flash(_("Review is on: editors submit their changes to a publisher."), "success")
    else:
        flash(_("Review is off."), "success")
    return redirect(url_for(".home"))
