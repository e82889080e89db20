"""Collection dates of a round, with French public holidays and per-date changes applied.

A round comes on a weekday (every week, or every other week counted from the Monday of a
reference date's week, so parity survives year ends and 53-week ISO years) or on listed
dates, within optional first and last days. A collection due on a public holiday follows
the round's holiday rule; a per-date change (``Override``) wins over that rule. Shifts
keep each collection's note, the sentence residents read ("Moved: Thursday 25 December
(Christmas) → Friday 26 December"), in the language of the ``translations`` given
(identity, i.e. English msgids, by default). Public holidays are the metropolitan ones
named by ``app.hours.public_holidays``.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Iterator
from dataclasses import KW_ONLY, dataclass
from datetime import date, timedelta

from app.hours.formatting import Translations, day_label, is_french, month_day, weekday_name
from app.hours.public_holidays import DEFAULT_LANGUAGE, holiday_name
from app.waste import errors
from app.waste.errors import InvalidRound
from app.waste.labels import (
    CANCELLED,
    HOLIDAY_RULES,
    KEPT_NOTE,
    MOVED_NOTE,
    NEXT_DAY,
    NEXT_WORKING_DAY,
    ON_DATES,
    PREVIOUS_WORKING_DAY,
    RECURRENCES,
    SAME_DAY,
    STREAMS,
    WEEKLY,
)

IDENTITY: Translations = gettext.NullTranslations()
# Dates this far outside a window are computed too, for shifts that land inside it: in
# metropolitan France a holiday rule moves a collection by 3 days at most (Friday → Monday).
SHIFT_MARGIN = timedelta(days=7)
NEXT_HORIZON = timedelta(days=366)
_STREAM_ORDER = {key: position for position, key in enumerate(STREAMS)}


@dataclass(frozen=True)
class Override:
    """A change to one collection: moved from ``original`` to ``moved_to``, or cancelled."""

    original: date
    moved_to: date | None  # None: cancelled


@dataclass(frozen=True)
class Round:
    """A stream collected on a weekday (Monday is 0) or on listed dates.

    ``recurrence`` is ``"weekly"`` or ``"dates"``; left to None it is ``"dates"`` when
    dates are listed. Fields of the other recurrence are ignored, so a form may keep them
    while staff switch between the two.
    """

    stream: str
    weekday: int | None = None
    _: KW_ONLY
    every_weeks: int = 1
    reference_date: date | None = None
    dates: tuple[date, ...] = ()
    starts_on: date | None = None
    ends_on: date | None = None
    holiday_rule: str = NEXT_DAY
    overrides: tuple[Override, ...] = ()
    recurrence: str | None = None

    @property
    def kind(self) -> str:
        """ "weekly" or "dates" (or what was given, for ``check_round`` to refuse)."""
        if self.recurrence is not None:
            return self.recurrence
        return ON_DATES if self.dates else WEEKLY


@dataclass(frozen=True)
class Collection:
    """One day a stream is collected; ``moved_from`` is the day it was due, if moved."""

    date: date
    stream: str
    moved_from: date | None = None
    note: str = ""


def check_round(round_: Round) -> None:
    """Raise ``InvalidRound`` naming the field at fault if the round's dates cannot be known."""
    if round_.stream not in STREAMS:
        raise InvalidRound(errors.UNKNOWN_STREAM, field="stream")
    if round_.kind not in RECURRENCES:
        raise InvalidRound(errors.UNKNOWN_RECURRENCE, field="recurrence")
    if round_.kind == ON_DATES:
        if not round_.dates:
            raise InvalidRound(errors.DATES_MISSING, field="dates")
    else:
        _check_weekly(round_)
    if round_.holiday_rule not in HOLIDAY_RULES:
        raise InvalidRound(errors.HOLIDAY_RULE_UNKNOWN, field="holiday_rule")
    if round_.starts_on and round_.ends_on and round_.ends_on < round_.starts_on:
        raise InvalidRound(
            errors.ENDS_BEFORE_START,
            field="ends_on",
            start=_numeric(round_.starts_on),
            end=_numeric(round_.ends_on),
        )
    _check_overrides(round_)


