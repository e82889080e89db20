"""The site's settings screens, under each tenant's guard: identity and theme, then legal
notice and accessibility data. Publishers (and platform admins) only: editors get 403."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from app.errors import DomainError
from app.media import services as media
from app.media.queries import list_media
from app.media.views import media_limits, media_request_limit
from app.models import MediaKind, Role
from app.publishing.colors import check_main_color
from app.publishing.legal import of_commune
from app.publishing.legal_gaps import legal_gaps
from app.publishing.themes import available_themes
from app.site_settings import accessibility_pages
from app.site_settings.forms import EXTRA_LANGUAGES, IdentityForm, LegalForm, upload_of
from app.site_settings.services import ProfileError, update_site_profile
from app.web.database import db_session

bp = Blueprint("site_settings", __name__, url_prefix="/settings")

# Upload field -> (profile column, how the new library item is described).
UPLOADS = {
    "logo_upload": ("logo_media_id", "Logo"),
    "header_photo_upload": ("header_photo_media_id", "Photo d'en-tête"),
}


@bp.before_request
def _publishers_only():
    if g.role != Role.PUBLISHER:
        abort(403)


def _settings():
    return current_app.config["BASTIDE_SETTINGS"]


def _images():
    return [item for item in list_media(db_session(), g.tenant) if item.kind == MediaKind.IMAGE]


def _identity_form() -> IdentityForm:
    form = IdentityForm()
    themes = available_themes(_settings().themes_dir)
    form.theme.choices = [SelectChoice(theme.name, theme.label) for theme in themes]
    choices = [SelectChoice("", _("None"))]
    choices += [SelectChoice(str(item.id), item.title) for item in _images()]
    form.logo_media_id.choices = form.header_photo_media_id.choices = choices
    return form


def _identity_page(form: IdentityForm, status: int = 200):
    return render_template(
        "site_settings/identity.html",
        form=form,
        images=_images(),
        themes=available_themes(_settings().themes_dir),
        languages=EXTRA_LANGUAGES,
    ), status


@bp.route("/identity", methods=["GET", "POST"])
def identity():
    form = _identity_form()
    if request.method == "GET":
        form.fill(g.tenant)
        return _identity_page(form)
    if not form.validate_on_submit():
        return _identity_page(form, 400)
    values = _identity_values(form)
    if values is None or not _store_uploads(form, values):
        db_session().rollback()
        return _identity_page(form, 400)
    try:
        update_site_profile(db_session(), _settings(), g.tenant, values, current_user)
    except ProfileError as error:
        db_session().rollback()
        form.logo_media_id.errors = [error.message]
        return _identity_page(form, 400)
    flash(_("Saved. The site is being published again."), "success")
    if values["main_color"]:
        check = check_main_color(values["main_color"])
        if check.corrected:
            flash(check.message, "error")
    return redirect(url_for(".identity"))


identity.max_request_size = media_request_limit  # type: ignore[attr-defined]


def _identity_values(form: IdentityForm) -> dict | None:
    """The checked values of the identity form; None (errors on the fields) if refused."""
    values = form.text_values()
    values["main_color"] = form.color()
    if form.theme.data not in {choice.value for choice in form.theme.choices}:
        form.theme.errors = [_("Choose one of the themes.")]
    values["theme"] = form.theme.data
    chosen = set(form.languages.data or ())
    values["languages"] = ["fr"] + [c.value for c in EXTRA_LANGUAGES if c.value in chosen]
    for _field, (column, _title) in UPLOADS.items():
        values[column] = form.media_id(column)
    return None if form.has_errors() else values


def _store_uploads(form: IdentityForm, values: dict) -> bool:
    """Add the images sent with the form to the library (its own checks); their ids
    replace the chosen ones. False (the error on its field) if one is refused."""
    max_file, quota = media_limits(_settings())
    for name, (column, title) in UPLOADS.items():
        field = getattr(form, name)
        try:
            upload = upload_of(field, max_file)
            if upload is None:
                continue
            details = _upload_details(column, title, values)
            item = media.add_media(db_session(), _settings().files_dir, g.tenant, upload,
                                   details, user=current_user, quota=quota)  # fmt: skip
        except DomainError as error:
            field.errors = [*field.errors, error.translate(_)]
            return False
        if item.kind != MediaKind.IMAGE:  # a PDF is a fine library item, not a logo
            field.errors = [*field.errors, _("Send an image (PNG, JPEG or WebP).")]
            return False
        values[column] = item.id
    return True


def _upload_details(column: str, title: str, values: dict) -> media.MediaDetails:
    full_title = f"{title} {of_commune(g.tenant.name)}"
    if column == "logo_media_id":  # the site shows it as its name's image
        return media.MediaDetails(title=full_title, alt_text=full_title)
    # The header photo adorns the page; its credit is the one typed on the form.
    credit = values.get("header_photo_credit") or ""
    return media.MediaDetails(title=full_title, decorative=True, credit=credit)


def _legal_page(form: LegalForm, status: int = 200):
    session, owner = db_session(), g.tenant
    year = accessibility_pages.current_year()
    pages = {
        kind: accessibility_pages.find_page(
            session, owner, accessibility_pages.page_slug(kind, year)
        )
        for kind in ("schema", "plan")
    }
    return render_template(
        "site_settings/legal.html",
        form=form,
        gaps=legal_gaps(owner, _host()),
        accessibility_pages=pages,
        year=year,
    ), status


def _host():
    from app.publishing.content import HostContent

    settings = _settings()
    return HostContent(settings.host_name, settings.host_address, settings.host_phone)


@bp.route("/legal", methods=["GET", "POST"])
def legal():
    form = LegalForm()
    if request.method == "GET":
        form.fill(g.tenant)
        return _legal_page(form)
    if not form.validate_on_submit():
        return _legal_page(form, 400)
    values = form.values()
    if form.has_errors():
        return _legal_page(form, 400)
    update_site_profile(db_session(), _settings(), g.tenant, values, current_user)
    flash(_("Saved. The site is being published again."), "success")
    return redirect(url_for(".legal"))


@bp.route("/accessibility-page/<any(schema, plan):kind>", methods=["POST"])
def accessibility_page(kind: str):
    """Create the schéma pluriannuel or this year's action plan, then open its editor."""
    if not FlaskForm().validate_on_submit():  # the CSRF token
        abort(400)
    page, created = accessibility_pages.create_accessibility_page(
        db_session(), g.tenant, kind, current_user
    )
    if created:
        flash(_("The draft is ready: complete it, then publish it."), "success")
    space = "commune" if g.get("commune") is not None else "epci"
    return redirect(url_for(f"{space}.pages.edit", item_id=page.id), 303)
