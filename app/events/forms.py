"""The event form: dates and optional times, a repetition in plain words that the form
writes as an RRULE (and reads back), cancelled dates, place, organiser, price."""

from __future__ import annotations

from datetime import date, datetime

from flask import g
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.content.errors import ContentError
from app.content.forms import ContentForm
from app.directory.forms import DAY_LABELS, DAYS
from app.errors import N_
from app.events.recurrence import (
    MONTHLY_DAY,
    MONTHLY_NTH,
    NONE,
    WEEKLY,
    Recurrence,
    RuleError,
    build_rule,
    read_rule,
)
from app.events.services import EventDraft, directory_choices
from app.web.database import db_session

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"]
EXCEPTION_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
MAX_EXCEPTIONS = 100
SAME_WEEKDAY = ""  # "the weekday of the first date"

REPEAT_CHOICES = [
    SelectChoice(NONE, _l("Does not repeat")),
    SelectChoice(WEEKLY, _l("Every week, on the days ticked below")),
    SelectChoice(MONTHLY_NTH, _l("Every month, on one weekday (e.g. the first Sunday)")),
    SelectChoice(
        MONTHLY_DAY, _l("Every month, on the same day number as the first date (e.g. the 15th)")
    ),
]
NTH_CHOICES = [
    SelectChoice("1", _l("first")), SelectChoice("2", _l("second")),
    SelectChoice("3", _l("third")), SelectChoice("4", _l("fourth")),
    SelectChoice("-1", _l("last")),
]  # fmt: skip


class MultiCheckboxField(SelectMultipleField):
    """Several choices as check boxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EventForm(ContentForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = StringField(
        _l("Short description"),
        validators=[Length(max=400)],
        description=_l("One sentence shown in the agenda (400 characters at most)."),
    )
    starts_on = DateField(_l("Date"), format=DATE_FORMATS, validators=[DataRequired()])
    start_time = TimeField(
        _l("Start time"),
        format=TIME_FORMATS,
        validators=[Optional()],
        description=_l("Leave both times empty for an all-day event."),
    )
    ends_on = DateField(
        _l("End date"),
        format=DATE_FORMATS,
        validators=[Optional()],
        description=_l("For an event over several days. Empty: the same day."),
    )
    end_time = TimeField(_l("End time"), format=TIME_FORMATS, validators=[Optional()])
    repeat = RadioField(_l("Repeat"), choices=REPEAT_CHOICES, default=NONE)
    repeat_weekdays = MultiCheckboxField(
        _l("Days of the week (every week)"),
        choices=[SelectChoice(n, DAY_LABELS[day]) for n, day in enumerate(DAYS)],
        coerce=int,
        description=_l("None ticked: the weekday of the first date."),
    )
    repeat_nth = SelectField(_l("Which one in the month"), choices=NTH_CHOICES, default="1")
    repeat_weekday = SelectField(
        _l("Day of the week (every month)"),
        choices=[
            SelectChoice(SAME_WEEKDAY, _l("The weekday of the first date")),
            *(SelectChoice(str(n), DAY_LABELS[day]) for n, day in enumerate(DAYS)),
        ],
        default=SAME_WEEKDAY,
    )
    repeat_until = DateField(
        _l("Until"),
        format=DATE_FORMATS,
        validators=[Optional()],
        description=_l("The last date it may take place: required, at most two years from today."),
    )
    exceptions = TextAreaField(
        _l("Cancelled dates"),
        validators=[Length(max=2000)],
        description=_l("One date per line (e.g. 24/12/2026): the event does not take place then."),
        render_kw={"rows": 3},
    )
    place = StringField(
        _l("Place"),
        validators=[Length(max=300)],
        description=_l("E.g. Salle des fêtes, 2 rue de l'Église."),
    )
    place_entry = SelectField(
        _l("Place in the directory"),
        validate_choice=False,  # checked by the service, which knows the directory
        description=_l("Optional: residents get a link to its page (address, access, hours)."),
    )
    organiser = StringField(_l("Organiser"), validators=[Length(max=200)])
    organiser_entry = SelectField(
        _l("Organiser in the directory"),
        validate_choice=False,
        description=_l("Optional: e.g. the association that organises it."),
    )
    price = StringField(
        _l("Price"),
        validators=[Length(max=200)],
        description=_l("E.g. 5 € ; 3 € for children."),
    )
    is_free = BooleanField(_l("Free"))
    registration_url = StringField(
        _l("Registration link"),
        validators=[Length(max=500)],
        description=_l("Optional: the web address where residents register (https://…)."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        entries = [
            SelectChoice("", _l("None")),
            *(SelectChoice(slug, name) for slug, name in directory_choices(db_session(), g.tenant)),
        ]
        self.place_entry.choices = entries
        self.organiser_entry.choices = list(entries)

    def recurrence(self) -> Recurrence:
        """The repetition the clerk chose; weekdays default to the first date's."""
        first: date = self.starts_on.data
        weekday = self.repeat_weekday.data
        return Recurrence(
            kind=self.repeat.data or NONE,
            weekdays=tuple(sorted(self.repeat_weekdays.data or [first.weekday()])),
            nth=int(self.repeat_nth.data or 1),
            weekday=first.weekday() if weekday in (SAME_WEEKDAY, None) else int(weekday),
            month_day=first.day,
            until=self.repeat_until.data,
        )

    def cancelled_dates(self) -> tuple[date, ...]:
        """The dates typed in the exceptions box, one per line."""
        lines = [line.strip() for line in (self.exceptions.data or "").splitlines()]
        days = tuple(_exception_date(line) for line in lines if line)
        if len(days) > MAX_EXCEPTIONS:
            raise ContentError(
                N_("Give at most %(count)d cancelled dates."),
                field="exceptions",
                count=MAX_EXCEPTIONS,
            )
        return days

    def load(self, event) -> None:
        """Fill the repetition fields from the stored rule and cancelled dates."""
        try:
            recurrence = read_rule(event.rrule)
        except RuleError:  # a rule written elsewhere: shown as not repeating
            recurrence = Recurrence()
        self.repeat.data = recurrence.kind
        self.repeat_until.data = recurrence.until
        if recurrence.kind == WEEKLY:
            self.repeat_weekdays.data = list(recurrence.weekdays)
        if recurrence.kind == MONTHLY_NTH:
            self.repeat_nth.data = str(recurrence.nth)
            self.repeat_weekday.data = str(recurrence.weekday)
        self.exceptions.data = "\n".join(
            date.fromisoformat(day).strftime("%d/%m/%Y") for day in event.exdates
        )

    def to_draft(self) -> EventDraft:
        all_day = self.start_time.data is None
        return EventDraft(
            title=self.title.data or "",
            slug=self.slug.data or "",
            summary=self.summary.data or "",
            body=self.text(),
            starts_on=self.starts_on.data,
            start_time=self.start_time.data,
            ends_on=self.ends_on.data,
            end_time=self.end_time.data,
            rrule=build_rule(self.recurrence(), all_day=all_day),
            exdates=self.cancelled_dates(),
            place=self.place.data or "",
            place_entry=self.place_entry.data or "",
            organiser=self.organiser.data or "",
            organiser_entry=self.organiser_entry.data or "",
            price=self.price.data or "",
            is_free=bool(self.is_free.data),
            registration_url=self.registration_url.data or "",
        )


def _exception_date(text: str) -> date:
    for pattern in EXCEPTION_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ContentError(
        N_("« %(text)s » is not a date: write one date per line, e.g. 24/12/2026."),
        field="exceptions",
        text=text[:30],
    )
