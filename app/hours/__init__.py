"""Opening hours of directory entries: OpenStreetMap ``opening_hours`` expressions.

No Flask here. ``expression`` reads what a clerk typed, ``schedule`` is the form's model
that writes the expression for them, ``display`` and ``status`` say what residents see;
``rules`` documents which part of the syntax the site can show.
"""

from app.hours.display import (
    DayHours,
    is_open_at,
    schema_org_specification,
    upcoming_days,
    weekly_table,
)
from app.hours.errors import InvalidHours
from app.hours.expression import MAX_LENGTH, is_blank, normalise_expression, parse_hours
from app.hours.schedule import (
    DatedException,
    TimeRange,
    WeekSchedule,
    build_expression,
    schedule_from_expression,
)
from app.hours.status import Segment, status_segments

__all__ = [
    "MAX_LENGTH",
    "DatedException",
    "DayHours",
    "InvalidHours",
    "Segment",
    "TimeRange",
    "WeekSchedule",
    "build_expression",
    "is_blank",
    "is_open_at",
    "normalise_expression",
    "parse_hours",
    "schedule_from_expression",
    "schema_org_specification",
    "status_segments",
    "upcoming_days",
    "weekly_table",
]