def collections(
    round_: Round,
    start: date,
    end: date,
    *,
    lang: str = DEFAULT_LANGUAGE,
    translations: Translations = IDENTITY,
) -> list[Collection]:
    """The round's collections from ``start`` to ``end`` included, by date, one a day."""
    check_round(round_)
    changes = {change.original: change.moved_to for change in round_.overrides}
    due = set(_scheduled(round_, start - SHIFT_MARGIN, end + SHIFT_MARGIN))
    due.update(day for day, moved in changes.items() if moved and start <= moved <= end)
    made = []
    for original in sorted(due):
        collection = _collection(round_, original, changes, lang, translations)
        if collection and start <= collection.date <= end:
            made.append(collection)
    return _merge(made)


def zone_collections(
    rounds: Iterable[Round],
    start: date,
    end: date,
    *,
    lang: str = DEFAULT_LANGUAGE,
    translations: Translations = IDENTITY,
) -> list[Collection]:
    """Every round's collections from ``start`` to ``end``, by date then stream, one a day."""
    return _merge(
        collection
        for round_ in rounds
        for collection in collections(round_, start, end, lang=lang, translations=translations)
    )


def next_collections(
    rounds: Iterable[Round],
    today: date,
    count_per_stream: int = 3,
    *,
    lang: str = DEFAULT_LANGUAGE,
    translations: Translations = IDENTITY,
) -> dict[str, list[Collection]]:
    """The next collections of each stream from ``today`` on, within a year, streams in order."""
    upcoming = zone_collections(
        rounds, today, today + NEXT_HORIZON, lang=lang, translations=translations
    )
    return first_per_stream(upcoming, today, count_per_stream)


def first_per_stream(
    collections_: Iterable[Collection], today: date, count: int
) -> dict[str, list[Collection]]:
    """The first ``count`` collections of each stream from ``today`` on; streams without any
    are left out."""
    grouped: dict[str, list[Collection]] = {key: [] for key in STREAMS}
    for collection in sorted(collections_, key=_order):
        kept = grouped[collection.stream]
        if collection.date >= today and len(kept) < count:
            kept.append(collection)
    return {stream: kept for stream, kept in grouped.items() if kept}


def shifted_day(day: date, holiday_rule: str) -> date | None:
    """The day a collection due on ``day`` is made under the rule; None when cancelled."""
    if not is_public_holiday(day) or holiday_rule == SAME_DAY:
        return day
    if holiday_rule == NEXT_DAY:
        return day + timedelta(days=1)
    if holiday_rule == NEXT_WORKING_DAY:
        return next_working_day(day)
    if holiday_rule == PREVIOUS_WORKING_DAY:
        return previous_working_day(day)
    assert holiday_rule == CANCELLED, holiday_rule
    return None


def is_public_holiday(day: date) -> bool:
    """True on a French (metropolitan) public holiday."""
    return bool(holiday_name(day, DEFAULT_LANGUAGE))


def next_working_day(day: date) -> date:
    """The first day after ``day`` from Monday to Friday that is not a public holiday."""
    return _working_day(day, timedelta(days=1))


def previous_working_day(day: date) -> date:
    """The last day before ``day`` from Monday to Friday that is not a public holiday."""
    return _working_day(day, timedelta(days=-1))


def _working_day(day: date, step: timedelta) -> date:
    day += step
    while day.weekday() >= 5 or is_public_holiday(day):
        day += step
    return day


def _check_weekly(round_: Round) -> None:
    if round_.weekday not in range(7):
        raise InvalidRound(errors.WEEKDAY_MISSING, field="weekday")
    if round_.every_weeks not in (1, 2):
        raise InvalidRound(errors.EVERY_WEEKS_INVALID, field="every_weeks")
    if round_.every_weeks > 1 and round_.reference_date is None:
        raise InvalidRound(errors.REFERENCE_DATE_MISSING, field="reference_date")


