"""The page form a clerk fills in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.content.forms import ContentForm
from app.pages.services import PageDraft


class PageForm(ContentForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    menu_position = IntegerField(
        _l("Position in the menu"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=999)],
        description=_l("Pages are listed in the menu from the smallest number to the largest."),
    )

    def to_draft(self) -> PageDraft:
        return PageDraft(
            title=self.title.data or "",
            slug=self.slug.data or "",
            body=self.text(),
            menu_position=self.menu_position.data or 0,
        )
