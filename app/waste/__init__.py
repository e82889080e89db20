"""Waste-collection calendars of an intercommunality (EPCI): zones, rounds, collection dates.

The rules import no Flask and no SQLAlchemy (the publishing pipeline uses them):
``calendar`` computes the dates of a round (public holidays and per-date changes applied),
``labels`` names the streams and holiday rules, ``errors`` says why a round or a zone was
refused. Around them, as in every feature: ``queries`` (tenant-scoped reads, rows ->
``Round``), ``services`` (changes, audit, builds), ``forms`` and ``views`` (the EPCI's
screens); none of them is imported from here. The ICS feed and the page data are built by
``app.publishing.waste``.
"""

from app.waste.calendar import (
    Collection,
    Override,
    Round,
    check_round,
    collections,
    first_per_stream,
    next_collections,
    shifted_day,
    zone_collections,
)
from app.waste.errors import InvalidRound
from app.waste.labels import HOLIDAY_RULES, ON_DATES, RECURRENCES, STREAMS, WEEKLY, stream_label

__all__ = [
    "HOLIDAY_RULES",
    "ON_DATES",
    "RECURRENCES",
    "STREAMS",
    "WEEKLY",
    "Collection",
    "InvalidRound",
    "Override",
    "Round",
    "check_round",
    "collections",
    "first_per_stream",
    "next_collections",
    "shifted_day",
    "stream_label",
    "zone_collections",
]
