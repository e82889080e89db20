"""Times and dates as residents read them, in the site's language.

French follows French typography (code, not catalog): "9 h", "9 h 30", "24 h", "1er janvier",
with U+00A0 NO-BREAK SPACE inside a time and before the en dash of a range, and an ordinary
space after it, so a line may break after the dash but never inside a time:
"9 h – 12 h". Other languages use the locale's short time (Babel/CLDR: "9:00 AM",
"09:00") and CLDR's range style, U+2009 THIN SPACE around the en dash.
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import cache
from typing import Protocol

from babel import Locale
from babel.dates import format_date, format_time, get_day_names, get_month_names

from app.errors import N_
from app.hours.rules import DAY_MINUTES

NBSP, THIN_SPACE, EN_DASH = "\u00a0", "\u2009", "\u2013"
FRENCH_RANGE = f"{NBSP}{EN_DASH} "
OTHER_RANGE = f"{THIN_SPACE}{EN_DASH}{THIN_SPACE}"
MIDNIGHT = N_("midnight")
_YEAR = re.compile(r",?\s*(?:'[^']*'\s*)?y+(?:\s*'[^']*')?")


class Translations(Protocol):
    """What is needed of a ``gettext.NullTranslations``."""

    def gettext(self, message: str, /) -> str: ...


def language(lang: str) -> str:
    """The language part of a locale name: "fr" for "fr-FR" or "fr_FR"."""
    return lang.replace("-", "_").split("_")[0].lower()


def is_french(lang: str) -> bool:
    """True when French typography applies."""
    return language(lang) == "fr"


@cache
def babel_locale(lang: str) -> Locale:
    """The Babel locale of a site language ("fr", "en-GB"...)."""
    return Locale.parse(lang.replace("-", "_"))


def clock(minutes: int, lang: str, translations: Translations) -> str:
    """A time of day given in minutes since midnight; 1440 is the midnight that ends it."""
    french = is_french(lang)
    if minutes >= DAY_MINUTES:
        return f"24{NBSP}h" if french else translations.gettext(MIDNIGHT)
    hours, minute = divmod(minutes, 60)
    if french:
        return f"{hours}{NBSP}h{NBSP}{minute:02d}" if minute else f"{hours}{NBSP}h"
    return format_time(time(hours, minute), "short", locale=babel_locale(lang))


def time_range(start: int, end: int, lang: str, translations: Translations) -> str:
    """ "9 h – 12 h" / "9:00 AM – 12:00 PM"."""
    separator = FRENCH_RANGE if is_french(lang) else OTHER_RANGE
    return clock(start, lang, translations) + separator + clock(end, lang, translations)


def weekday_name(weekday: int, lang: str, *, standalone: bool = False) -> str:
    """ "lundi" inside a sentence, "Lundi" as a table heading (Monday is 0)."""
    context = "stand-alone" if standalone else "format"
    name = get_day_names("wide", context=context, locale=babel_locale(lang))[weekday]
    return capitalise(name) if standalone else name


def month_day(day: date, lang: str) -> str:
    """ "5 janvier", "1er janvier"; "January 5" in English."""
    if is_french(lang):
        return f"{_french_day_number(day)} {_month_name(day, lang)}"
    return format_date(day, _without_year("long", lang), locale=babel_locale(lang))


def day_label(day: date, lang: str) -> str:
    """ "Jeudi 25 décembre"; "Friday, December 25" in English."""
    if is_french(lang):
        return capitalise(f"{weekday_name(day.weekday(), lang)} {month_day(day, lang)}")
    return capitalise(format_date(day, _without_year("full", lang), locale=babel_locale(lang)))


def capitalise(text: str) -> str:
    """The first letter in upper case, the rest untouched."""
    return text[:1].upper() + text[1:]


def _french_day_number(day: date) -> str:
    return "1er" if day.day == 1 else str(day.day)


def _month_name(day: date, lang: str) -> str:
    return get_month_names("wide", context="format", locale=babel_locale(lang))[day.month]


@cache
def _without_year(length: str, lang: str) -> str:
    """The locale's date pattern of that length, its year removed."""
    pattern = babel_locale(lang).date_formats[length].pattern
    return _YEAR.sub("", pattern).strip(" ,")
