"""The settings screens' forms: the site's identity, its legal and accessibility data.

The forms only carry text; every value is checked by app.onboarding.profile_fields (the
record's own checks) in ``values()``, which says per field what is wrong, in French.
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from app.content.forms import TextInputForm
from app.files.store import UploadedFile, read_upload
from app.models import AccessibilityStatus
from app.onboarding.profile_fields import EMAIL_PATTERN, ProfileValueError, checked_value

EXTRA_LANGUAGES = (SelectChoice("oc", _l("Occitan")), SelectChoice("en", _l("English")))


class MultiCheckboxField(SelectMultipleField):
    """Several choices as check boxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(TextInputForm):
    """A form whose fields are named after the profile's columns."""

    # Columns whose text the form hands to the record's checks as is.
    TEXT_COLUMNS: ClassVar[tuple[str, ...]] = ()

    def fill(self, owner: Any) -> None:
        """Show the owner's current values."""
        for column in self.TEXT_COLUMNS:
            value = getattr(owner, column)
            getattr(self, column).data = "" if value is None else str(value)

    def checked(self, column: str, value: Any) -> Any:
        """``value`` checked for ``column``; a French error is put on the field if wrong."""
        try:
            return checked_value(column, value)
        except ProfileValueError as error:
            field = getattr(self, column)
            field.errors = [*field.errors, f"{field.label.text} : {error}"]
            return None

    def text_values(self) -> dict[str, Any]:
        return {c: self.checked(c, getattr(self, c).data or "") for c in self.TEXT_COLUMNS}

    def has_errors(self) -> bool:
        return any(field.errors for field in self)


def upload_of(field: FileField, max_size: int) -> UploadedFile | None:
    """The file chosen in ``field`` read within ``max_size`` bytes, or None."""
    storage = field.data
    if not isinstance(storage, FileStorage) or not storage.filename:
        return None
    return read_upload(storage.stream, storage.filename, max_size=max_size, field=field.name)


class IdentityForm(ProfileForm):
    TEXT_COLUMNS = ("display_name", "header_photo_credit")

    display_name = StringField(
        _l("Name shown on the site"),
        description=_l("Leave empty to show the official name (e.g. « Mairie d'Aurignac »)."),
    )
    logo_media_id = RadioField(_l("Coat of arms or logo"), choices=[], validate_choice=False)
    logo_upload = FileField(
        _l("Or send a new image"),
        description=_l("PNG, JPEG or WebP. It joins the media library."),
    )
    header_photo_media_id = RadioField(_l("Header photo"), choices=[], validate_choice=False)
    header_photo_upload = FileField(_l("Or send a new photo"))
    header_photo_credit = StringField(
        _l("Credit of the header photo"),
        description=_l("Shown on the legal notice, e.g. « Photo : Marie Dupont »."),
    )
    main_color = StringField(
        _l("Main colour"),
        render_kw={"type": "color"},
        description=_l(
            "The site makes sure text stays readable: a colour too light for white text is "
            "darkened, and the screen tells you which shade the site uses."
        ),
    )
    main_color_text = StringField(
        _l("Or type its code"),
        render_kw={"placeholder": "#1f5f8b", "spellcheck": "false"},
        description=_l(
            "Six-digit code starting with #. Leave empty to use the colour chosen above."
        ),
    )
    theme_color = BooleanField(_l("Use the theme's own colour"))
    theme = RadioField(_l("Theme"), choices=[], validate_choice=False)
    languages = MultiCheckboxField(
        _l("Extra languages of the site"),
        choices=list(EXTRA_LANGUAGES),
        validate_choice=False,
        description=_l("French is always on. Pages not translated yet are shown in French."),
    )

    def fill(self, owner: Any) -> None:
        super().fill(owner)
        self.logo_media_id.data = str(owner.logo_media_id or "")
        self.header_photo_media_id.data = str(owner.header_photo_media_id or "")
        self.main_color.data = owner.main_color or "#1f5f8b"
        self.theme_color.data = not owner.main_color
        self.theme.data = owner.theme
        self.languages.data = [lang for lang in owner.languages or () if lang != "fr"]

    def color(self) -> str | None:
        """The chosen colour ("" for the theme's), checked; None if refused."""
        if self.theme_color.data:
            return ""
        typed = (self.main_color_text.data or "").strip()
        column = "main_color_text" if typed else "main_color"
        try:
            color = checked_value("main_color", typed or self.main_color.data or "")
        except ProfileValueError as error:
            field = getattr(self, column)
            field.errors = [*field.errors, f"{self.main_color.label.text} : {error}"]
            return None
        return color

    def media_id(self, name: str) -> int | None:
        raw = getattr(self, name).data or ""
        return int(raw) if str(raw).isdigit() else None


