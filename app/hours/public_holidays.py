"""Names of French public holidays, from the ``holidays`` package.

opening-hours-py decides which days ``PH`` means (its own calendar for country FR); this
module only names them. A test checks both calendars agree. Metropolitan calendar:
Alsace-Moselle's extra days (Good Friday, 26 December) are not public holidays here.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

from app.hours.formatting import language

DEFAULT_LANGUAGE = "fr"
LANGUAGES = {"fr": "fr", "en": "en_US", "uk": "uk", "th": "th"}  # what holidays.France speaks


def holiday_name(day: date, lang: str) -> str:
    """ "Noël" for 2026-12-25 in French, "" on an ordinary day."""
    return _calendar(day.year, LANGUAGES.get(language(lang), DEFAULT_LANGUAGE)).get(day, "")


@cache
def _calendar(year: int, holidays_language: str) -> dict[date, str]:
    return dict(holidays.France(years=year, language=holidays_language).items())
