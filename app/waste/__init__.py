"""Waste-collection calendars of an intercommunality (EPCI): rounds, collection dates.

No Flask, no SQLAlchemy here: the models are converted into these dataclasses.
``calendar`` computes the dates of a round (public holidays and per-date changes applied),
``labels`` names the streams and holiday rules, ``errors`` says why a round was refused.
The ICS feed and the page data are built by ``app.publishing.waste``.
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
