"""Why a collection round or zone was refused, in words EPCI staff can act on.

Every error names the field of the round or zone it belongs to (``field``), so the form
that edits it can show it next to that field.
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
DATE_UNREADABLE = N_("« %(text)s » is not a date: write it as DD/MM/YYYY, e.g. 25/12/2026.")
OVERRIDE_UNREADABLE = N_(
    "« %(text)s » is not understood: write 25/12/2026 -> 26/12/2026 to move a collection, "
    "or 25/12/2026 cancelled to cancel it."
)

ZONE_NAME_MISSING = N_("Give the name of the zone, e.g. « Aurignac – centre bourg ».")
ZONE_NAME_TAKEN = N_("Another zone is already called « %(name)s ». Choose another name.")
ZONE_WITHOUT_COMMUNE = N_("Tick at least one member commune covered by this zone.")
NOT_A_MEMBER = N_("Only member communes of the intercommunality can be part of a zone.")
PUBLISHERS_ONLY = N_(
    "Only a member with the publisher role can change the waste collection calendar."
)


class InvalidRound(DomainError):
    """A collection round whose dates cannot be computed."""


class InvalidZone(DomainError):
    """A collection zone without a usable name or without member communes."""


class NotAllowed(DomainError):
    """The member may read the waste calendar but not change it (an editor)."""
