"""Names of waste streams, recurrences and holiday rules, and the messages residents read.

Keys are stable (they are stored); labels are English msgids translated where they are
shown. Stream labels are lower case: they are read inside "Collection: %(stream)s".
"""

from __future__ import annotations

from collections.abc import Callable

from app.errors import N_

# key -> English msgid, in the order residents see the streams.
STREAMS: dict[str, str] = {
    "menagers": N_("household waste"),
    "emballages": N_("packaging (yellow bin)"),
    "verre": N_("glass"),
    "biodechets": N_("food waste"),
    "vegetaux": N_("garden waste"),
}

WEEKLY = "weekly"  # on a weekday, every week or every other week
ON_DATES = "dates"  # on listed dates only
RECURRENCES: dict[str, str] = {
    WEEKLY: N_("On a day of the week"),
    ON_DATES: N_("On given dates"),
}

NEXT_DAY = "next_day"
PREVIOUS_WORKING_DAY = "previous_working_day"
NEXT_WORKING_DAY = "next_working_day"
SAME_DAY = "same_day"
CANCELLED = "cancelled"
# What happens to a collection due on a French public holiday.
HOLIDAY_RULES: dict[str, str] = {
    NEXT_DAY: N_("Collected the next day"),
    PREVIOUS_WORKING_DAY: N_("Collected the previous working day"),
    NEXT_WORKING_DAY: N_("Collected the next working day"),
    SAME_DAY: N_("Collected as usual"),
    CANCELLED: N_("Not collected"),
}

MOVED_NOTE = N_("Moved: %(original)s → %(moved)s")
KEPT_NOTE = N_("Collected despite the public holiday (%(holiday)s)")
CALENDAR_NAME = N_("Waste collection – %(zone)s")
CALENDAR_DESCRIPTION = N_(
    "Waste collection days in %(place)s. Days moved for public holidays are already shown."
)
EVENT_SUMMARY = N_("Collection: %(stream)s")
PUT_BIN_OUT = N_("Put the bin out")


def stream_label(key: str, gettext: Callable[[str], str] = lambda text: text) -> str:
    """The stream's name in the reader's language, lower case ("packaging (yellow bin)")."""
    return gettext(STREAMS[key])
