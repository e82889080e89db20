"""One pager for every long admin list: ``?page=N``, 50 rows a page, counted in SQL.

A page number that is not a number, below 1 or past the end shows the nearest page that
exists (the first or the last), so a stale bookmark or a typed URL never fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any

from flask import request, url_for
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

PAGE_SIZE = 50
PAGE_ARGUMENT = "page"
# Beyond this many digits a page number is past any list's end: the last page.
MAX_DIGITS = 9


@dataclass(frozen=True)
class Pagination:
    """One page of a list: its rows, its number (from 1) and the size of the whole list."""

    items: Sequence[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one, even when empty)."""
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        """The position (from 1) of the page's first row in the whole list."""
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.number * self.per_page, self.total)

    def numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to link to: the first, the last and ``around`` on each side of
        the current one; ``None`` marks a gap."""
        shown = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        result: list[int | None] = []
        for number in sorted(n for n in shown if 1 <= n <= self.pages):
            if result and number - (result[-1] or 0) > 1:
                result.append(None)
            result.append(number)
        return result

    def url(self, number: int) -> str:
        """The current screen's address at page ``number``, with its other arguments."""
        arguments = {**request.args.to_dict(), **(request.view_args or {})}
        arguments.pop(PAGE_ARGUMENT, None)
        if number > 1:
            arguments[PAGE_ARGUMENT] = number
        return url_for(request.endpoint, **arguments)


def requested_page(raw: str | None) -> int:
    """The page number asked for: anything unreadable is the first page, a number too
    long to be a real page is far past the end."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit():
        return 1
    if len(raw) > MAX_DIGITS:
        return 10**MAX_DIGITS
    return max(1, int(raw))


def paginate(
    session: Session, query: Select, *, per_page: int = PAGE_SIZE, page: int | None = None
) -> Pagination:
    """The requested page (``?page=`` unless ``page`` is given) of an ordered query."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    wanted = requested_page(request.args.get(PAGE_ARGUMENT)) if page is None else page
    number = min(max(1, wanted), max(1, ceil(total / per_page)))
    rows = session.scalars(query.limit(per_page).offset((number - 1) * per_page))
    return Pagination(list(rows), number, per_page, total)
