"""The directory entry form: plain fields, and opening hours as time ranges per weekday
that build the OpenStreetMap expression (an expert field accepts the expression itself)."""

from __future__ import annotations

from datetime import time

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.content.errors import ContentError
from app.content.forms import ContentForm
from app.directory.categories import CATEGORIES
from app.directory.contact import display_phone
from app.directory.services import EntryDraft
from app.errors import N_
from app.hours import (
    DatedException,
    TimeRange,
    WeekSchedule,
    build_expression,
    schedule_from_expression,
)

DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
DAY_LABELS = {
    "mo": _l("Monday"), "tu": _l("Tuesday"), "we": _l("Wednesday"), "th": _l("Thursday"),
    "fr": _l("Friday"), "sa": _l("Saturday"), "su": _l("Sunday"),
}  # fmt: skip
RANGES_PER_DAY = 2
EXCEPTION_ROWS = 3
TIME_INPUT = {"type": "time", "step": "300"}


class EntryForm(ContentForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    category = SelectField(
        _l("Category"),
        choices=[SelectChoice(key, _l(label)) for key, label in CATEGORIES.items()],
    )
    summary = StringField(
        _l("Short description"),
        validators=[Length(max=300)],
        description=_l("One sentence shown in lists (300 characters at most)."),
    )
    street = StringField(_l("Street address"), validators=[Length(max=300)])
    postal_code = StringField(_l("Postal code"), validators=[Length(max=5)])
    town = StringField(_l("Town"), validators=[Length(max=100)])
    phones = TextAreaField(
        _l("Phone numbers"),
        validators=[Length(max=400)],
        description=_l("One number per line, e.g. 05 61 00 00 00."),
        render_kw={"rows": 2},
    )
    email = StringField(_l("E-mail address"), validators=[Length(max=254)])
    website = StringField(_l("Website"), validators=[Length(max=500)])
    latitude = FloatField(_l("Latitude"), validators=[Optional()])
    longitude = FloatField(
        _l("Longitude"),
        validators=[Optional()],
        description=_l("Optional: residents get a link to OpenStreetMap (no map is loaded)."),
    )
    hours_closed_on_holidays = BooleanField(_l("Closed on public holidays"), default=True)
    hours_expert = BooleanField(_l("I write the expression myself (expert mode)"))
    hours_expression = TextAreaField(
        _l("Opening hours expression (OpenStreetMap)"),
        validators=[Length(max=1000)],
        description=_l("E.g. Mo-Fr 09:00-12:00,14:00-17:00; PH off. Used in expert mode only."),
        render_kw={"rows": 2},
    )
    accessibility = TextAreaField(
        _l("Accessibility of the premises"),
        validators=[Length(max=2000)],
        description=_l("E.g. step-free access, adapted toilets, hearing loop."),
        render_kw={"rows": 3},
    )
    last_checked_on = DateField(_l("Information last checked on"), validators=[Optional()])

    def day_fields(self, day: str) -> list[tuple[StringField, StringField]]:
        """The (opens, closes) field pairs of one weekday."""
        return [
            (self[f"{day}_{n}_start"], self[f"{day}_{n}_end"]) for n in range(1, RANGES_PER_DAY + 1)
        ]

    def exception_rows(self) -> list[dict]:
        """The dated exception rows (closures or exceptional openings)."""
        names = ("start", "end", "opens", "closes", "label")
        return [
            {name: self[f"exception_{n}_{name}"] for name in names}
            for n in range(1, EXCEPTION_ROWS + 1)
        ]

    def schedule(self) -> WeekSchedule:
        """The week the clerk described with the per-day fields."""
        days = []
        for day in DAYS:
            if day != "mo" and self[f"{day}_same"].data:
                days.append(days[0])
                continue
            ranges = tuple(
                _time_range(opens, closes)
                for opens, closes in self.day_fields(day)
                if opens.data or closes.data
            )
            days.append(ranges)
        exceptions = tuple(
            DatedException(
                start=row["start"].data,
                end=row["end"].data or row["start"].data,
                ranges=(_time_range(row["opens"], row["closes"]),)
                if row["opens"].data or row["closes"].data
                else (),
                label=row["label"].data or "",
            )
            for row in self.exception_rows()
            if row["start"].data
        )
        return WeekSchedule(tuple(days), bool(self.hours_closed_on_holidays.data), exceptions)

    def hours(self) -> str:
        """The OpenStreetMap expression: typed in expert mode, built from the week otherwise."""
        if self.hours_expert.data:
            return self.hours_expression.data or ""
        schedule = self.schedule()
        if not any(schedule.days) and not schedule.exceptions:
            return ""
        return build_expression(schedule)

    def load(self, entry) -> None:
        """Fill the fields that do not map one-to-one onto the entry's columns."""
        self.phones.data = "\n".join(display_phone(p) for p in entry.phones)
        self.hours_expression.data = entry.hours
        schedule = schedule_from_expression(entry.hours) if entry.hours else None
        if entry.hours and schedule is None:
            self.hours_expert.data = True
            return
        if schedule is not None:
            self._load_schedule(schedule)

    def _load_schedule(self, schedule: WeekSchedule) -> None:
        self.hours_closed_on_holidays.data = schedule.closed_on_public_holidays
        for day, ranges in zip(DAYS, schedule.days, strict=True):
            for (opens, closes), time_range in zip(self.day_fields(day), ranges, strict=False):
                opens.data, closes.data = _hhmm(time_range.start), _hhmm(time_range.end)
        for row, exception in zip(self.exception_rows(), schedule.exceptions, strict=False):
            row["start"].data, row["end"].data = exception.start, exception.end
            row["label"].data = exception.label
            if exception.ranges:
                row["opens"].data = _hhmm(exception.ranges[0].start)
                row["closes"].data = _hhmm(exception.ranges[0].end)

    def to_draft(self) -> EntryDraft:
        return EntryDraft(
            name=self.name.data or "",
            category=self.category.data or "",
            slug=self.slug.data or "",
            summary=self.summary.data or "",
            body=self.text(),
            street=self.street.data or "",
            postal_code=self.postal_code.data or "",
            town=self.town.data or "",
            phones=self.phones.data or "",
            email=self.email.data or "",
            website=self.website.data or "",
            hours=self.hours(),
            latitude=self.latitude.data,
            longitude=self.longitude.data,
            accessibility=self.accessibility.data or "",
            last_checked_on=self.last_checked_on.data,
        )


def _time_range(opens: StringField, closes: StringField) -> TimeRange:
    """The range typed in two time fields; both must be readable times."""
    return TimeRange(_time(opens), _time(closes))


def _time(field: StringField) -> time:
    """A time typed as "9:00", "09:00" or "9h"; a ContentError naming the field otherwise."""
    text = (field.data or "").strip().lower().replace("h", ":")
    hours, _, minutes = text.partition(":")
    try:
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise ContentError(
            N_("Give a time such as 09:00 (both the opening and the closing time)."),
            field=field.name,
        ) from None


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _add_hours_fields() -> None:
    """Per-day time fields, "same as Monday" boxes and dated exception rows."""
    for day in DAYS:
        for n in range(1, RANGES_PER_DAY + 1):
            opens = _l("Opens at") if n == 1 else _l("Then opens again at")
            closes = _l("Closes at") if n == 1 else _l("Then closes at")
            setattr(EntryForm, f"{day}_{n}_start", StringField(opens, render_kw=TIME_INPUT))
            setattr(EntryForm, f"{day}_{n}_end", StringField(closes, render_kw=TIME_INPUT))
        if day != "mo":
            setattr(EntryForm, f"{day}_same", BooleanField(_l("Same as Monday")))
    for n in range(1, EXCEPTION_ROWS + 1):
        setattr(EntryForm, f"exception_{n}_start", DateField(_l("From"), validators=[Optional()]))
        setattr(EntryForm, f"exception_{n}_end", DateField(_l("To"), validators=[Optional()]))
        setattr(
            EntryForm, f"exception_{n}_opens", StringField(_l("Open from"), render_kw=TIME_INPUT)
        )
        setattr(EntryForm, f"exception_{n}_closes", StringField(_l("until"), render_kw=TIME_INPUT))
        setattr(
            EntryForm,
            f"exception_{n}_label",
            StringField(_l("Reason shown to residents"), validators=[Length(max=80)]),
        )


_add_hours_fields()