class LegalForm(ProfileForm):
    TEXT_COLUMNS = (
        "town_hall_address", "town_hall_phone", "town_hall_email", "publication_director",
        "director_capacity", "dpo_name", "dpo_email", "dpo_address", "content_licence",
        "accessibility_auditor", "accessibility_non_compliant", "accessibility_derogations",
        "accessibility_exempt", "accessibility_contact_url",
    )  # fmt: skip
    # Checked here: the record's checks only know the profile's columns.
    SITE_TEXT_LIMITS: ClassVar[dict[str, int]] = {
        "town_hall_address": 300, "town_hall_phone": 40, "town_hall_email": 200,
        "publication_director": 200,
    }  # fmt: skip

    town_hall_address = TextAreaField(
        _l("Postal address"),
        render_kw={"rows": 3},
        description=_l("One line per line of the address, e.g. « 1 place de la Mairie »."),
    )
    town_hall_phone = StringField(_l("Phone"), render_kw={"type": "tel"})
    town_hall_email = StringField(_l("E-mail"), render_kw={"type": "email"})
    publication_director = StringField(
        _l("Director of publication"),
        description=_l("A person's name: usually the mayor, or the president."),
    )
    director_capacity = StringField(
        _l("Capacity of the director of publication"),
        description=_l("E.g. « Maire », « Présidente »."),
    )
    dpo_name = StringField(
        _l("Data protection officer"),
        description=_l(
            "Every collectivity has one (often shared through the management centre or the "
            "intercommunality): its name or its organisation's."
        ),
    )
    dpo_email = StringField(_l("E-mail of the data protection officer"))
    dpo_address = TextAreaField(_l("Postal address of the data protection officer"))
    content_licence = StringField(
        _l("Licence of the content"),
        description=_l("The Licence Ouverte 2.0 lets anyone reuse your texts citing you."),
    )
    accessibility_status = RadioField(
        _l("Compliance with the RGAA"),
        choices=[
            SelectChoice(
                AccessibilityStatus.NON.value, _l("Not compliant (no audit yet, or below 50 %)")
            ),
            SelectChoice(
                AccessibilityStatus.PARTIELLEMENT.value, _l("Partially compliant (50 % or more)")
            ),
            SelectChoice(AccessibilityStatus.TOTALEMENT.value, _l("Fully compliant (100 %)")),
        ],
        description=_l("As the last audit concluded. Without an audit, the site is not compliant."),
        validate_choice=False,  # values() says it in the clerk's words
    )
    accessibility_audit_date = StringField(_l("Date of the audit"), render_kw={"type": "date"})
    accessibility_audit_rate = StringField(
        _l("Rate of criteria met (%)"),
        render_kw={"inputmode": "decimal"},
        description=_l("From the audit report, e.g. 75 or 87.5."),
    )
    accessibility_auditor = StringField(_l("Audit carried out by"))
    accessibility_declared_on = StringField(
        _l("Date of the accessibility statement"), render_kw={"type": "date"}
    )
    accessibility_non_compliant = TextAreaField(
        _l("Non-compliances"),
        render_kw={"rows": 4},
        description=_l("One per line, as the audit lists them."),
    )
    accessibility_derogations = TextAreaField(
        _l("Derogations for disproportionate burden"),
        render_kw={"rows": 3},
        description=_l(
            "Contents you cannot make accessible at a reasonable cost, one per line, with "
            "the alternative offered."
        ),
    )
    accessibility_exempt = TextAreaField(
        _l("Contents not subject to the obligation"),
        render_kw={"rows": 3},
        description=_l("E.g. office files published before 23 September 2018; one per line."),
    )
    accessibility_contact_url = StringField(
        _l("Address of a contact form (optional)"),
        render_kw={"type": "url"},
        description=_l("Otherwise the statement gives the e-mail and postal address above."),
    )

    def fill(self, owner: Any) -> None:
        super().fill(owner)
        self.accessibility_status.data = str(owner.accessibility_status)
        for column in ("accessibility_audit_date", "accessibility_declared_on"):
            value = getattr(owner, column)
            getattr(self, column).data = value.isoformat() if value else ""
        rate = owner.accessibility_audit_rate
        self.accessibility_audit_rate.data = "" if rate is None else f"{rate:g}"

    def checked(self, column: str, value: Any) -> Any:
        limit = self.SITE_TEXT_LIMITS.get(column)
        if limit is None:
            return super().checked(column, value)
        value = " ".join(value.split()) if column != "town_hall_address" else value.strip()
        problem = ""
        if len(value) > limit:
            problem = f"est trop long ({len(value)} caractères, {limit} au plus)."
        elif column == "town_hall_email" and value and not EMAIL_PATTERN.match(value):
            problem = f"« {value} » n'est pas valide (exemple : mairie@exemple.fr)."
        if problem:
            field = getattr(self, column)
            field.errors = [*field.errors, f"{field.label.text} : {problem}"]
        return value

    def values(self) -> dict[str, Any]:
        """Every value, checked (the fields in error hold None and their message)."""
        values = self.text_values()
        status = self.accessibility_status.data
        if status not in {s.value for s in AccessibilityStatus}:
            self.accessibility_status.errors = [_l("Choose one of the three statuses.")]
        else:
            values["accessibility_status"] = AccessibilityStatus(status)
        for column in ("accessibility_audit_date", "accessibility_declared_on"):
            values[column] = self.checked(column, getattr(self, column).data or "")
        rate = (self.accessibility_audit_rate.data or "").strip().replace(",", ".")
        try:
            number: Any = float(rate) if rate else ""
        except ValueError:
            number = rate
        values["accessibility_audit_rate"] = self.checked("accessibility_audit_rate", number)
        return values
