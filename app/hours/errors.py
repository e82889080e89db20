"""Why opening hours were refused, in words a clerk can act on.

Every message names the form field it belongs to: ``hours_expression`` for the expert
field, the per-day and per-exception fields of the directory form otherwise (see
``app.hours.schedule``).
"""

from __future__ import annotations

from app.errors import N_, DomainError

EXPRESSION_FIELD = "hours_expression"

NOT_UNDERSTOOD = N_(
    "These hours are not understood near « %(excerpt)s » (character %(column)d). Check the "
    "days (Mo, Tu, We, Th, Fr, Sa, Su, PH) and the times (09:00-12:00)."
)
TOO_LONG = N_(
    "These hours are too long: %(length)d characters, at most %(limit)d. Group the days that "
    "share the same times (Mo-Fr 09:00-12:00) and remove past dates."
)
NOT_SHOWABLE = N_(
    "The rule « %(rule)s » cannot be shown on the site. Write days (Mo-Fr), public holidays "
    "(PH) or dates with their year (2026 Dec 24), then times (09:00-12:00) or off."
)
NO_TIMES = N_("The rule « %(rule)s » gives no times: add them (09:00-12:00) or write off.")
NOT_A_TIME = N_("« %(time)s » is not a time of day: times go from 00:00 to 24:00.")
RANGE_NOT_FORWARD = N_(
    "The time range « %(range)s » must end after it starts. For an opening past midnight, "
    "write two rules: Fr 20:00-24:00; Sa 00:00-02:00."
)
NOT_A_DATE = N_("« %(date)s » is not a date.")
DATES_NOT_FORWARD = N_(
    "The dates « %(dates)s » end before they start. Write the year of both days if they "
    "differ: 2026 Dec 30-2027 Jan 02."
)
WEEKLY_AFTER_SPECIAL = N_(
    "Put the weekly hours « %(rule)s » before public holidays (PH) and dates: a rule replaces "
    "the rules before it on the days it names."
)
CLOSES_BEFORE_OPENING = N_(
    "The closing time (%(end)s) must come after the opening time (%(start)s)."
)
TOO_MANY_RANGES = N_("At most %(limit)d time ranges a day.")
RANGES_OVERLAP = N_("The time ranges %(first)s and %(second)s overlap.")
LAST_DAY_BEFORE_FIRST = N_("The last day must be the first day or come after it.")
EXCEPTIONS_OVERLAP = N_("These dates overlap those of exception %(other)d.")
TOO_MANY_EXCEPTIONS = N_(
    "These hours are too long to be saved: remove past exceptions or shorten their labels."
)


class InvalidHours(DomainError):
    """Opening hours that cannot be read, saved or shown."""

    field = EXPRESSION_FIELD
