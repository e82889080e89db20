"""The content life cycle, proven once over every registered content type.

A new type registered in ``app.content.kinds`` must add its sample form here; every
kernel behaviour then runs over it: drafts never live, publish, unpublish, stale edits,
roles, audit and tenant scoping.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from app.builds.snapshot import load_site_content
from app.builds.worker import ONLINE_DATES_REASON
from app.config import TIMEZONE
from app.content.kinds import CONTENT_KINDS
from app.content.queries import ItemNotFound, get_item
from app.models import AuditEntry, Build, Commune
from tests.conftest import post_form


def _pdf() -> tuple[BytesIO, str]:
    """A fresh upload of a real one-page PDF (each request consumes its stream)."""
    writer, buffer = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    buffer.seek(0)
    return buffer, "arrete-2026-001.pdf"


def _in_days(days: int) -> str:
    moment = datetime.now(UTC).astimezone(TIMEZONE) + timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M")


# content type -> (admin URL segment, a valid form, the field that names the item); a
# callable value is called for each request (uploads).
SAMPLES = {
    "page": ("pages", {"title": "Horaires", "slug": "", "body": "Ouvert.", "menu_position": "1"},
             "title"),
    "directory_entry": (
        "directory",
        {"name": "Bibliothèque municipale", "category": "equipements", "slug": "",
         "phones": "05 61 00 20 20", "mo_1_start": "09:00", "mo_1_end": "12:00",
         "hours_closed_on_holidays": "y", "body": "Prêt de livres."},
        "name",
    ),
    "news": ("news", {"title": "Fête du village", "slug": "", "news_date": "2026-11-20",
                      "summary": "Le programme de la fête.", "body": "Rendez-vous samedi."},
             "title"),
    "event": ("events", {"title": "Marché de Noël", "slug": "", "starts_on": "2026-12-05",
                         "start_time": "08:00", "ends_on": "2026-12-05", "end_time": "12:00",
                         "place": "Place de la mairie", "body": "Producteurs locaux."},
              "title"),
    "alert": ("alerts", {"message": "Route de la Forêt barrée pour travaux", "level": "vigilance",
                         "unpublish_at": _in_days(2)},
              "message"),
    "municipal_act": ("acts", {"kind": "arrete", "number": "2026-001", "slug": "",
                               "title": "Arrêté de circulation rue Haute",
                               "act_date": "2026-11-20", "author_name": "Marie Dupont",
                               "author_capacity": "Maire", "file": _pdf},
                      "title"),
}  # fmt: skip
KINDS = {kind.model.content_type: kind for kind in CONTENT_KINDS}


def test_every_content_type_has_a_sample():
    assert set(SAMPLES) == set(KINDS)


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return KINDS[request.param]


def _url(kind, commune, suffix=""):
    return f"/admin/c/{commune.slug}/{SAMPLES[kind.model.content_type][0]}/{suffix}"


def _form(kind, **overrides):
    values = SAMPLES[kind.model.content_type][1] | overrides
    return {name: value() if callable(value) else value for name, value in values.items()}


def _label(published) -> str:
    for name in ("title", "name", "message"):
        if hasattr(published, name):
            return getattr(published, name)
    raise AssertionError(published)


def _online_long_ago(database, kind) -> None:
    """Acts may leave the site only two months after going online: age them."""
    if hasattr(kind.model, "online_since"):
        with database.unit_of_work() as session:
            long_ago = datetime.now(UTC) - timedelta(days=70)
            session.execute(update(kind.model).values(online_since=long_ago))


def _name_field(kind):
    return SAMPLES[kind.model.content_type][2]


def _items(database, kind):
    with database.session() as session:
        query = (
            select(kind.model)
            .where(kind.model.commune_id.is_not(None))
            .options(
                selectinload(kind.model.published_revision), selectinload(kind.model.updated_by)
            )
        )
        return [i for i in session.scalars(query) if not getattr(i, "is_town_hall", False)]


def _site(database, settings, commune, kind):
    with database.session() as session:
        fresh = session.get(Commune, commune.id)
        return getattr(load_site_content(session, settings, fresh), kind.site_field)


def _builds(database):
    """Builds requested by the clerk's actions (not the worker's own follow-up that
    publishes the "mis en ligne le" of acts)."""
    with database.session() as session:
        query = select(func.count()).select_from(Build)
        return session.scalar(query.where(Build.reason != ONLINE_DATES_REASON))


def test_a_draft_is_never_on_the_site(client, login, editor, commune, database, settings, kind):
    login(editor.email)
    response = post_form(client, _url(kind, commune, "new"), _form(kind, save="1"))
    assert response.status_code == 302, response.get_data(as_text=True)
    [item] = _items(database, kind)
    assert item.status == "draft" and item.published_revision_id is None
    assert _site(database, settings, commune, kind) == ()
    assert _builds(database) == 0


def test_publish_freezes_a_revision_and_queues_one_build(
    client, login, publisher, commune, database, settings, kind
):
    login(publisher.email)
    response = post_form(client, _url(kind, commune, "new"), _form(kind, publish="1"))
    assert response.status_code == 302, response.get_data(as_text=True)
    [item] = _items(database, kind)
    assert item.status == "published"
    [published] = _site(database, settings, commune, kind)
    assert _label(published) in (item.title, getattr(item, "message", None))
    assert _builds(database) == 1
    # Editing the working copy does not change what is published.
    name = _name_field(kind)
    edit = _form(kind, **{name: "Nouveau nom", "version": str(item.version), "save": "1"})
    assert post_form(client, _url(kind, commune, str(item.id)), edit).status_code == 302
    [still] = _site(database, settings, commune, kind)
    assert still == published
    [item] = _items(database, kind)
    assert item.status == "changed"


def test_unpublish_takes_it_off_and_keeps_the_draft(
    client, login, publisher, commune, database, settings, kind
):
    login(publisher.email)
    post_form(client, _url(kind, commune, "new"), _form(kind, publish="1"))
    [item] = _items(database, kind)
    _online_long_ago(database, kind)
    response = post_form(client, _url(kind, commune, f"{item.id}/unpublish"))
    assert response.status_code == 302
    assert _site(database, settings, commune, kind) == ()
    [item] = _items(database, kind)
    assert item.status == "draft"


def test_a_stale_edit_is_refused_and_keeps_the_typed_text(
    client, login, publisher, commune, database, kind
):
    login(publisher.email)
    post_form(client, _url(kind, commune, "new"), _form(kind, save="1"))
    [item] = _items(database, kind)
    name = _name_field(kind)
    first = _form(kind, **{name: "Première", "version": str(item.version), "save": "1"})
    assert post_form(client, _url(kind, commune, str(item.id)), first).status_code == 302
    late = _form(kind, **{name: "Texte à ne pas perdre", "version": str(item.version)})
    response = post_form(client, _url(kind, commune, str(item.id)), late | {"save": "1"})
    assert response.status_code == 409
    assert "Texte à ne pas perdre" in response.get_data(as_text=True)
    [item] = _items(database, kind)
    assert item.title == "Première"


def test_an_editor_cannot_publish_and_nothing_is_saved(
    client, login, editor, commune, database, kind
):
    login(editor.email)
    response = post_form(client, _url(kind, commune, "new"), _form(kind, publish="1"))
    assert response.status_code == 403
    assert _items(database, kind) == []


def test_every_step_is_audited(client, login, publisher, commune, database, kind):
    login(publisher.email)
    post_form(client, _url(kind, commune, "new"), _form(kind, publish="1"))
    [item] = _items(database, kind)
    _online_long_ago(database, kind)
    post_form(client, _url(kind, commune, f"{item.id}/unpublish"))
    with database.session() as session:
        actions = list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.action.like(f"{kind.model.content_type}.%"))
                .order_by(AuditEntry.id)
            )
        )
    prefix = kind.model.content_type
    assert actions == [f"{prefix}.created", f"{prefix}.published", f"{prefix}.unpublished"]


def test_items_are_scoped_to_their_owner(
    client, login, publisher, commune, make_commune, database, kind
):
    login(publisher.email)
    post_form(client, _url(kind, commune, "new"), _form(kind, publish="1"))
    [item] = _items(database, kind)
    other = make_commune(slug="boulogne", name="Boulogne")
    with database.session() as session:
        assert get_item(session, commune, kind.model, item.id).id == item.id
        with pytest.raises(ItemNotFound):
            get_item(session, other, kind.model, item.id)


def test_the_preview_renders_the_draft_with_the_theme(client, login, editor, commune, kind):
    login(editor.email)
    name = _name_field(kind)
    response = post_form(
        client, _url(kind, commune, "preview"), _form(kind, **{name: "Aperçu du brouillon"})
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Aperçu du brouillon" in html
    assert "preview-banner" in html
