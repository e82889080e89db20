"""The act form a clerk fills in, with the act's PDF."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.acts.kinds import ACT_KINDS, SUBJECT_CODES, subject_label
from app.acts.services import ActDraft
from app.content.forms import ContentForm
from app.files.store import UploadedFile, read_upload

MAX_VOTES = 100_000


def _vote_field(label) -> IntegerField:
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=MAX_VOTES)])


class ActForm(ContentForm):
    kind = SelectField(
        _l("Kind of act"),
        choices=[SelectChoice(key, _l(kind.label)) for key, kind in ACT_KINDS.items()],
    )
    number = StringField(
        _l("Number"),
        validators=[DataRequired(), Length(max=50)],
        description=_l("As written on the act (e.g. « 2026-014 »)."),
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("What the act is about, in a short sentence."),
    )
    act_date = DateField(_l("Date of the act"), validators=[DataRequired()])
    author_name = StringField(_l("Signed by"), validators=[Length(max=200)])
    author_capacity = StringField(
        _l("Capacity of the signatory"),
        validators=[Length(max=200)],
        description=_l("E.g. « Maire », « Adjoint au maire par délégation »."),
    )
    session_date = DateField(
        _l("Date of the council meeting"),
        validators=[Optional()],
        description=_l("Required for a deliberation and a list of deliberations."),
    )
    subject = SelectField(
        _l("ACTES subject (optional)"),
        choices=[SelectChoice("", _l("None"))]
        + [SelectChoice(code, subject_label(code)) for code in SUBJECT_CODES],
        default="",
        description=_l("The code given when the act was sent to the prefecture (e.g. 7.1)."),
    )
    summary = TextAreaField(
        _l("Summary (optional)"),
        validators=[Length(max=2000)],
        description=_l("A few lines for residents; the PDF remains the act."),
    )
    file = FileField(
        _l("PDF of the act"),
        description=_l(
            "The signed act, as PDF (PDF/A if your software offers it). Residents download "
            "exactly this file."
        ),
    )
    replaces = HiddenField()
    voters = _vote_field(_l("Members voting"))
    votes_for = _vote_field(_l("For"))
    votes_against = _vote_field(_l("Against"))
    abstentions = _vote_field(_l("Abstentions"))

    def to_draft(self) -> ActDraft:
        return ActDraft(
            kind=self.kind.data or "",
            number=self.number.data or "",
            title=self.title.data or "",
            slug=self.slug.data or "",
            act_date=self.act_date.data,
            author_name=self.author_name.data or "",
            author_capacity=self.author_capacity.data or "",
            session_date=self.session_date.data,
            subject=self.subject.data or "",
            summary=(self.summary.data or "").replace("\r\n", "\n"),
            upload=self.upload(),
            replaces_id=_as_id(self.replaces.data),
            voters=self.voters.data,
            votes_for=self.votes_for.data,
            votes_against=self.votes_against.data,
            abstentions=self.abstentions.data,
        )

    def upload(self) -> UploadedFile | None:
        """The chosen PDF read within the size limit (FileRefused past it); None if no
        file was chosen."""
        storage = self.file.data
        if not isinstance(storage, FileStorage) or not storage.filename:
            return None
        limit = current_app.config["BASTIDE_SETTINGS"].max_act_file_size
        return read_upload(storage.stream, storage.filename, max_size=limit, field="file")

    def load(self, act) -> None:
        """The stored act's fields the form cannot read by name (the PDF is not re-sent)."""
        self.file.data = None
        self.replaces.data = ""


def _as_id(value) -> int | None:
    try:
        return int(str(value)[:12]) if value else None
    except ValueError:
        return None
