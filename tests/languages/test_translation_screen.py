"""The translation screen of every content type: one link per enabled language from the
edit screen, saved with the version check into the working copy and its history,
404 for a language the site does not have and for another commune's item, published
with the item into the Occitan build."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select, update

from app.builds.snapshot import load_site_content
from app.content.kinds import CONTENT_KINDS
from app.models import AuditEntry, Commune, Page, Revision
from app.publishing.languages import localized
from tests.conftest import post_form, publish_directly
from tests.content.test_life_cycle import KINDS, _form, _items, _name_field, _url


@pytest.fixture
def occitan_commune(database, commune):
    with database.unit_of_work() as session:
        session.execute(
            update(Commune).where(Commune.id == commune.id).values(languages=["fr", "oc"])
        )
    return commune


@pytest.fixture
def page(database, occitan_commune):
    with database.unit_of_work() as session:
        page = Page(commune_id=occitan_commune.id, title="La mairie", slug="mairie", body="Texte.")
        publish_directly(session, page)
    return page


def _page_url(commune, page, lang="oc") -> str:
    return f"/admin/c/{commune.slug}/pages/{page.id}/translation/{lang}"


def _fresh(database, page) -> Page:
    with database.session() as session:
        fresh = session.get(Page, page.id)
        fresh.status_now = fresh.status  # read while the session is open
        return fresh


def test_edit_screen_links_each_enabled_language(client, login, editor, occitan_commune, page):
    login(editor.email)
    text = client.get(f"/admin/c/{occitan_commune.slug}/pages/{page.id}").get_data(as_text=True)
    assert f'href="{_page_url(occitan_commune, page)}"' in text
    assert "/translation/en" not in text


def test_edit_screen_of_a_french_only_site_has_no_translation_link(
    client, login, editor, commune, database
):
    with database.unit_of_work() as session:
        page = Page(commune_id=commune.id, title="La mairie", slug="mairie", body="Texte.")
        session.add(page)
    login(editor.email)
    text = client.get(f"/admin/c/{commune.slug}/pages/{page.id}").get_data(as_text=True)
    assert "/translation/" not in text
    assert client.get(_page_url(commune, page)).status_code == 404


def test_screen_shows_the_french_texts_and_the_fields(client, login, editor, occitan_commune, page):
    login(editor.email)
    response = client.get(_page_url(occitan_commune, page))
    assert response.status_code == 200
    text = html.unescape(response.get_data(as_text=True))
    assert 'name="title"' in text and 'lang="oc"' in text
    assert "La mairie" in text  # the French title, beside its translation
    assert "data-editor" in text  # the body through the rich-text editor


def test_saving_keeps_the_translation_in_the_working_copy_and_history(
    client, login, editor, occitan_commune, page, database
):
    login(editor.email)
    form = {"version": str(page.version), "title": "L'ostal de comuna", "body": "Tèxte."}
    response = post_form(client, _page_url(occitan_commune, page), form)
    assert response.status_code == 302
    saved = _fresh(database, page)
    assert saved.translations == {"oc": {"title": "L'ostal de comuna", "body": "Tèxte."}}
    assert saved.version == page.version + 1
    assert saved.status_now == "changed"  # published with the item, not before
    with database.session() as session:
        revisions = session.scalars(
            select(Revision).where(Revision.content_type == "page", Revision.item_id == page.id)
        ).all()
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert any(r.data.get("translations", {}).get("oc") for r in revisions if not r.published)
    assert "translations" in str(audit.details)


def test_a_stale_translation_is_refused_and_the_text_kept(
    client, login, editor, occitan_commune, page, database
):
    login(editor.email)
    stale = {"version": str(page.version - 1), "title": "Tèxte perdut?", "body": ""}
    response = post_form(client, _page_url(occitan_commune, page), stale)
    assert response.status_code == 409
    assert "Tèxte perdut?" in html.unescape(response.get_data(as_text=True))
    assert _fresh(database, page).translations == {}


def test_language_not_enabled_is_404(client, login, editor, occitan_commune, page):
    login(editor.email)
    assert client.get(_page_url(occitan_commune, page, "en")).status_code == 404
    assert client.get(_page_url(occitan_commune, page, "fr")).status_code == 404
    form = {"version": str(page.version), "title": "The town hall", "body": ""}
    assert post_form(client, _page_url(occitan_commune, page, "en"), form).status_code == 404


def test_another_communes_item_is_404(client, login, make_commune, make_user, page, database):
    other = make_commune(slug="boussan", name="Boussan", languages=["fr", "oc"])
    stranger = make_user("clerk@boussan.test", commune=other)
    login(stranger.email)
    assert client.get(_page_url(other, page)).status_code == 404


def test_emptying_every_text_removes_the_translation(
    client, login, editor, occitan_commune, page, database
):
    login(editor.email)
    first = {"version": str(page.version), "title": "L'ostal", "body": ""}
    post_form(client, _page_url(occitan_commune, page), first)
    version = _fresh(database, page).version
    post_form(client, _page_url(occitan_commune, page), {"version": str(version), "title": " "})
    assert _fresh(database, page).translations == {}


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return KINDS[request.param]


def test_every_type_has_the_screen_and_its_translation_is_published(
    client, login, publisher, occitan_commune, database, settings, kind
):
    """Create, translate and publish an item of each type: the Occitan site shows it."""
    login(publisher.email)
    created = post_form(client, _url(kind, occitan_commune, "new"), _form(kind, save="1"))
    assert created.status_code == 302, created.get_data(as_text=True)
    [item] = _items(database, kind)
    name = _name_field(kind)
    url = _url(kind, occitan_commune, f"{item.id}/translation/oc")
    assert client.get(url).status_code == 200
    saved = post_form(client, url, {"version": str(item.version), name: "Tèxte occitan"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    [item] = _items(database, kind)
    publish = _form(kind, version=str(item.version), publish="1")
    response = post_form(client, _url(kind, occitan_commune, str(item.id)), publish)
    assert response.status_code == 302, response.get_data(as_text=True)
    with database.session() as session:
        site = load_site_content(session, settings, session.get(Commune, occitan_commune.id))
    [shown] = getattr(localized(site, "oc"), kind.site_field)
    assert getattr(shown, name) == "Tèxte occitan"
    assert name not in shown.untranslated
    [french] = getattr(site, kind.site_field)
    assert getattr(french, name) != "Tèxte occitan"


def test_every_kind_is_covered() -> None:
    assert {kind.model.content_type for kind in CONTENT_KINDS} == set(KINDS)


def test_translation_screens_are_valid_html(
    client, login, publisher, occitan_commune, database, tmp_path
):
    from test_html_validity import _nu_errors

    login(publisher.email)
    pages = {}
    for kind in KINDS.values():
        created = post_form(client, _url(kind, occitan_commune, "new"), _form(kind, save="1"))
        assert created.status_code == 302, created.get_data(as_text=True)
        [item] = _items(database, kind)
        url = _url(kind, occitan_commune, f"{item.id}/translation/oc")
        pages[url] = client.get(url).get_data(as_text=True)
        pages[f"{url} (edit)"] = client.get(_url(kind, occitan_commune, str(item.id))).get_data(
            as_text=True
        )
    stale = post_form(client, url, {"version": "0", _name_field(kind): "Vièlh"})
    assert stale.status_code == 409
    pages["stale"] = stale.get_data(as_text=True)
    assert _nu_errors(pages, tmp_path / "nu") == {}
