"""The news form a clerk fills in: text fields and an optional photo."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.config import TIMEZONE
from app.content.forms import ContentForm
from app.files.store import UploadedFile, read_upload
from app.news.images import FIELD, MAX_IMAGE_SIZE
from app.news.services import MAX_SUMMARY_LENGTH, NewsDraft


def today() -> date:
    """Today in France (the server may run on UTC)."""
    return datetime.now(TIMEZONE).date()


class NewsForm(ContentForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    news_date = DateField(_l("Date of the news"), default=today, validators=[DataRequired()])
    summary = TextAreaField(
        _l("Summary"),
        validators=[Length(max=MAX_SUMMARY_LENGTH)],
        description=_l(
            "One or two sentences shown in lists and the news feed (400 characters at most)."
        ),
        render_kw={"rows": 3, "maxlength": MAX_SUMMARY_LENGTH},
    )
    image = FileField(
        _l("Photo (optional)"),
        description=_l(
            "JPEG, PNG or WebP, 10 MB at most. Its location and camera data are removed."
        ),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    image_alt = StringField(
        _l("Description of the photo"),
        validators=[Length(max=300)],
        description=_l("Required with a photo: what it shows, for people who cannot see it."),
    )
    remove_image = BooleanField(_l("Remove the current photo"))

    def uploaded_image(self) -> UploadedFile | None:
        """The photo sent with the form, read within the size limit (None if none)."""
        data = self.image.data
        if not isinstance(data, FileStorage) or not data.filename:
            return None
        return read_upload(data.stream, data.filename, max_size=MAX_IMAGE_SIZE, field=FIELD)

    def to_draft(self) -> NewsDraft:
        return NewsDraft(
            title=self.title.data or "",
            news_date=self.news_date.data,
            slug=self.slug.data or "",
            summary=self.summary.data or "",
            body=self.text(),
            image_alt=self.image_alt.data or "",
            image=self.uploaded_image(),
            remove_image=bool(self.remove_image.data),
        )
