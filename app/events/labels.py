"""What residents read about an event's dates, in the site's language.

French follows French typography in code, as the opening hours do ("samedi 5 décembre
2026", "1er mai", "8 h 30", "du 5 au 7 décembre 2026"); sentences are msgids of the
theme catalog ("%(date)s, from %(start)s to %(end)s"). No Flask: the build uses it.
"""

from __future__ import annotations

from datetime import date, time

from babel.dates import format_date, format_interval
from babel.lists import format_list

from app.errors import N_
from app.events.recurrence import MONTHLY_DAY, MONTHLY_NTH, WEEKLY, RuleError, read_rule
from app.hours.formatting import (
    Translations,
    babel_locale,
    capitalise,
    clock,
    is_french,
    weekday_name,
)
from app.hours.formatting import month_day as day_and_month

ALL_DAY = N_("%(date)s (all day)")
AT_TIME = N_("%(date)s, at %(time)s")
FROM_TO = N_("%(date)s, from %(start)s to %(end)s")
DAY_AT = N_("%(date)s at %(time)s")
DAYS_FROM_TO = N_("from %(start)s to %(end)s")
EVERY_WEEK = N_("Every %(days)s until %(date)s")
EVERY_MONTH_NTH = N_("The %(nth)s %(day)s of every month until %(date)s")
EVERY_MONTH_DAY = N_("Every month on day %(day)s until %(date)s")
CALENDAR_NAME = N_("%(name)s – agenda")
NTH_NAMES = {1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"), -1: N_("last")}


def full_date(day: date, lang: str) -> str:
    """ "samedi 5 décembre 2026", "samedi 1er mai 2027"."""
    if is_french(lang):
        return f"{weekday_name(day.weekday(), lang)} {day_and_month(day, lang)} {day.year}"
    return format_date(day, "full", locale=babel_locale(lang))


def long_date(day: date, lang: str) -> str:
    """ "30 juin 2027"."""
    if is_french(lang):
        return f"{day_and_month(day, lang)} {day.year}"
    return format_date(day, "long", locale=babel_locale(lang))


def date_range(first: date, last: date, lang: str) -> str:
    """ "du 5 au 7 décembre 2026", "du 28 novembre au 2 décembre 2026"."""
    if not is_french(lang):
        return format_interval(first, last, "yMMMMd", locale=babel_locale(lang))
    if (first.year, first.month) == (last.year, last.month):
        start = day_and_month(first, lang).split(" ")[0]
    elif first.year == last.year:
        start = day_and_month(first, lang)
    else:
        start = long_date(first, lang)
    return f"du {start} au {long_date(last, lang)}"


def when_label(
    day: date,
    end_day: date,
    start_time: time | None,
    end_time: time | None,
    lang: str,
    translations: Translations,
) -> str:
    """When an occurrence takes place, as one sentence."""
    _ = translations.gettext
    hour = _clock(start_time, lang, translations)
    if end_day != day:
        if start_time is None:
            return date_range(day, end_day, lang)
        start = _(DAY_AT) % {"date": full_date(day, lang), "time": hour}
        end = full_date(end_day, lang)
        if end_time is not None:
            end = _(DAY_AT) % {"date": end, "time": _clock(end_time, lang, translations)}
        return _(DAYS_FROM_TO) % {"start": start, "end": end}
    if start_time is None:
        return _(ALL_DAY) % {"date": full_date(day, lang)}
    if end_time is None:
        return _(AT_TIME) % {"date": full_date(day, lang), "time": hour}
    end = _clock(end_time, lang, translations)
    return _(FROM_TO) % {"date": full_date(day, lang), "start": hour, "end": end}


def _clock(moment: time | None, lang: str, translations: Translations) -> str:
    return "" if moment is None else clock(moment.hour * 60 + moment.minute, lang, translations)


def repeat_label(rule: str, lang: str, translations: Translations) -> str:
    """ "Tous les samedis jusqu'au 30 juin 2027"; "" for an event that does not repeat."""
    _ = translations.gettext
    try:
        recurrence = read_rule(rule)
    except RuleError:
        return ""
    if recurrence.until is None:
        return ""
    until = long_date(recurrence.until, lang)
    french = is_french(lang)
    if recurrence.kind == WEEKLY:
        names = [weekday_name(d, lang) + ("s" if french else "") for d in recurrence.weekdays]
        days = format_list(names, locale=babel_locale(lang))
        return capitalise(_(EVERY_WEEK) % {"days": days, "date": until})
    if recurrence.kind == MONTHLY_NTH:
        nth, day = _(NTH_NAMES[recurrence.nth]), weekday_name(recurrence.weekday, lang)
        return capitalise(_(EVERY_MONTH_NTH) % {"nth": nth, "day": day, "date": until})
    if recurrence.kind == MONTHLY_DAY:
        number = "1er" if french and recurrence.month_day == 1 else str(recurrence.month_day)
        return capitalise(_(EVERY_MONTH_DAY) % {"day": number, "date": until})
    return ""


def month_label(day: date, lang: str) -> str:
    """ "Décembre 2026", a heading of the agenda."""
    return capitalise(format_date(day, "LLLL y", locale=babel_locale(lang)))
