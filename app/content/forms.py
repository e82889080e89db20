"""Fields every content form has: its web address, its text, the version it is based on."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, Field, HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from app.config import TIMEZONE
from app.content.errors import ContentError
from app.content.richtext import markdown_from_editor
from app.content.services import Schedule
from app.errors import N_
from app.publishing.budget import BudgetExceeded, time_budget
from app.publishing.markdown import ADMIN_BUDGET_S
from app.text import has_control_characters

MAX_BODY_LENGTH = 100_000
MAX_EDITOR_HTML_LENGTH = 5 * MAX_BODY_LENGTH
# Elements of the editor's HTML: the longest real texts (tables, lists) have about 10,000;
# the conversion costs about 0.1 ms each, so far more is refused before it starts.
MAX_EDITOR_TAGS = 25_000
# What browsers send for <input type="datetime-local">, and what a person types without one.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M"]


def to_utc(local: datetime | None) -> datetime | None:
    """A wall-clock time typed in France as a UTC instant."""
    return None if local is None else local.replace(tzinfo=TIMEZONE).astimezone(UTC)


def to_local(moment: datetime | None) -> datetime | None:
    """A UTC instant as the French wall-clock time a form shows."""
    return None if moment is None else moment.astimezone(TIMEZONE).replace(tzinfo=None)


def no_control_characters(form: FlaskForm, field: Field) -> None:
    """Refuse NUL and the other C0 control characters (tab, newline, CR allowed in texts)."""
    multiline = isinstance(field, TextAreaField | HiddenField)
    if isinstance(field.data, str) and has_control_characters(field.data, multiline=multiline):
        raise ValidationError(
            _l(
                "This field holds an invisible control character (such as a null byte) that "
                "cannot be published: delete it and type the text again (it often comes from "
                "a copy-paste)."
            )
        )


class TextInputForm(FlaskForm):
    """A form whose every text field refuses control characters (no_control_characters)."""

    def validate(self, extra_validators=None) -> bool:
        extra = dict(extra_validators or {})
        for name, field in self._fields.items():
            if isinstance(field, StringField):  # text areas and hidden fields included
                extra[name] = [*extra.get(name, ()), no_control_characters]
        return super().validate(extra)


class ContentForm(TextInputForm):
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
            "Without the editor, the text is written in Markdown: # for a heading, ## for a "
            "sub-heading, - for a list item, [text](https://…) for a link."
        ),
    )
    # What the rich-text editor sends (HTML); when present it replaces ``body``.
    body_html = HiddenField()
    version = HiddenField()
    publish_at = DateTimeLocalField(
        _l("Publish on"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        description=_l("Leave empty to publish at once. French time (e.g. 15/03/2027 08:00)."),
    )
    unpublish_at = DateTimeLocalField(
        _l("Remove on"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        description=_l("Leave empty to keep it on the site until you remove it."),
    )

    def publication_schedule(self) -> Schedule:
        """The publication window typed in French time, as UTC instants."""
        return Schedule(
            publish_at=to_utc(self.publish_at.data), unpublish_at=to_utc(self.unpublish_at.data)
        )

    def load_schedule(self, item) -> None:
        self.publish_at.data = to_local(item.publish_at)
        self.unpublish_at.data = to_local(item.unpublish_at)

    def text(self) -> str:
        """The body in its canonical form, Markdown: the editor's HTML converted, or the
        text area as typed (without JavaScript), with the browser's line endings made plain."""
        if self.body_html.data:
            # The HTML of a text is a few times longer than its Markdown: a limit on both
            # keeps the conversion under a second.
            if len(self.body_html.data) > MAX_EDITOR_HTML_LENGTH:
                raise _too_long()
            text = _converted(self.body_html.data)
        else:
            text = (self.body.data or "").replace("\r\n", "\n")
        if len(text) > MAX_BODY_LENGTH:
            raise _too_long()
        return text


def _too_long() -> ContentError:
    return ContentError(
        N_("The text is too long (at most %(count)d characters): split it into several pages."),
        field="body",
        count=MAX_BODY_LENGTH,
    )


def _converted(html: str) -> str:
    """The editor's HTML as Markdown, within the admin's time budget."""
    try:
        if html.count("<") > MAX_EDITOR_TAGS:
            raise BudgetExceeded
        with time_budget(ADMIN_BUDGET_S):
            return markdown_from_editor(html)
    except BudgetExceeded:
        raise ContentError(
            N_(
                "The text is too complex to be read in time (over %(seconds)g s): split it "
                "into several pages or paste it without its formatting."
            ),
            field="body",
            seconds=ADMIN_BUDGET_S,
        ) from None
