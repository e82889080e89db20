"""Translations belong to the working copy: frozen in revisions, compared by the status,
brought back by a restore — for every content type."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.content.history import record_save, restore_revision
from app.content.kinds import CONTENT_KINDS
from app.models import Commune, Page
from tests.conftest import publish_directly


def test_every_type_declares_translatable_texts_among_its_fields():
    for kind in CONTENT_KINDS:
        fields = kind.model.translatable_fields
        assert fields, kind.model.__name__
        assert set(fields) <= set(kind.model.snapshot_fields), kind.model.__name__


@pytest.fixture
def page(database, commune):
    with database.unit_of_work() as session:
        page = Page(commune_id=commune.id, title="La mairie", slug="mairie", body="Texte.")
        page.translations = {"oc": {"title": "L'ostal de comuna", "body": "Tèxte."}}
        publish_directly(session, page)
    return page


def test_a_published_translation_is_in_the_revision(database, page):
    with database.session() as session:
        page = session.get(Page, page.id)
        assert page.published_revision.data["translations"]["oc"]["title"] == "L'ostal de comuna"
        assert page.status == "published"


def test_editing_only_a_translation_is_an_unpublished_change(database, page):
    with database.unit_of_work() as session:
        page = session.get(Page, page.id)
        page.translations = {"oc": {"title": "L'ostal comunal", "body": "Tèxte."}}
    with database.session() as session:
        assert session.get(Page, page.id).status == "changed"


def test_restoring_a_version_brings_its_translation_back(database, commune, page):
    with database.unit_of_work() as session:
        owner = session.get(Commune, commune.id)
        item = session.get(Page, page.id)
        item.translations = {}
        item.version += 1
        record_save(session, owner, item, None)
        revision = item.published_revision
        restore_revision(session, owner, item, revision, None, version=item.version, note="")
    with database.session() as session:
        item = session.scalar(select(Page).where(Page.id == page.id))
        assert item.translations == {"oc": {"title": "L'ostal de comuna", "body": "Tèxte."}}
        assert item.status == "published"


def test_an_item_never_translated_keeps_its_old_snapshot(database, commune):
    with database.unit_of_work() as session:
        page = Page(commune_id=commune.id, title="Écoles", slug="ecoles", body="Texte.")
        session.add(page)
        session.flush()
        assert "translations" not in page.snapshot()  # revisions made before stay "published"
