"""The library's forms: send a file with its description, describe an item again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, StringField
from wtforms.validators import Length

from app.content.forms import TextInputForm
from app.files.store import UploadedFile, read_upload
from app.media.services import ALT_MAX, CREDIT_MAX, TITLE_MAX, MediaDetails


class DescriptionForm(TextInputForm):
    """What the clerk says about a file (checked by the service, which knows its kind)."""

    title = StringField(
        _l("Title"),
        validators=[Length(max=TITLE_MAX)],
        description=_l("Shown in the library, and the default text of a link to a document."),
    )
    alt_text = StringField(
        _l("Alternative text (images)"),
        validators=[Length(max=ALT_MAX)],
        description=_l(
            "What the image shows, for people who cannot see it (e.g. « The town hall "
            "square on market day »)."
        ),
    )
    decorative = BooleanField(
        _l("Decorative image (it shows nothing useful: no alternative text)"),
    )
    credit = StringField(
        _l("Credit (optional)"),
        validators=[Length(max=CREDIT_MAX)],
        description=_l("Shown under the image, e.g. « © Photo : Marie Dupont »."),
    )

    def details(self) -> MediaDetails:
        return MediaDetails(
            title=self.title.data or "",
            alt_text=self.alt_text.data or "",
            decorative=bool(self.decorative.data),
            credit=self.credit.data or "",
        )


class UploadForm(DescriptionForm):
    file = FileField(
        _l("File"),
        description=_l(
            "An image (JPEG, PNG, WebP, HEIC from a phone) or a document (PDF; ODT, ODS, ODP, "
            "DOCX, XLSX, PPTX are offered as downloads)."
        ),
    )

    def upload(self, max_size: int) -> UploadedFile | None:
        """The chosen file read within ``max_size`` bytes (FileRefused past it); None if
        no file was chosen."""
        storage = self.file.data
        if not isinstance(storage, FileStorage) or not storage.filename:
            return None
        return read_upload(storage.stream, storage.filename, max_size=max_size, field="file")
