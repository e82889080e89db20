"""The admin screens of a content type, written once: list, create, edit, preview,
publish, unpublish. Tenant checks happen in app.tenancy; handlers load, act, respond."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.builds.snapshot import load_site_content
from app.config import PROJECT_ROOT
from app.content import history, queries, review, services
from app.content.checks import text_problems
from app.content.errors import NotAllowed, StaleEdit
from app.content.history_views import add_history_routes
from app.content.kinds import kind_of
from app.content.sharing import shared_items
from app.content.translation_views import add_translation_routes
from app.errors import DomainError
from app.media.queries import admin_resolver
from app.models import ContentItem
from app.models.base import utcnow
from app.web.database import db_session
from app.web.pagination import paginate

if TYPE_CHECKING:
    from app.content.accessibility import Problem

# (session, owner, item or None, draft, version, user) -> saved item
SaveFunction = Callable[..., ContentItem]
# (site content, draft, theme options) -> full HTML of the preview
PreviewFunction = Callable[..., str]


@dataclass(frozen=True)
class ContentAdmin:
    """What the shared screens need to know about one content type."""

    name: str  # URL segment, blueprint name and template folder: "pages", "directory"
    model: type[ContentItem]
    form: type[FlaskForm]
    save: SaveFunction
    check: Callable[[Any], Any]  # validates a draft before a preview
    preview: PreviewFunction
    # Extra template values of the type's screens (e.g. category names).
    template_context: dict[str, Any] = field(default_factory=dict)
    # The rules of the type's publication window (alerts: an end, at most 31 days on).
    schedule_rule: Callable[[services.Schedule], None] = services.check_schedule
    # Largest request the type's screens accept, in bytes (uploads: a PDF, a photo); None
    # keeps the application's limit (a form of text).
    max_request_size: Callable[[], int] | None = None

    def blueprint(self) -> Blueprint:
        """A blueprint with the five screens, to register under the tenant guard."""
        bp = Blueprint(self.name, __name__, url_prefix=f"/{self.name}")
        bp.add_url_rule("/", "index", self._index)
        bp.add_url_rule("/new", "new", self._new, methods=["GET", "POST"])
        bp.add_url_rule("/<int:item_id>", "edit", self._edit, methods=["GET", "POST"])
        bp.add_url_rule("/<int:item_id>/duplicate", "duplicate", self._duplicate)
        bp.add_url_rule("/<int:item_id>/unpublish", "unpublish", self._unpublish, methods=["POST"])
        bp.add_url_rule("/preview", "preview", self._preview, methods=["POST"])
        add_history_routes(bp, self)
        add_translation_routes(bp, self)
        return bp

    def _render(self, screen: str, **context: Any) -> str:
        if screen == "edit":
            item = context.get("item")
            context.setdefault("problems", self.problems_of(item) if item else [])
        return render_template(f"{self.name}/{screen}.html", **self.template_context, **context)

    def load(self, item_id: int) -> ContentItem:
        try:
            return queries.get_item(
                db_session(), g.tenant, self.model, item_id, for_update=request.method == "POST"
            )
        except queries.ItemNotFound:
            abort(404)

    def _index(self):
        session = db_session()
        query = queries.items_query(g.tenant, self.model, *self.model.admin_order())
        pagination = paginate(session, query)
        shared = None
        if kind_of(self.model).shared_to_site is not None:
            shared = shared_items(session, g.commune, self.model) if g.get("commune") else None
        return self._render("index", items=pagination.items, pagination=pagination, shared=shared)

    def _new(self):
        form = self.form()
        if form.validate_on_submit():
            return self._save(form, None)
        status = 400 if request.method == "POST" else 200
        return self._render("edit", form=form, item=None), status

    def _stored_form(self, item: ContentItem) -> FlaskForm:
        """The form filled with the item's working copy."""
        form = self.form(formdata=None, obj=item)
        if hasattr(form, "load"):
            form.load(item)
        form.load_schedule(item)
        form.version.data = item.version
        return form

    def _edit(self, item_id: int):
        item = self.load(item_id)
        form = self._stored_form(item) if request.method == "GET" else self.form()
        if form.validate_on_submit():
            return self._save(form, item)
        status = 400 if request.method == "POST" else 200
        return self._render("edit", form=form, item=item), status

    def _duplicate(self, item_id: int):
        """A new item's form filled with a copy of this one (a new address, no schedule)."""
        item = self.load(item_id)
        form = self.form(obj=item)
        if hasattr(form, "load"):
            form.load(item)
        form.slug.data = ""
        form.version.data = ""
        form.publish_at.data = form.unpublish_at.data = None
        return self._render("edit", form=form, item=None, copied_from=item)

    def save_working_copy(
        self,
        form: FlaskForm,
        item: ContentItem | None,
        *,
        autosave: bool = False,
        record: bool = True,
    ) -> ContentItem:
        """Validate and save the form into the working copy, keep it in the item's
        history (unless ``record`` is False: a publication records it) and count its
        accessibility problems. Raises a DomainError."""
        session = db_session()
        draft = form.to_draft()
        schedule = form.publication_schedule()
        self.schedule_rule(schedule)
        version = None if item is None else _submitted_version(form)
        saved = self.save(session, g.tenant, item, draft, version, current_user)
        services.set_schedule(session, g.tenant, saved, schedule, current_user)
        saved.accessibility_problems = len(self.problems_of(saved))
        if record:
            history.record_save(session, g.tenant, saved, current_user, autosave=autosave)
        return saved

    def problems_of(self, item: ContentItem) -> list[Problem]:
        """What the accessibility check finds in the item's text."""
        return text_problems(db_session(), g.tenant, getattr(item, "body", "") or "")

    @staticmethod
    def blocking(problems: list[Problem]) -> list[Problem]:
        return [problem for problem in problems if problem.blocking]

    def _save(self, form: FlaskForm, item: ContentItem | None):
        """Create or update the item from the form, publish it (or submit it for review)
        if asked, then redirect."""
        publish = "publish" in request.form
        submit = "submit_review" in request.form
        session = db_session()
        try:
            saved = self.save_working_copy(form, item, record=not publish)
            if publish and self.blocking(self.problems_of(saved)):
                history.record_save(session, g.tenant, saved, current_user)
                flash(
                    _(
                        "Saved as a draft, not published: fix the problems that block "
                        "publication (listed below the text)."
                    ),
                    "error",
                )
                return redirect(url_for(".edit", item_id=saved.id))
            if publish:
                services.publish_item(session, g.tenant, saved, current_user, g.role)
            elif submit:
                review.submit_for_review(session, g.tenant, saved, current_user)
        except DomainError as error:
            return self._form_error(form, error, item)
        if submit:
            flash(_("Submitted: a publisher will review it."), "success")
        else:
            flash(_saved_message(publish=publish, publish_at=saved.publish_at), "success")
        return redirect(url_for(".edit", item_id=saved.id))

    def _form_error(self, form: FlaskForm, error: DomainError, item: ContentItem | None):
        """Show the form again with everything the clerk typed and the reason."""
        form_field = getattr(form, error.field, None) if error.field else None
        message = error.translate(_)
        if form_field is not None:
            form_field.errors = [*form_field.errors, message]
        else:
            flash(message, "error")
        status = 409 if isinstance(error, StaleEdit) else 400
        if isinstance(error, NotAllowed):
            status = 403
        return self._render("edit", form=form, item=item), status

    def _unpublish(self, item_id: int):
        item = self.load(item_id)
        try:
            services.unpublish_item(db_session(), g.tenant, item, current_user, g.role)
        except NotAllowed as error:
            flash(error.translate(_), "error")
            return self._render("edit", form=self._stored_form(item), item=item), 403
        flash(_("Removed from the site. It is kept as a draft."), "success")
        return redirect(url_for(".edit", item_id=item.id))

    def _preview(self):
        """Render the form's content with the commune's theme, without saving anything."""
        form = self.form()
        if not form.validate_on_submit():
            abort(400)
        try:
            draft = form.to_draft()
            self.check(draft)
        except DomainError as error:
            abort(400, error.translate(_))
        settings = current_app.config["BASTIDE_SETTINGS"]
        site = load_site_content(db_session(), settings, g.tenant)
        media = admin_resolver(db_session(), g.tenant, getattr(draft, "body", "") or "")
        db_session().rollback()  # nothing to write: release the database before rendering
        try:
            html = self.preview(
                site,
                draft,
                media=media,
                themes_dir=settings.themes_dir,
                translations_dir=PROJECT_ROOT / "translations",
                static_url=url_for(
                    "platform.theme_static", theme=g.tenant.theme, filename=""
                ).rstrip("/"),
            )
        except DomainError as error:  # a text over the render budget (MarkdownRefused)
            abort(400, error.translate(_))
        return html, 200, {"Content-Type": "text/html; charset=utf-8"}


def raise_upload_limits() -> None:
    """Before any other hook reads the body (the CSRF check does): the screens of a type
    that takes uploads accept its larger requests; every other form keeps the app's limit."""
    view = current_app.view_functions.get(request.endpoint or "")
    admin = getattr(view, "__self__", None)
    if isinstance(admin, ContentAdmin) and admin.max_request_size is not None:
        request.max_content_length = admin.max_request_size()
    elif (limit := getattr(view, "max_request_size", None)) is not None:
        request.max_content_length = limit()  # an upload screen's own limit (the media)


def _submitted_version(form: FlaskForm) -> int:
    """The version the form was based on; anything unreadable counts as stale (0)."""
    try:
        return int(str(form.version.data)[:12])
    except ValueError:
        return 0


def _saved_message(*, publish: bool, publish_at=None) -> str:
    if publish and publish_at is not None and publish_at > utcnow():
        return _(
            "Scheduled: it will be on the site on %(when)s.",
            when=format_datetime(publish_at, "short"),
        )
    if publish:
        return _("Published. The site will be updated in a few seconds.")
    return _("Draft saved. It is not on the site until it is published.")
