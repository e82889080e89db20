"""Clerk pages: drafts, validation that keeps input, concurrency, roles, audit, preview."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Build, Page
from tests.conftest import post_form


def _page_form(**overrides):
    return {
        "title": "Horaires",
        "slug": "",
        "body": "Ouvert le **lundi**.",
        "menu_position": "1",
    } | overrides


def _pages(database):
    with database.session() as session:
        return list(session.scalars(select(Page)))


def test_editor_saves_a_draft_that_is_not_published(client, login, editor, commune, database):
    login(editor.email)
    response = post_form(client, f"/admin/c/{commune.slug}/pages/new", _page_form(save="1"))
    assert response.status_code == 302
    [page] = _pages(database)
    assert (page.title, page.slug, page.published_revision_id) == ("Horaires", "horaires", None)
    with database.session() as session:
        assert session.scalar(select(Build)) is None


def test_editor_cannot_publish(client, login, editor, commune, database):
    login(editor.email)
    response = post_form(client, f"/admin/c/{commune.slug}/pages/new", _page_form(publish="1"))
    assert response.status_code == 403
    assert _pages(database) == []  # nothing half-saved
    assert "Horaires" in response.get_data(as_text=True)  # the form is kept


def test_publisher_publishes_and_a_build_is_queued(client, login, publisher, commune, database):
    login(publisher.email)
    response = post_form(client, f"/admin/c/{commune.slug}/pages/new", _page_form(publish="1"))
    assert response.status_code == 302
    [page] = _pages(database)
    assert page.published_revision_id is not None
    with database.session() as session:
        builds = list(session.scalars(select(Build)))
    assert len(builds) == 1 and builds[0].commune_id == commune.id


def test_validation_error_keeps_everything_typed(client, login, editor, commune, database):
    login(editor.email)
    body = "Un long texte que la secrétaire ne doit pas perdre.\n\n- point 1\n- point 2"
    response = post_form(
        client,
        f"/admin/c/{commune.slug}/pages/new",
        _page_form(title="", body=body, slug="Mauvaise Adresse!"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Un long texte que la secrétaire ne doit pas perdre." in html
    assert "Mauvaise Adresse!" in html
    assert _pages(database) == []


def test_bad_slug_is_explained_and_input_kept(client, login, editor, commune, database):
    login(editor.email)
    response = post_form(client, f"/admin/c/{commune.slug}/pages/new", _page_form(slug="Été 2026"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Ouvert le **lundi**." in html and "tirets" in html


def test_reserved_and_duplicate_slugs_are_refused(client, login, editor, commune, database):
    login(editor.email)
    url = f"/admin/c/{commune.slug}/pages/new"
    assert post_form(client, url, _page_form(slug="mentions-legales")).status_code == 400
    assert post_form(client, url, _page_form()).status_code == 302
    assert post_form(client, url, _page_form()).status_code == 400
    assert len(_pages(database)) == 1


def test_concurrent_edit_is_detected_not_overwritten(client, login, editor, commune, database, app):
    login(editor.email)
    post_form(client, f"/admin/c/{commune.slug}/pages/new", _page_form())
    [page] = _pages(database)
    url = f"/admin/c/{commune.slug}/pages/{page.id}"
    first = post_form(client, url, _page_form(body="Version de Marie", version="1"))
    assert first.status_code == 302
    second = post_form(client, url, _page_form(body="Version de Paul", version="1"))
    assert second.status_code == 409
    assert "Version de Paul" in second.get_data(as_text=True)  # Paul's text is not lost
    [page] = _pages(database)
    assert page.body == "Version de Marie"


def test_every_change_is_audited(client, login, publisher, commune, database):
    login(publisher.email)
    post_form(client, f"/admin/c/{commune.slug}/pages/new", _page_form(publish="1"))
    [page] = _pages(database)
    url = f"/admin/c/{commune.slug}/pages/{page.id}"
    post_form(client, url, _page_form(body="Fermé", version=str(page.version)))
    post_form(client, f"{url}/unpublish")
    with database.session() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    actions = [e.action for e in entries]
    assert actions == ["page.created", "page.published", "page.saved", "page.unpublished"]
    assert {e.actor for e in entries} == {publisher.email}
    assert {e.commune_id for e in entries} == {commune.id}


def test_unpublish_requires_publisher(client, login, editor, publisher, commune, database, app):
    other = app.test_client()
    login(publisher.email, client=other)
    post_form(other, f"/admin/c/{commune.slug}/pages/new", _page_form(publish="1"))
    [page] = _pages(database)
    login(editor.email)
    assert (
        post_form(client, f"/admin/c/{commune.slug}/pages/{page.id}/unpublish").status_code == 403
    )
    [page] = _pages(database)
    assert page.published_revision_id is not None


def test_preview_renders_with_the_theme_and_sanitises(client, login, editor, commune, database):
    login(editor.email)
    body = "## Bienvenue\n\n<script>alert('x')</script>\n\n[piège](javascript:alert(1))"
    response = post_form(client, f"/admin/c/{commune.slug}/pages/preview", _page_form(body=body))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h2" in html and "Bienvenue" in html
    assert "Aurignac" in html  # the commune's layout around the page
    assert "<script" not in html and "javascript:" not in html
    assert "/admin/themes/bastide/static" in html
    assert _pages(database) == []  # preview saves nothing


def test_a_slug_still_live_on_another_page_is_refused(client, login, publisher, commune, database):
    """Renaming a published page's draft keeps its old address live until republished:
    a new page may not take it, or every later build would fail."""
    login(publisher.email)
    url = f"/admin/c/{commune.slug}/pages/new"
    post_form(client, url, _page_form(publish="1"))
    [page] = _pages(database)
    post_form(
        client,
        f"/admin/c/{commune.slug}/pages/{page.id}",
        _page_form(slug="horaires-ete", version=str(page.version)),
    )
    response = post_form(client, url, _page_form())
    assert response.status_code == 400
    assert "horaires" in response.get_data(as_text=True)
    assert len(_pages(database)) == 1


@pytest.mark.parametrize("version", ["²", "9" * 5000, "-1", "abc"])
def test_a_tampered_version_is_a_stale_edit_not_a_crash(
    client, login, editor, commune, database, version
):
    login(editor.email)
    post_form(client, f"/admin/c/{commune.slug}/pages/new", _page_form())
    [page] = _pages(database)
    response = post_form(
        client,
        f"/admin/c/{commune.slug}/pages/{page.id}",
        _page_form(body="Nouveau", version=version),
    )
    assert response.status_code == 409
    assert "Nouveau" in response.get_data(as_text=True)


@pytest.mark.parametrize("body", ["[a" * 3000, "[[a] " * 1500, "[" * 1500 + "]" * 1500])
def test_text_that_would_stall_the_renderer_is_refused_and_kept(
    client, login, editor, commune, body
):
    """Python-Markdown needs minutes for thousands of open brackets: refuse, keep the text."""
    login(editor.email)
    url = f"/admin/c/{commune.slug}/pages/new"
    response = post_form(client, url, _page_form(body=body))
    assert response.status_code == 400
    assert "« [ »" in response.get_data(as_text=True)
    preview = post_form(client, f"/admin/c/{commune.slug}/pages/preview", _page_form(body=body))
    assert preview.status_code == 400


def test_ordinary_brackets_are_fine(client, login, editor, commune, database):
    login(editor.email)
    body = "Voir [la mairie](/mairie) et [1], [2] ; [[note]]. " * 200
    response = post_form(client, f"/admin/c/{commune.slug}/pages/new", _page_form(body=body))
    assert response.status_code == 302
