"""The zone and round forms. Dates are typed as DD/MM/YYYY, one per line; a per-date change
reads "25/12/2026 -> 26/12/2026" (moved) or "25/12/2026 annulée" (cancelled).

Unreadable text raises ``InvalidRound`` naming its field, like the calendar's own checks,
so the screen shows every refusal next to the field at fault.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.content.forms import TextInputForm
from app.hours.formatting import capitalise
from app.models import WasteRound, WasteZone
from app.text import slugify
from app.waste import errors
from app.waste.calendar import Override, Round
from app.waste.errors import InvalidRound
from app.waste.labels import HOLIDAY_RULES, NEXT_DAY, RECURRENCES, STREAMS, WEEKLY
from app.waste.services import ZoneDraft

WEEKDAYS = (
    _l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
    _l("Saturday"), _l("Sunday"),
)  # fmt: skip
CANCELLED_WORD = _l("cancelled")
# Accepted after a date to cancel it, whatever the admin's language (accents removed).
CANCELLED_WORDS = frozenset({"annulee", "annule", "annulation", "cancelled", "canceled"})
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the browser's date input, or typed by hand
_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2})")
_ARROW = re.compile(r"\s*(?:->|→|=>|>)\s*")
_SEPARATORS = re.compile(r"[\s,;]+")
SHOWN_TEXT_LENGTH = 60


def _translated(msgid: str) -> LazyString:
    """A stream or rule label as a choice: translated when shown, first letter capital."""
    return LazyString(lambda: capitalise(_(msgid)))


class ZoneForm(TextInputForm):
    name = StringField(
        _l("Name of the zone"),
        validators=[Length(max=200)],
        description=_l(
            "A whole commune (« Aurignac ») or a named part of one (« Aurignac – centre "
            "bourg »). Renaming the zone later keeps the address of its calendar."
        ),
    )
    communes = SelectMultipleField(
        _l("Communes covered"),
        coerce=int,
        validate_choice=False,  # the service refuses communes of another intercommunality
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def load(self, zone: WasteZone) -> None:
        self.name.data = zone.name
        self.communes.data = [commune.id for commune in zone.communes]

    def to_draft(self) -> ZoneDraft:
        return ZoneDraft(name=self.name.data or "", commune_ids=tuple(self.communes.data or ()))


class RoundForm(TextInputForm):
    stream = SelectField(
        _l("Waste collected"),
        choices=[SelectChoice(key, _translated(label)) for key, label in STREAMS.items()],
    )
    recurrence = RadioField(
        _l("The round comes"),
        choices=[SelectChoice(key, _translated(label)) for key, label in RECURRENCES.items()],
        default=WEEKLY,
        validate_choice=False,  # the calendar's check names the field
    )
    weekday = SelectField(
        _l("Day of the week"),
        choices=[
            SelectChoice("", _l("Choose a day")),
            *(SelectChoice(str(n), day) for n, day in enumerate(WEEKDAYS)),
        ],
        validate_choice=False,
    )
    every_weeks = RadioField(
        _l("Rhythm"),
        choices=[SelectChoice("1", _l("Every week")), SelectChoice("2", _l("Every other week"))],
        default="1",
        validate_choice=False,
    )
    reference_date = DateField(
        _l("Date of one collection"),
        format=DATE_FORMATS,
        validators=[Optional()],
        description=_l("Every other week only: any day the round came or will come."),
    )
    dates = TextAreaField(
        _l("Collection dates"),
        validators=[Length(max=5000)],
        description=_l("One date per line, as DD/MM/YYYY, e.g. 25/12/2026."),
        render_kw={"rows": 6},
    )
    starts_on = DateField(
        _l("First day"),
        format=DATE_FORMATS,
        validators=[Optional()],
        description=_l("Optional, e.g. garden waste from March only."),
    )
    ends_on = DateField(_l("Last day"), format=DATE_FORMATS, validators=[Optional()])
    holiday_rule = SelectField(
        _l("On a public holiday"),
        choices=[SelectChoice(key, _translated(label)) for key, label in HOLIDAY_RULES.items()],
        default=NEXT_DAY,
    )
    overrides = TextAreaField(
        _l("Changes to single dates"),
        validators=[Length(max=5000)],
        description=_l(
            "One change per line: « 25/12/2026 -> 26/12/2026 » moves a collection, "
            "« 25/12/2026 cancelled » cancels it. Public holidays follow the rule above "
            "without a line here."
        ),
        render_kw={"rows": 4},
    )

    def load(self, row: WasteRound) -> None:
        """Fill the fields from a stored round."""
        self.stream.data, self.recurrence.data = row.stream, row.recurrence
        self.weekday.data = "" if row.weekday is None else str(row.weekday)
        self.every_weeks.data = str(row.every_weeks)
        self.reference_date.data = row.reference_date
        self.dates.data = "\n".join(_typed(date.fromisoformat(day)) for day in row.dates)
        self.starts_on.data, self.ends_on.data = row.starts_on, row.ends_on
        self.holiday_rule.data = row.holiday_rule
        self.overrides.data = "\n".join(
            f"{_typed(date.fromisoformat(original))} -> {_typed(date.fromisoformat(moved))}"
            if moved
            else f"{_typed(date.fromisoformat(original))} {CANCELLED_WORD}"
            for original, moved in row.overrides
        )

    def to_round(self) -> Round:
        """The round described by the form; InvalidRound if a date cannot be read."""
        return Round(
            self.stream.data or "",
            _number(self.weekday.data),
            recurrence=self.recurrence.data or "",
            every_weeks=_number(self.every_weeks.data) or 0,
            reference_date=self.reference_date.data,
            dates=parse_dates(self.dates.data or ""),
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            holiday_rule=self.holiday_rule.data or "",
            overrides=parse_overrides(self.overrides.data or ""),
        )


def parse_dates(text: str) -> tuple[date, ...]:
    """The dates of the "one date per line" field (commas and spaces separate them too)."""
    return tuple(parse_day(part, "dates") for part in _SEPARATORS.split(text) if part)


def parse_overrides(text: str) -> tuple[Override, ...]:
    """The "25/12/2026 -> 26/12/2026" and "25/12/2026 annulée" lines."""
    return tuple(_override(" ".join(line.split())) for line in text.splitlines() if line.strip())


def parse_day(text: str, field: str) -> date:
    """A date typed as 25/12/2026 (or 25-12-2026, 25.12.2026, 2026-12-25)."""
    match = _DAY.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        if match[1]:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date(int(match[4]), int(match[5]), int(match[6]))
    except ValueError:
        raise InvalidRound(
            errors.DATE_UNREADABLE, field=field, text=text.strip()[:SHOWN_TEXT_LENGTH]
        ) from None


def _override(line: str) -> Override:
    parts = _ARROW.split(line, maxsplit=1)
    if len(parts) == 2:
        return Override(parse_day(parts[0], "overrides"), parse_day(parts[1], "overrides"))
    day, _space, word = line.partition(" ")
    if word and _is_cancelled(word):
        return Override(parse_day(day, "overrides"), None)
    raise InvalidRound(errors.OVERRIDE_UNREADABLE, field="overrides", text=line[:SHOWN_TEXT_LENGTH])


def _is_cancelled(word: str) -> bool:
    folded = slugify(word)
    return folded in CANCELLED_WORDS or folded == slugify(str(CANCELLED_WORD))


def _number(text: str | None) -> int | None:
    try:
        return int(str(text)[:3])
    except ValueError:
        return None


def _typed(day: date) -> str:
    return day.strftime("%d/%m/%Y")
