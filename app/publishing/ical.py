"""The header every iCalendar feed of a site shares (waste collection, agenda)."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, vDuration

from app.config import TIMEZONE

# Subscribed clients are asked to fetch the feed again daily (each build refreshes it).
REFRESH = timedelta(days=1)


def subscribable_calendar(prodid: str, name: str, *, description: str = "", url: str = ""):
    """An empty calendar named ``name`` that clients may subscribe to, refreshed daily."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", TIMEZONE.key)
    if url:
        calendar.add("url", url)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    return calendar
