"""Fields every content form has: its web address, its text, the version it is based on."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional

MAX_BODY_LENGTH = 100_000


class ContentForm(FlaskForm):
    slug = StringField(
        _l("Web address"),
        validators=[Optional(), Length(max=100)],
        description=_l(
            "Leave empty to build it from the title or the name (e.g. « horaires-de-la-mairie »)."
        ),
    )
    body = TextAreaField(
        _l("Text"),
        validators=[Length(max=MAX_BODY_LENGTH)],
        description=_l(
            "Markdown: ## for a heading, - for a list item, [text](https://…) for a link."
        ),
    )
    version = HiddenField()

    def text(self) -> str:
        """The body as typed, with the browser's line endings made plain."""
        return (self.body.data or "").replace("\r\n", "\n")
