"""Why a collection round was refused, in words EPCI staff can act on.

Every error names the field of the round it belongs to (``field``), so the form that
edits the round can show it next to that field.
"""

from __future__ import annotations

from app.errors import N_, DomainError

UNKNOWN_STREAM = N_("Choose the kind of waste collected by this round.")
UNKNOWN_RECURRENCE = N_("Choose how often this round comes: on a day of the week or on dates.")
WEEKDAY_MISSING = N_("Choose the day of the week of the collection.")
EVERY_WEEKS_INVALID = N_(
    "A round comes every week or every other week; for another rhythm, list its dates."
)
REFERENCE_DATE_MISSING = N_(
    "Give the date of one collection, so that the weeks with a collection are known."
)
DATES_MISSING = N_("List at least one collection date.")
HOLIDAY_RULE_UNKNOWN = N_("Choose what happens to a collection due on a public holiday.")
ENDS_BEFORE_START = N_(
    "The last day of the round (%(end)s) comes before its first day (%(start)s)."
)
OVERRIDE_NOT_SCHEDULED = N_("There is no collection on %(date)s to move or cancel.")
OVERRIDE_TWICE = N_("The collection of %(date)s is changed twice: keep one change.")


class InvalidRound(DomainError):
    """A collection round whose dates cannot be computed."""
