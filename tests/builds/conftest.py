"""Fixtures for builds: a commune with published pages and a real (not immediate) queue."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.db import Database
from app.migrate import upgrade_database
from app.models import Page, PageRevision
from app.text import slugify


@pytest.fixture
def queued_settings(settings):
    """Settings whose queue is Huey on SQLite, as in production: nothing runs by itself."""
    return replace(settings, queue_url=f"sqlite:///{settings.data_dir / 'queue.db'}")


@pytest.fixture
def queued_database(queued_settings):
    upgrade_database(queued_settings)
    db = Database(queued_settings)
    yield db
    db.dispose()


@pytest.fixture
def publish_pages():
    """Publish pages (title -> body) directly in the database for a commune."""

    def publish(database, commune, pages: dict[str, str]) -> None:
        with database.unit_of_work() as session:
            for position, (title, body) in enumerate(pages.items()):
                slug = slugify(title)
                page = Page(commune_id=commune.id, title=title, slug=slug, body=body)
                page.menu_position = position
                session.add(page)
                session.flush()
                revision = PageRevision(
                    page_id=page.id,
                    commune_id=commune.id,
                    title=title,
                    slug=slug,
                    body=body,
                    menu_position=position,
                )
                session.add(revision)
                session.flush()
                page.published_revision_id = revision.id

    return publish
