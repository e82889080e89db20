"""Clerk screens for acts: the shared content screens, with the act form, the PDF's
record on the edit screen and the "publish a corrected version" flow."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _

from app.acts.forms import ActForm
from app.acts.kinds import ACT_KINDS
from app.acts.services import (
    ActDraft,
    act_to_correct,
    check_act,
    default_author,
    replacement_of,
    save_act,
)
from app.content.errors import ContentError
from app.content.queries import ItemNotFound, get_item
from app.content.views import ContentAdmin
from app.models import MunicipalAct
from app.publishing.acts import render_act_preview
from app.publishing.content import ActContent, FileContent, SiteContent
from app.web.database import db_session


def act_request_limit(settings) -> int:
    """The largest request the acts' screens read: well above the PDF's own limit, so a
    PDF a little too heavy is refused by the form (the form kept, the limit said), and
    only a much larger request gets the 413 page."""
    return max(64 * 1024 * 1024, 2 * settings.max_act_file_size + 8 * 1024 * 1024)


class ActAdmin(ContentAdmin):
    """The shared screens, plus what an act's edit screen shows besides its form."""

    def blueprint(self) -> Blueprint:
        bp = super().blueprint()
        bp.register_error_handler(413, _request_too_large)
        return bp

    def _render(self, screen: str, **context: Any) -> str:
        if screen == "edit":
            context |= _edit_context(context["form"], context.get("item"), context)
        return super()._render(screen, **context)


def _edit_context(form: ActForm, act: MunicipalAct | None, context: dict) -> dict:
    session = db_session()
    if act is None and request.method == "GET" and not context.get("copied_from"):
        form.author_name.data, form.author_capacity.data = default_author(g.tenant)
        if "replaces" in request.args:
            _prefill_correction(form, request.args["replaces"])
    corrected = act.replaces if act is not None else _corrected(form.replaces.data)
    return {
        "corrected": corrected,
        "replaced_by": replacement_of(session, g.tenant, act) if act is not None else None,
        "file_size": format_decimal(act.file.size) if act is not None and act.file else "",
        "max_file_mb": current_app.config["BASTIDE_SETTINGS"].max_act_file_size // 2**20,
    }


def _corrected(value: str | None) -> MunicipalAct | None:
    """The owner's act a new act's form says it corrects."""
    try:
        return get_item(db_session(), g.tenant, MunicipalAct, int(str(value)[:12]))
    except (ValueError, ItemNotFound):
        return None


def _prefill_correction(form: ActForm, value: str) -> None:
    """Fill a new act's form as the correction of the owner's act ``value`` (404 for an
    act of another owner)."""
    act = _corrected(value)
    if act is None:
        abort(404)
    try:
        act_to_correct(db_session(), g.tenant, act.id)
    except ContentError as error:  # already replaced: say by which act
        flash(error.translate(_), "error")
        return
    form.replaces.data = str(act.id)
    form.kind.data, form.subject.data = act.kind, act.subject
    form.title.data, form.session_date.data = act.title, act.session_date


def _request_too_large(error):
    limit = current_app.config["BASTIDE_SETTINGS"].max_act_file_size // 2**20
    message = _(
        "What was sent is larger than the platform accepts. The PDF of an act may weigh up "
        "to %(limit)s MB: send a lighter file.",
        limit=limit,
    )
    return render_template("error.html", code=413, message=message), 413


def preview_act(content: SiteContent, draft: ActDraft, **options: Any) -> str:
    """The act's page as residents will see it (the PDF link shows a newly chosen file)."""
    upload = draft.upload
    file = None
    if upload is not None:
        file = FileContent(
            sha256=hashlib.sha256(upload.data).hexdigest(),
            size=len(upload.data),
            media_type="application/pdf",
            filename=upload.filename,
        )
    act = ActContent(
        item_id=0,
        slug=draft.slug or "apercu",
        kind=draft.kind if draft.kind in ACT_KINDS else "arrete",
        number=draft.number,
        title=draft.title,
        act_date=draft.act_date,
        published_at=None,
        file=file,
        author_name=draft.author_name,
        author_capacity=draft.author_capacity,
        session_date=draft.session_date,
        subject=draft.subject,
        summary=draft.summary,
        replaces_id=draft.replaces_id,
        voters=draft.voters,
        votes_for=draft.votes_for,
        votes_against=draft.votes_against,
        abstentions=draft.abstentions,
    )
    return render_act_preview(content, act, **options)


screens = ActAdmin(
    "acts",
    MunicipalAct,
    ActForm,
    save_act,
    check_act,
    preview_act,
    template_context={"kinds": ACT_KINDS},
    # The PDF (refused above its own limit with the form kept) and the form's fields.
    max_request_size=lambda: act_request_limit(current_app.config["BASTIDE_SETTINGS"]),
)
