"""Helpers of the admin performance tests: many items at once, statements counted."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from sqlalchemy import event

from app.models import DirectoryEntry, Event, MediaItem, NewsItem, Page, Revision, StoredFile
from tests.conftest import publish_directly


@pytest.fixture
def add_items(database, commune, publisher):
    """Factory: ``count`` more pages, news, events, directory entries (every other one
    published, with a saved revision each) and PDF documents, numbered from ``start``."""

    def add(start: int, count: int) -> None:
        owner = {"commune_id": commune.id, "updated_by_id": publisher.id}
        today = date(2026, 5, 1)
        with database.unit_of_work() as session:
            for n in range(start, start + count):
                items = [
                    Page(title=f"Page {n:03d}", slug=f"page-{n}", body="x", menu_position=n),
                    NewsItem(title=f"Actualité {n}", slug=f"news-{n}", news_date=today),
                    Event(title=f"Fête {n}", slug=f"event-{n}", starts_on=today, ends_on=today),
                    DirectoryEntry(name=f"Association {n}", slug=f"asso-{n}", category="autres"),
                ]
                for item in items:
                    for name, value in owner.items():
                        setattr(item, name, value)
                    if n % 2:
                        publish_directly(session, item)
                    else:
                        session.add(item)
                        session.flush()
                    session.add(
                        Revision(
                            content_type=item.content_type,
                            item_id=item.id,
                            commune_id=commune.id,
                            data=item.snapshot(),
                            published=False,
                            created_by_id=publisher.id,
                        )
                    )
                session.add(_document(commune.id, n))

    return add


def _document(commune_id: int, n: int) -> MediaItem:
    """A library document whose file row is its own (as every upload's is)."""
    stored = StoredFile(commune_id=commune_id, sha256=f"{n:064d}", size=1000,
                        media_type="application/pdf", filename=f"doc-{n}.pdf")  # fmt: skip
    return MediaItem(commune_id=commune_id, kind="document", title=f"Document {n}",
                     file=stored, total_size=1000)  # fmt: skip


@pytest.fixture
def count_statements(app):
    """Context manager: the list of SQL statements run inside it."""
    engine = app.extensions["bastide.database"].engine

    @contextlib.contextmanager
    def counting():
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting
