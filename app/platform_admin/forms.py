"""Forms of the IT team's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.content.forms import TextInputForm
from app.models import Role


class OnboardForm(TextInputForm):
    insee = StringField(
        _l("INSEE code of the commune"),
        validators=[DataRequired(), Length(min=5, max=5)],
        description=_l("Five characters, e.g. 11076 for Castelnaudary."),
    )
    slug = StringField(_l("Short name in addresses (optional)"), validators=[Optional()])
    hostname = StringField(_l("Host name of the site (optional)"), validators=[Optional()])


class InviteForm(TextInputForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    commune = SelectField(_l("Commune"), choices=[], validators=[Optional()])
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(Role.EDITOR.value, _l("Editor (drafts)")),
            SelectChoice(Role.PUBLISHER.value, _l("Publisher")),
        ],
    )
    platform_admin = BooleanField(_l("Platform administrator (IT team)"))
