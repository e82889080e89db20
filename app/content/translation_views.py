"""The translation screen of every content type: the item's texts in one of the site's
extra languages, side by side with the French ones, saved into the working copy."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import String
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.content.errors import StaleEdit
from app.content.forms import MAX_BODY_LENGTH, ContentForm
from app.content.translations import extra_languages, save_translation, translation_of
from app.errors import DomainError
from app.models import ContentItem
from app.web.database import db_session

if TYPE_CHECKING:
    from app.content.views import ContentAdmin

# The French label of each translatable text, whatever its type.
FIELD_LABELS = {
    "title": _l("Title"),
    "name": _l("Name"),
    "message": _l("Message"),
    "summary": _l("Summary"),
    "body": _l("Text"),
    "place": _l("Place"),
    "price": _l("Price"),
    "image_alt": _l("Text alternative of the photo"),
    "accessibility": _l("Accessibility of the premises"),
}
# Texts long enough for a text area (the others are one line).
LONG_TEXTS = frozenset({"summary", "accessibility"})


def add_translation_routes(bp: Blueprint, admin: ContentAdmin) -> None:
    """Register the translation screen of ``admin``'s type on its blueprint."""
    screen = TranslationScreen(admin)
    bp.add_url_rule(
        "/<int:item_id>/translation/<lang>",
        "translation",
        screen.translation,
        methods=["GET", "POST"],
    )


@functools.cache
def translation_form(model: type[ContentItem]) -> type[FlaskForm]:
    """The form of a type's translatable texts (the body through the rich-text editor)."""
    columns = model.__table__.columns
    fields: dict[str, object] = {"version": HiddenField()}
    for name in model.translatable_fields:
        if name == "body":
            fields["body"] = TextAreaField(
                FIELD_LABELS[name], validators=[Length(max=MAX_BODY_LENGTH)]
            )
            fields["body_html"] = HiddenField()
            continue
        column_type = columns[name].type
        length = column_type.length if isinstance(column_type, String) else None
        field_class = TextAreaField if name in LONG_TEXTS else StringField
        validators = [Optional(), *([Length(max=length)] if length else [])]
        fields[name] = field_class(FIELD_LABELS[name], validators=validators)
    form_class = type(f"{model.__name__}TranslationForm", (FlaskForm,), fields)
    if "body" in model.translatable_fields:
        form_class.text = ContentForm.text  # the editor's HTML as Markdown, as on the edit screen
    return form_class


class TranslationScreen:
    def __init__(self, admin: ContentAdmin) -> None:
        self.admin = admin

    def translation(self, item_id: int, lang: str):
        """Show and save the item's translation into ``lang`` (404 unless the site has it)."""
        if lang not in extra_languages(g.tenant):
            abort(404)
        item = self.admin.load(item_id)
        form_class = translation_form(self.admin.model)
        if request.method == "GET":
            form = form_class(formdata=None, data=translation_of(item, lang))
            form.version.data = item.version
            return self._render(form, item, lang)
        form = form_class()
        if not form.validate_on_submit():
            return self._render(form, item, lang), 400
        try:
            save_translation(
                db_session(),
                g.tenant,
                item,
                lang,
                self._texts(form),
                version=_submitted_version(form),
                user=current_user,
            )
        except DomainError as error:
            flash(error.translate(_), "error")
            return self._render(form, item, lang), 409 if isinstance(error, StaleEdit) else 400
        flash(
            _("Translation saved. It reaches the site when the item is next published."), "success"
        )
        return redirect(url_for(".translation", item_id=item.id, lang=lang))

    def _texts(self, form: FlaskForm) -> dict[str, str]:
        """The texts typed, the body as Markdown."""
        fields = self.admin.model.translatable_fields
        texts = {name: getattr(form, name).data or "" for name in fields if name != "body"}
        if "body" in fields:
            texts["body"] = form.text()
        return texts

    def _render(self, form: FlaskForm, item: ContentItem, lang: str) -> str:
        for name in self.admin.model.translatable_fields:
            form[name].render_kw = {"lang": lang}  # spelling checkers follow the language
            if name != "body":
                french = getattr(item, name) or "—"
                form[name].description = _("In French: %(text)s", text=french)
        return render_template(
            "content/translation.html",
            form=form,
            item=item,
            lang=lang,
            fields=self.admin.model.translatable_fields,
            **self.admin.template_context,
        )


def _submitted_version(form: FlaskForm) -> int:
    """The version the form was based on; anything unreadable counts as stale (0)."""
    try:
        return int(str(form.version.data)[:12])
    except ValueError:
        return 0
