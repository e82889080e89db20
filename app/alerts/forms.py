"""The alert form: the message, its level, a link, and when the alert shows."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.alerts.services import MAX_LINK_LENGTH, MAX_MESSAGE_LENGTH, AlertDraft
from app.content.forms import DATETIME_FORMATS, ContentForm, to_utc
from app.publishing.alerts import LEVELS

# The form lists the levels from the mildest; the site, from the most severe.
FORM_LEVELS = ("information", "vigilance", "urgence")


def level_label(level: str) -> LazyString:
    return LazyString(lambda: _(LEVELS[level]))


class AlertForm(ContentForm):
    message = TextAreaField(
        _l("Message"),
        validators=[DataRequired(), Length(max=MAX_MESSAGE_LENGTH)],
        description=_l("One or two short sentences, 300 characters at most."),
        render_kw={"rows": 3, "maxlength": MAX_MESSAGE_LENGTH},
    )
    level = RadioField(
        _l("Level"),
        choices=[SelectChoice(level, level_label(level)) for level in FORM_LEVELS],
        default="information",
    )
    link = StringField(
        _l("Link « More information » (optional)"),
        validators=[Optional(), Length(max=MAX_LINK_LENGTH)],
        description=_l(
            "An address starting with https://, or a page of the site (e.g. /travaux/)."
        ),
    )
    publish_at = DateTimeLocalField(
        _l("Start"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        description=_l("Leave empty to show it at once. French time (e.g. 15/03/2027 08:00)."),
    )
    unpublish_at = DateTimeLocalField(
        _l("End"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        description=_l(
            "Required: the alert leaves the site then, at most 31 days after its start."
        ),
    )

    def load(self, item) -> None:
        """A copy starts without a window (the edit screen then loads the item's own)."""
        self.publish_at.data = self.unpublish_at.data = None

    def to_draft(self) -> AlertDraft:
        return AlertDraft(
            message=(self.message.data or "").replace("\r\n", "\n"),
            level=self.level.data or "",
            link=self.link.data or "",
            publish_at=to_utc(self.publish_at.data),
            unpublish_at=to_utc(self.unpublish_at.data),
        )
