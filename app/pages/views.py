"""Clerk pages: list, create, edit, preview, publish. Tenant checks happen in app.tenancy."""

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

from app.builds.snapshot import load_site_content
from app.config import PROJECT_ROOT
from app.models import Page
from app.pages import queries, services
from app.pages.forms import PageForm
from app.publishing.content import PageContent
from app.publishing.preview import render_preview
from app.web.database import db_session

bp = Blueprint("pages", __name__, url_prefix="/pages")


def _load_page(page_id: int) -> Page:
    try:
        return queries.get_page(
            db_session(), g.commune, page_id, for_update=request.method == "POST"
        )
    except queries.PageNotFound:
        abort(404)


@bp.route("/")
def index():
    pages = queries.list_pages(db_session(), g.commune)
    return render_template("pages/index.html", pages=pages)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = PageForm()
    if form.validate_on_submit():
        return _save(form, None)
    status = 400 if request.method == "POST" else 200
    return render_template("pages/edit.html", form=form, page=None), status


@bp.route("/<int:page_id>", methods=["GET", "POST"])
def edit(page_id: int):
    page = _load_page(page_id)
    form = PageForm(obj=page if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = page.version
    if form.validate_on_submit():
        return _save(form, page)
    status = 400 if request.method == "POST" else 200
    return render_template("pages/edit.html", form=form, page=page), status


def _save(form: PageForm, page: Page | None):
    """Create or update the page from the form, publish it if asked, then redirect."""
    publish = "publish" in request.form
    session, draft = db_session(), form.to_draft()
    try:
        if page is None:
            saved = services.create_page(session, g.commune, draft, current_user)
        else:
            version = _submitted_version(form)
            saved = services.update_page(session, g.commune, page, draft, version, current_user)
        if publish:
            services.publish_page(session, g.commune, saved, current_user, g.role)
    except services.PageError as error:
        return _form_error(form, error, page=page)
    flash(_saved_message(publish=publish), "success")
    return redirect(url_for(".edit", page_id=saved.id))


def _submitted_version(form: PageForm) -> int:
    """The version the form was based on; anything unreadable counts as stale (0)."""
    try:
        return int(str(form.version.data)[:12])
    except ValueError:
        return 0


def _saved_message(*, publish: bool) -> str:
    if publish:
        return _("Page published. The site will be updated in a few seconds.")
    return _("Draft saved. It is not on the site until it is published.")


def _form_error(form: PageForm, error: services.PageError, page: Page | None):
    """Show the form again with everything the clerk typed and the reason."""
    field = getattr(form, error.field) if error.field else None
    message = error.translate(_)
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        flash(message, "error")
    status = 409 if isinstance(error, services.StaleEdit) else 400
    if isinstance(error, services.NotAllowed):
        status = 403
    return render_template("pages/edit.html", form=form, page=page), status


@bp.route("/<int:page_id>/unpublish", methods=["POST"])
def unpublish(page_id: int):
    page = _load_page(page_id)
    try:
        services.unpublish_page(db_session(), g.commune, page, current_user, g.role)
    except services.NotAllowed:
        abort(403)
    flash(_("Page removed from the site. It is kept as a draft."), "success")
    return redirect(url_for(".edit", page_id=page.id))


@bp.route("/preview", methods=["POST"])
def preview():
    """Render the form's content with the commune's theme, without saving anything."""
    form = PageForm()
    if not form.validate_on_submit():
        abort(400)
    draft = form.to_draft()
    try:
        services.check_body(draft)
    except services.PageError as error:
        abort(400, error.translate(_))
    settings = current_app.config["BASTIDE_SETTINGS"]
    site = load_site_content(db_session(), settings, g.commune)
    db_session().rollback()  # nothing to write: release the database before rendering
    page = PageContent(
        slug=draft.slug or "apercu",
        title=draft.title,
        body=draft.body,
        menu_position=draft.menu_position,
        published_at=None,
    )
    html = render_preview(
        site,
        page,
        themes_dir=settings.themes_dir,
        translations_dir=PROJECT_ROOT / "translations",
        static_url=url_for("platform.theme_static", theme=g.commune.theme, filename="").rstrip("/"),
    )
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}
