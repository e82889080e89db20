"""The IT team's pages. Every view here except ``home`` and ``theme_static`` requires a
platform administrator."""

from __future__ import annotations

from functools import wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.security import safe_join
from wtforms import SelectChoice

from app.accounts import services as accounts
from app.models import Role
from app.onboarding import services as onboarding
from app.onboarding.errors import OnboardingError
from app.platform_admin.fleet import fleet_overview
from app.platform_admin.forms import InviteForm, OnboardForm
from app.publishing.content import HostContent
from app.publishing.legal_gaps import legal_gaps
from app.publishing.themes import ThemeNotFound, resolve_theme
from app.tenancy import communes_of, find_commune_by_slug, intercommunalities_of
from app.web.database import db_session
from app.web.urls import absolute_url

bp = Blueprint("platform", __name__, url_prefix="/admin")


def platform_admin_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_platform_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


@bp.route("/")
@login_required
def home():
    if current_user.is_platform_admin:
        return redirect(url_for(".communes"))
    communes = communes_of(db_session(), current_user)
    epcis = intercommunalities_of(db_session(), current_user)
    if len(communes) == 1 and not epcis:
        return redirect(url_for("commune.dashboard.home", commune_slug=communes[0].slug))
    if len(epcis) == 1 and not communes:
        return redirect(url_for("epci.dashboard.home", epci_slug=epcis[0].slug))
    return render_template("platform/my_communes.html", communes=communes, epcis=epcis)


@bp.route("/themes/<theme>/static/<path:filename>")
@login_required
def theme_static(theme: str, filename: str):
    """Theme assets for previews (the live sites serve their own copy)."""
    themes_dir = current_app.config["BASTIDE_SETTINGS"].themes_dir
    try:
        site_theme = resolve_theme(themes_dir, theme)
    except ThemeNotFound:
        abort(404)
    for folder in reversed(site_theme.static_dirs):  # a variant's file replaces the base's
        if safe_join(str(folder), filename) and (folder / filename).is_file():
            return send_from_directory(folder, filename, max_age=300)
    abort(404)


@bp.route("/platform/communes")
@platform_admin_required
def communes():
    settings = current_app.config["BASTIDE_SETTINGS"]
    rows = fleet_overview(db_session())
    epcis = intercommunalities_of(db_session(), current_user)
    # The rows are loaded already: the legal gaps cost no query.
    host = HostContent(settings.host_name, settings.host_address, settings.host_phone)
    gaps = {
        (type(site).__name__, site.id): legal_gaps(site, host)
        for site in [row.commune for row in rows] + epcis
    }
    return render_template(
        "platform/communes.html", rows=rows, epcis=epcis, settings=settings, gaps=gaps
    )


@bp.route("/platform/communes/new", methods=["GET", "POST"])
@platform_admin_required
def onboard():
    form = OnboardForm()
    settings = current_app.config["BASTIDE_SETTINGS"]
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("platform/onboard.html", form=form, record=None), status
    try:
        record = onboarding.prepare_commune(
            db_session(),
            settings,
            form.insee.data.strip(),
            slug=form.slug.data or None,
            hostname=form.hostname.data or None,
        )
        if "confirm" not in request.form:
            live_url = settings.live_url(record.slug, record.hostnames)
            return render_template(
                "platform/onboard.html", form=form, record=record, live_url=live_url
            )
        onboarding.onboard_commune(db_session(), settings, record, actor=current_user.email)
    except OnboardingError as error:
        form.insee.errors = [*form.insee.errors, str(error)]
        return render_template("platform/onboard.html", form=form, record=None), 400
    flash(_("%(name)s is onboarded. Invite its clerk now.", name=record.name), "success")
    return redirect(url_for(".invite", commune=record.slug))


@bp.route("/platform/invite", methods=["GET", "POST"])
@platform_admin_required
def invite():
    session = db_session()
    form = InviteForm(commune=request.args.get("commune", ""))
    communes = communes_of(session, current_user)
    form.commune.choices = [SelectChoice("", "—")] + [
        SelectChoice(c.slug, c.name) for c in communes
    ]
    link = None
    if form.validate_on_submit():
        commune = find_commune_by_slug(session, form.commune.data)
        try:
            issued = accounts.invite_user(
                session,
                form.email.data,
                commune=None if form.platform_admin.data else commune,
                role=Role(form.role.data),
                platform_admin=form.platform_admin.data,
                invited_by=current_user,
            )
        except accounts.AccountError as error:
            form.email.errors = [*form.email.errors, error.translate(_)]
        else:
            link = absolute_url("accounts.accept_invitation", token=issued.token)
            return render_template(
                "platform/invite.html", form=InviteForm(), link=link, email=issued.user.email
            )
    status = 400 if request.method == "POST" else 200
    return render_template("platform/invite.html", form=form, link=link), status
