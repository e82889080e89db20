"""The media library's screens, under each tenant's guard: list and upload, describe,
delete, and the files themselves served to signed-in members (previews, the editor)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app.content.errors import NotAllowed
from app.content.owners import owner_clause
from app.errors import N_, DomainError
from app.files.paths import file_path
from app.files.store import FileRefused
from app.media import queries, services
from app.media.forms import DescriptionForm, UploadForm
from app.media.queries import file_content
from app.media.usage import media_usage
from app.models import MediaItem, MediaKind, StoredFile
from app.publishing.media import file_label, format_name, size_label
from app.web.database import db_session
from app.web.pagination import paginate

# The content types' names, as the "used by" list says them.
SCREEN_LABELS = {
    "pages": _l("Page"),
    "directory": _l("Directory entry"),
    "news": _l("News"),
    "events": _l("Event"),
    "alerts": _l("Alert"),
    "acts": _l("Official act"),
    "site_settings": _l("Site identity"),
}
IDENTITY_ROLES = {"logo": _l("Coat of arms or logo"), "header_photo": _l("Header photo")}

bp = Blueprint("media", __name__, url_prefix="/media")


def media_limits(settings) -> tuple[int, int]:
    """(largest file, the tenant's quota) in bytes."""
    return (
        settings.max_media_file_size,
        settings.media_quota,
    )


def media_request_limit() -> int:
    """The largest upload request read: well above the file limit, so a file a little too
    heavy is refused by the form (kept, with the limit said); only far more gets a 413."""
    max_file, _quota = media_limits(current_app.config["BASTIDE_SETTINGS"])
    return max(64 * 1024 * 1024, 2 * max_file + 8 * 1024 * 1024)


def _load(item_id: int) -> MediaItem:
    try:
        return queries.get_media(db_session(), g.tenant, item_id)
    except queries.MediaNotFound:
        abort(404)


def _lang() -> str:
    return str(get_locale() or "fr")[:2]


def _label(item: MediaItem) -> str:
    """The format and size: "PDF, 1,2 Mo"; for an image, the size of all its copies."""
    file = file_content(item.file)
    if item.kind == MediaKind.DOCUMENT:
        return file_label(file, _lang())
    return f"{format_name(file)}, {size_label(item.total_size, _lang())}"


def _index_page(form: UploadForm, status: int = 200):
    session = db_session()
    max_file, quota = media_limits(current_app.config["BASTIDE_SETTINGS"])
    pagination = paginate(session, _library_query())
    return render_template(
        "media/index.html",
        form=form,
        items=pagination.items,
        pagination=pagination,
        label=_label,
        used=size_label(queries.space_used(session, g.tenant), _lang()),
        quota=size_label(quota, _lang()),
        max_file=size_label(max_file, _lang()),
    ), status


def _library_query() -> Select:
    """The tenant's library, newest first, each item with its file (no query per row)."""
    query = select(MediaItem).where(owner_clause(MediaItem, g.tenant))
    query = query.order_by(MediaItem.created_at.desc(), MediaItem.id.desc())
    return query.options(selectinload(MediaItem.file))


@bp.route("/", methods=["GET", "POST"])
def index():
    form = UploadForm()
    if not form.validate_on_submit():
        return _index_page(form, 400 if request.method == "POST" else 200)
    session = db_session()
    settings = current_app.config["BASTIDE_SETTINGS"]
    max_file, quota = media_limits(settings)
    try:
        upload = form.upload(max_file)
        if upload is None:
            raise FileRefused(N_("Choose a file to send."), field="file")
        item = services.add_media(session, settings.files_dir, g.tenant, upload, form.details(),
                                  user=current_user, quota=quota)  # fmt: skip
    except DomainError as error:
        session.rollback()
        _attach(form, error)
        return _index_page(form, 400)
    flash(_("« %(title)s » is in the library.", title=item.title), "success")
    return redirect(url_for(".edit", item_id=item.id))


index.max_request_size = media_request_limit  # type: ignore[attr-defined]


def _attach(form, error: DomainError) -> None:
    """Show the reason next to its field (or at the top of the page)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.translate(_)]
    else:
        flash(error.translate(_), "error")


def _edit_page(item: MediaItem, form: DescriptionForm, status: int = 200, usages=None):
    return render_template(
        "media/edit.html",
        item=item,
        form=form,
        label=_label(item),
        usages=media_usage(db_session(), g.tenant, item.id) if usages is None else usages,
        screen_labels=SCREEN_LABELS,
        identity_roles=IDENTITY_ROLES,
    ), status


@bp.route("/<int:item_id>", methods=["GET", "POST"])
def edit(item_id: int):
    item = _load(item_id)
    form = DescriptionForm(obj=item) if request.method == "GET" else DescriptionForm()
    if not form.validate_on_submit():
        return _edit_page(item, form, 400 if request.method == "POST" else 200)
    try:
        services.update_media(db_session(), g.tenant, item, form.details(), user=current_user)
    except DomainError as error:
        db_session().rollback()
        _attach(form, error)
        return _edit_page(_load(item_id), form, 400)
    flash(_("Saved."), "success")
    return redirect(url_for(".edit", item_id=item.id))


@bp.route("/<int:item_id>/delete", methods=["POST"])
def delete(item_id: int):
    item = _load(item_id)
    form = DescriptionForm(obj=item)
    if not form.validate_on_submit():
        abort(400)
    session = db_session()
    try:
        title = item.title
        services.delete_media(session, g.tenant, item, user=current_user, role=g.role)
    except services.MediaInUse as error:
        session.rollback()
        flash(error.translate(_), "error")
        return _edit_page(_load(item_id), DescriptionForm(obj=item), 409, error.usages)
    except NotAllowed as error:
        session.rollback()
        flash(error.translate(_), "error")
        return _edit_page(_load(item_id), DescriptionForm(obj=item), 403)
    flash(_("« %(title)s » was deleted from the library.", title=title), "success")
    return redirect(url_for(".index"))


def _send(stored: StoredFile, *, attachment: bool):
    path = file_path(current_app.config["BASTIDE_SETTINGS"].files_dir, stored.sha256)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=stored.media_type,
        as_attachment=attachment,
        download_name=stored.filename,
        conditional=True,
        etag=stored.sha256,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _preview_file(item: MediaItem) -> StoredFile:
    """The copy the editor shows: the WebP closest to 960 pixels wide, else the original."""
    webps = [r for r in item.renditions or [] if r["format"] == "webp"]
    chosen = max((r for r in webps if r["width"] <= 960), key=lambda r: r["width"], default=None)
    stored = db_session().get(StoredFile, chosen["file_id"]) if chosen else None
    return stored or item.file


@bp.route("/<int:item_id>/view")
def view(item_id: int):
    item = _load(item_id)
    if item.kind != MediaKind.IMAGE:
        abort(404)
    return _send(_preview_file(item), attachment=False)


@bp.route("/<int:item_id>/download")
def download(item_id: int):
    item = _load(item_id)
    return _send(item.file, attachment=True)


@bp.route("/picker.json")
def picker():
    """The library as the editor's picker lists it."""
    return jsonify(
        [
            {
                "id": item.id,
                "kind": item.kind,
                "title": item.title,
                "alt_text": item.alt_text,
                "decorative": item.decorative,
                "view_url": url_for(".view", item_id=item.id)
                if item.kind == MediaKind.IMAGE
                else None,
                "download_url": url_for(".download", item_id=item.id),
                "label": _label(item),
            }
            for item in queries.list_media(db_session(), g.tenant)
        ]
    )


@bp.errorhandler(413)
def _request_too_large(error):
    max_file, _quota = media_limits(current_app.config["BASTIDE_SETTINGS"])
    message = _(
        "What was sent is larger than the platform accepts. A file of the media library may "
        "weigh up to %(limit)s MB: send a lighter file.",
        limit=max_file // 2**20,
    )
    return render_template("error.html", code=413, message=message), 413
