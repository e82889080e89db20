"""The page form a clerk fills in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.pages.services import PageDraft


class PageForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Web address"),
        validators=[Optional(), Length(max=100)],
        description=_l("Leave empty to build it from the title (e.g. « horaires-de-la-mairie »)."),
    )
    body = TextAreaField(
        _l("Text"),
        validators=[Length(max=100_000)],
        description=_l(
            "Markdown: ## for a heading, - for a list item, [text](https://…) for a link."
        ),
    )
    menu_position = IntegerField(
        _l("Position in the menu"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=999)],
        description=_l("Pages are listed in the menu from the smallest number to the largest."),
    )
    version = HiddenField()

    def to_draft(self) -> PageDraft:
        return PageDraft(
            title=self.title.data or "",
            slug=self.slug.data or "",
            body=(self.body.data or "").replace("\r\n", "\n"),
            menu_position=self.menu_position.data or 0,
        )
