"""The screens around an item's versions, for every content type: history, comparison,
restore, autosave, and review before publication."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from app.content import history, queries, review, services
from app.content.diff import compare
from app.content.errors import NotAllowed, StaleEdit
from app.errors import DomainError
from app.models import ContentItem, Revision
from app.web.database import db_session
from app.web.pagination import paginate

if TYPE_CHECKING:
    from app.content.views import ContentAdmin

CURRENT = "current"  # the working copy, in a comparison


def add_history_routes(bp: Blueprint, admin: ContentAdmin) -> None:
    """Register the version and review screens of ``admin``'s type on its blueprint."""
    screens = VersionScreens(admin)
    bp.add_url_rule("/<int:item_id>/history", "history", screens.history)
    bp.add_url_rule("/<int:item_id>/compare", "compare", screens.compare)
    bp.add_url_rule(
        "/<int:item_id>/restore/<int:revision_id>", "restore", screens.restore, methods=["POST"]
    )
    bp.add_url_rule("/<int:item_id>/autosave", "autosave", screens.autosave, methods=["POST"])
    bp.add_url_rule("/<int:item_id>/review", "review", screens.review)
    bp.add_url_rule("/<int:item_id>/send-back", "send_back", screens.send_back, methods=["POST"])
    bp.add_url_rule("/<int:item_id>/publish", "publish_reviewed", screens.publish, methods=["POST"])


class VersionScreens:
    def __init__(self, admin: ContentAdmin) -> None:
        self.admin = admin

    # -- history and comparison ------------------------------------------------------

    def history(self, item_id: int):
        item = self.admin.load(item_id)
        pagination = paginate(db_session(), queries.revisions_query(g.tenant, item))
        return render_template(
            "content/history.html",
            item=item,
            revisions=pagination.items,
            pagination=pagination,
            labels=revision_labels(pagination.items, item),
            **self.admin.template_context,
        )

    def compare(self, item_id: int):
        item = self.admin.load(item_id)
        older = self._version(item, request.args.get("from", ""))
        newer = self._version(item, request.args.get("to", CURRENT))
        if older is None or newer is None:
            abort(404)
        return render_template(
            "content/compare.html",
            item=item,
            older=older,
            newer=newer,
            changes=self.changes(older["data"], newer["data"]),
            **self.admin.template_context,
        )

    def _version(self, item: ContentItem, key: str) -> dict[str, Any] | None:
        """A version to compare: a revision of the item by id, or the working copy."""
        if key == CURRENT:
            return {"label": _("Working copy"), "data": item.snapshot(), "revision": None}
        if not key.isdigit() or len(key) > 12:
            return None
        revision = history.get_revision(db_session(), g.tenant, item, int(key))
        if revision is None:
            return None
        return {"label": revision_label(revision), "data": revision.data, "revision": revision}

    def changes(self, old: dict, new: dict) -> list:
        """Field-by-field word differences, with the form's labels as field names."""
        fields = [name for name in dict.fromkeys([*old, *new]) if not name.endswith("_id")]
        labels = field_labels(self.admin.form)
        return [
            (labels.get(change.name, change.name), change)
            for change in compare(old, new, tuple(fields))
        ]

    # -- restore and autosave --------------------------------------------------------

    def restore(self, item_id: int, revision_id: int):
        session, item = db_session(), self.admin.load(item_id)
        revision = history.get_revision(session, g.tenant, item, revision_id)
        if revision is None:
            abort(404)
        try:
            history.restore_revision(
                session,
                g.tenant,
                item,
                revision,
                current_user,
                version=_version_field(),
                note=_("Restored from the version of %(when)s", when=_when(revision)),
            )
        except DomainError as error:
            flash(error.translate(_), "error")
            return redirect(url_for(".history", item_id=item.id)), 303
        flash(
            _(
                "The version of %(when)s is now the working copy. Publish it to put it online.",
                when=_when(revision),
            ),
            "success",
        )
        return redirect(url_for(".edit", item_id=item.id))

    def autosave(self, item_id: int):
        """Save the working copy from the editor without leaving the page (JSON answer)."""
        item = self.admin.load(item_id)
        form = self.admin.form()
        if not form.validate_on_submit():
            message = _("Not saved automatically: check the form, then save it.")
            return jsonify(message=message), 400
        try:
            self.admin.save_working_copy(form, item, autosave=True)
        except DomainError as error:
            status = 409 if isinstance(error, StaleEdit) else 400
            return jsonify(message=error.translate(_)), status
        return jsonify(
            version=item.version,
            message=_("Draft saved at %(time)s", time=format_datetime(item.updated_at, "HH:mm")),
        )

    # -- review ----------------------------------------------------------------------

    def review(self, item_id: int):
        return self._review_page(self.admin.load(item_id))

    def _review_page(self, item: ContentItem, **context: Any) -> str:
        """What publishing the working copy would change online, and its problems."""
        online = item.published_revision.data if item.published_revision else {}
        return render_template(
            "content/review.html",
            item=item,
            changes=self.changes(online, item.snapshot()),
            problems=self.admin.problems_of(item),
            **self.admin.template_context,
            **context,
        )

    def send_back(self, item_id: int):
        item = self.admin.load(item_id)
        try:
            review.send_back(
                db_session(), g.tenant, item, current_user, g.role, request.form.get("comment", "")
            )
        except DomainError as error:
            flash(error.translate(_), "error")
            status = 403 if isinstance(error, NotAllowed) else 400
            return self._review_page(item, comment=request.form.get("comment", "")), status
        flash(_("Sent back to the editor with your comment."), "success")
        return redirect(url_for(".review", item_id=item.id))

    def publish(self, item_id: int):
        """Publish the working copy as reviewed (refused if it changed since)."""
        session, item = db_session(), self.admin.load(item_id)
        if item.version != _version_field():
            flash(_("It was changed while you were reviewing it: review it again."), "error")
            return redirect(url_for(".review", item_id=item.id)), 303
        if self.admin.blocking(self.admin.problems_of(item)):
            flash(_("Not published: fix the problems that block publication."), "error")
            return redirect(url_for(".review", item_id=item.id)), 303
        try:
            services.publish_item(session, g.tenant, item, current_user, g.role)
        except DomainError as error:
            flash(error.translate(_), "error")
            return redirect(url_for(".review", item_id=item.id)), 303
        flash(_("Published. The site will be updated in a few seconds."), "success")
        return redirect(url_for(".edit", item_id=item.id))


def revision_label(revision: Revision) -> str:
    if revision.published:
        return _("Published on %(when)s", when=_when(revision))
    if revision.autosave:
        return _("Saved automatically on %(when)s", when=_when(revision))
    return _("Saved on %(when)s", when=_when(revision))


def revision_labels(revisions: list[Revision], item: ContentItem) -> dict[int, str]:
    return {revision.id: revision_label(revision) for revision in revisions}


def field_labels(form_class) -> dict[str, str]:
    """Each form field's label by name (the diff shows "Titre", not "title")."""
    form = form_class(formdata=None, meta={"csrf": False})
    labels = {field.name: str(field.label.text) for field in form}
    labels.setdefault("image", _("Photo"))
    labels.setdefault("file", _("File"))
    return labels


def _when(revision: Revision) -> str:
    return format_datetime(revision.created_at, "short")


def _version_field() -> int:
    try:
        return int(request.form.get("version", "")[:12])
    except ValueError:
        return 0