def _check_overrides(round_: Round) -> None:
    seen: set[date] = set()
    for change in round_.overrides:
        if change.original in seen:
            raise InvalidRound(
                errors.OVERRIDE_TWICE, field="overrides", date=_numeric(change.original)
            )
        seen.add(change.original)
        if not _is_scheduled(round_, change.original):
            raise InvalidRound(
                errors.OVERRIDE_NOT_SCHEDULED, field="overrides", date=_numeric(change.original)
            )


def _scheduled(round_: Round, low: date, high: date) -> Iterator[date]:
    """The days the round is due from ``low`` to ``high``, before any shift."""
    low = max(low, round_.starts_on or low)
    high = min(high, round_.ends_on or high)
    if round_.kind == ON_DATES:
        yield from sorted(day for day in set(round_.dates) if low <= day <= high)
        return
    assert round_.weekday is not None
    day = low + timedelta(days=(round_.weekday - low.weekday()) % 7)
    if round_.every_weeks > 1:
        assert round_.reference_date is not None
        late = -_weeks_between(round_.reference_date, day) % round_.every_weeks
        day += timedelta(weeks=late)
    step = timedelta(weeks=round_.every_weeks)
    while day <= high:
        yield day
        day += step


def _is_scheduled(round_: Round, day: date) -> bool:
    if (round_.starts_on and day < round_.starts_on) or (round_.ends_on and day > round_.ends_on):
        return False
    if round_.kind == ON_DATES:
        return day in round_.dates
    if day.weekday() != round_.weekday:
        return False
    reference = round_.reference_date or day
    return _weeks_between(reference, day) % round_.every_weeks == 0


def _weeks_between(first: date, second: date) -> int:
    """Whole weeks from the Monday of ``first``'s week to that of ``second`` (ISO weeks)."""
    return (_monday(second) - _monday(first)).days // 7


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _collection(
    round_: Round,
    original: date,
    changes: dict[date, date | None],
    lang: str,
    translations: Translations,
) -> Collection | None:
    moved = changes[original] if original in changes else shifted_day(original, round_.holiday_rule)
    if moved is None:
        return None
    return Collection(
        date=moved,
        stream=round_.stream,
        moved_from=original if moved != original else None,
        note=_note(original, moved, lang, translations),
    )


def _note(original: date, moved: date, lang: str, translations: Translations) -> str:
    if moved != original:
        return translations.gettext(MOVED_NOTE) % {
            "original": _day_in_sentence(original, lang),
            "moved": _day_in_sentence(moved, lang),
        }
    holiday = holiday_name(original, lang)
    return translations.gettext(KEPT_NOTE) % {"holiday": holiday} if holiday else ""


def _day_in_sentence(day: date, lang: str) -> str:
    """ "jeudi 25 décembre (Noël)"; "Friday, December 25 (Christmas Day)" in English."""
    if is_french(lang):
        text = f"{weekday_name(day.weekday(), lang)} {month_day(day, lang)}"
    else:
        text = day_label(day, lang)
    holiday = holiday_name(day, lang)
    return f"{text} ({holiday})" if holiday else text


def _merge(made: Iterable[Collection]) -> list[Collection]:
    """By date then stream, one collection of a stream a day: the one with a note, which
    says why it is there, else the first."""
    kept: dict[tuple[date, str], Collection] = {}
    for collection in made:
        key = (collection.date, collection.stream)
        current = kept.get(key)
        if current is None or (collection.note and not current.note):
            kept[key] = collection
    return sorted(kept.values(), key=_order)


def _order(collection: Collection) -> tuple[date, int]:
    return collection.date, _STREAM_ORDER.get(collection.stream, len(_STREAM_ORDER))


def _numeric(day: date) -> str:
    """25/12/2026: how a date reads in an error message, in French and British English."""
    return day.strftime("%d/%m/%Y")
