"""Versions of every content type: every save kept, compared, restored; autosave; review
before publication; the accessibility check gating publication. Run over every type."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.content.diff import Segment, word_diff
from app.content.history import prune_drafts
from app.models import AuditEntry, Commune, ReviewState, Revision, Role
from tests.conftest import post_form
from tests.content.test_life_cycle import (
    KINDS,
    _form,
    _items,
    _label,
    _name_field,
    _site,
    _url,
)


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return KINDS[request.param]


def _revisions(database, item) -> list[Revision]:
    with database.session() as session:
        query = select(Revision).where(
            Revision.content_type == item.content_type, Revision.item_id == item.id
        )
        return list(session.scalars(query.order_by(Revision.id)))


def _save(client, kind, commune, item, **values):
    form = _form(kind, **{"version": str(item.version), "save": "1", **values})
    return post_form(client, _url(kind, commune, str(item.id)), form)


def _create(client, kind, commune, name):
    response = post_form(client, _url(kind, commune, "new"), _form(kind, **{name: "Version 1"}))
    assert response.status_code == 302, response.get_data(as_text=True)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_every_save_is_kept_and_listed(client, login, editor, commune, database, kind):
    login(editor.email)
    name = _name_field(kind)
    _create(client, kind, commune, name)
    for text in ("Version 2", "Version 3"):
        [item] = _items(database, kind)
        assert _save(client, kind, commune, item, **{name: text}).status_code == 302
    [item] = _items(database, kind)
    revisions = _revisions(database, item)
    assert [r.data[name] for r in revisions] == ["Version 1", "Version 2", "Version 3"]
    assert not any(r.published for r in revisions)
    page = _text(client.get(_url(kind, commune, f"{item.id}/history")))
    assert len(re.findall(r'<td data-label="Version">Enregistrée le', page)) == 3
    assert editor.email in page


def test_restore_the_first_of_three_versions_then_publish(
    client, login, publisher, commune, database, settings, kind
):
    login(publisher.email)
    name = _name_field(kind)
    _create(client, kind, commune, name)
    for text in ("Version 2", "Version 3"):
        [item] = _items(database, kind)
        _save(client, kind, commune, item, **{name: text})
    [item] = _items(database, kind)
    first = _revisions(database, item)[0]
    response = post_form(
        client,
        _url(kind, commune, f"{item.id}/restore/{first.id}"),
        {"version": str(item.version)},
    )
    assert response.status_code == 302
    [item] = _items(database, kind)
    assert getattr(item, name) == "Version 1" and item.status == "draft"
    assert _revisions(database, item)[-1].note.startswith("Restaurée depuis la version du")
    # Publish the working copy as it stands (the edit form would show the restored text).
    response = post_form(
        client, _url(kind, commune, f"{item.id}/publish"), {"version": str(item.version)}
    )
    assert response.status_code == 302
    [published] = _site(database, settings, commune, kind)
    assert _label(published) == "Version 1"
    with database.session() as session:
        verbs = set(session.scalars(select(AuditEntry.action)))
    assert f"{kind.model.content_type}.restored" in verbs


def test_a_restore_from_a_stale_page_is_refused(client, login, editor, commune, database, kind):
    login(editor.email)
    name = _name_field(kind)
    _create(client, kind, commune, name)
    [item] = _items(database, kind)
    _save(client, kind, commune, item, **{name: "Version 2"})
    first = _revisions(database, item)[0]
    response = post_form(
        client,
        _url(kind, commune, f"{item.id}/restore/{first.id}"),
        {"version": str(item.version)},  # the version before the second save
        follow_redirects=True,
    )
    assert "Rechargez la page" in _text(response)
    [item] = _items(database, kind)
    assert getattr(item, name) == "Version 2"


def test_two_versions_compare_word_by_word(client, login, editor, commune, database, kind):
    login(editor.email)
    name = _name_field(kind)
    _create(client, kind, commune, name)
    [item] = _items(database, kind)
    _save(client, kind, commune, item, **{name: "Version deux corrigée"})
    first, second = _revisions(database, item)
    page = _text(
        client.get(_url(kind, commune, f"{item.id}/compare?from={first.id}&to={second.id}"))
    )
    assert re.search(r"<del>.*1.*</del>", page) and re.search(r"<ins>.*deux corrigée.*</ins>", page)
    current = client.get(_url(kind, commune, f"{item.id}/compare?from={first.id}&to=current"))
    assert current.status_code == 200
    for bad in ("abc", "99999", "9" * 40):
        response = client.get(_url(kind, commune, f"{item.id}/compare?from={bad}&to=current"))
        assert response.status_code == 404


def test_another_communes_revision_cannot_be_read_or_restored(
    client, login, make_commune, make_user, editor, commune, database, kind
):
    login(editor.email)
    name = _name_field(kind)
    _create(client, kind, commune, name)
    [mine] = _items(database, kind)
    [revision] = _revisions(database, mine)
    other = make_commune(slug="toulouse-test", name="Toulouse")
    stranger = make_user("stranger@example.org", commune=other)
    post_form(client, "/admin/logout")
    login(stranger.email)
    _create(client, kind, other, name)
    theirs = next(i for i in _items(database, kind) if i.commune_id == other.id)
    url = _url(kind, other, f"{theirs.id}/compare?from={revision.id}&to=current")
    assert client.get(url).status_code == 404
    restore = _url(kind, other, f"{theirs.id}/restore/{revision.id}")
    assert post_form(client, restore, {"version": str(theirs.version)}).status_code == 404
    assert client.get(_url(kind, commune, f"{mine.id}/history")).status_code in (403, 404)


def test_autosave_saves_the_working_copy_and_keeps_one_revision(
    client, login, editor, commune, database, kind
):
    login(editor.email)
    name = _name_field(kind)
    _create(client, kind, commune, name)
    [item] = _items(database, kind)
    url = _url(kind, commune, f"{item.id}/autosave")
    version = item.version
    for text in ("Brouillon A", "Brouillon B"):
        response = post_form(client, url, _form(kind, **{name: text, "version": str(version)}))
        assert response.status_code == 200, response.get_data(as_text=True)
        assert "Brouillon enregistré à" in response.json["message"]
        version = response.json["version"]
    [item] = _items(database, kind)
    assert getattr(item, name) == "Brouillon B" and item.version == version
    revisions = _revisions(database, item)
    assert len(revisions) == 2 and revisions[-1].autosave  # the creation, one autosave
    stale = post_form(client, url, _form(kind, **{name: "Trop tard", "version": "1"}))
    assert stale.status_code == 409 and stale.json["message"]


def _turn_review_on(database, commune) -> None:
    with database.unit_of_work() as session:
        session.get(Commune, commune.id).review_required = True


def test_review_submit_send_back_resubmit_publish(
    client, login, make_user, commune, database, settings, kind
):
    editor = make_user("redactrice@example.org", commune=commune, role=Role.EDITOR)
    publisher = make_user("maire@example.org", commune=commune, role=Role.PUBLISHER)
    name = _name_field(kind)
    login(publisher.email)
    response = post_form(
        client, f"/admin/c/{commune.slug}/review-setting", {"review_required": "1"}
    )
    assert response.status_code == 302
    post_form(client, "/admin/logout")

    login(editor.email)
    form = _form(kind, **{name: "Proposition", "submit_review": "1"})
    assert post_form(client, _url(kind, commune, "new"), form).status_code == 302
    [item] = _items(database, kind)
    assert item.review_state == ReviewState.SUBMITTED and item.published_revision_id is None
    post_form(client, "/admin/logout")

    login(publisher.email)
    dashboard = _text(client.get(f"/admin/c/{commune.slug}/"))
    assert "En attente de relecture" in dashboard and "Proposition" in dashboard
    review_page = _text(client.get(_url(kind, commune, f"{item.id}/review")))
    assert re.search(r"<ins>.*Proposition.*</ins>", review_page)
    empty = post_form(client, _url(kind, commune, f"{item.id}/send-back"), {"comment": " "})
    assert empty.status_code == 400
    back = post_form(
        client, _url(kind, commune, f"{item.id}/send-back"), {"comment": "Précisez la date."}
    )
    assert back.status_code == 302
    post_form(client, "/admin/logout")

    login(editor.email)
    edit_page = _text(client.get(_url(kind, commune, str(item.id))))
    assert "Précisez la date." in edit_page and "Soumettre à nouveau" in edit_page
    [item] = _items(database, kind)
    resubmit = _form(
        kind, **{name: "Proposition datée", "version": str(item.version), "submit_review": "1"}
    )
    assert post_form(client, _url(kind, commune, str(item.id)), resubmit).status_code == 302
    post_form(client, "/admin/logout")

    login(publisher.email)
    [item] = _items(database, kind)
    assert item.review_state == ReviewState.SUBMITTED
    published = post_form(
        client, _url(kind, commune, f"{item.id}/publish"), {"version": str(item.version)}
    )
    assert published.status_code == 302
    [item] = _items(database, kind)
    assert item.status == "published" and item.review_state == ReviewState.NONE
    [online] = _site(database, settings, commune, kind)
    assert _label(online) == "Proposition datée"


def test_submitting_needs_review_turned_on(client, login, editor, commune, database, kind):
    login(editor.email)
    name = _name_field(kind)
    form = _form(kind, **{name: "Proposition", "submit_review": "1"})
    assert post_form(client, _url(kind, commune, "new"), form).status_code == 403
    assert _items(database, kind) == []


def test_a_reviewed_item_changed_meanwhile_is_not_published(
    client, login, publisher, commune, database, kind
):
    _turn_review_on(database, commune)
    login(publisher.email)
    name = _name_field(kind)
    _create(client, kind, commune, name)
    [item] = _items(database, kind)
    seen = item.version
    _save(client, kind, commune, item, **{name: "Changé pendant la relecture"})
    response = post_form(client, _url(kind, commune, f"{item.id}/publish"), {"version": str(seen)})
    assert response.status_code == 303
    [item] = _items(database, kind)
    assert item.published_revision_id is None


def test_an_editor_cannot_send_back_or_turn_review_off(
    client, login, editor, commune, database, kind
):
    _turn_review_on(database, commune)
    login(editor.email)
    name = _name_field(kind)
    _create(client, kind, commune, name)
    [item] = _items(database, kind)
    url = _url(kind, commune, f"{item.id}/send-back")
    assert post_form(client, url, {"comment": "Non."}).status_code == 403
    setting = post_form(client, f"/admin/c/{commune.slug}/review-setting", {"review_required": "0"})
    assert setting.status_code == 303
    with database.session() as session:
        assert session.get(Commune, commune.id).review_required


def test_old_drafts_are_pruned_but_publications_and_the_latest_kept(
    client, login, publisher, commune, database, kind
):
    login(publisher.email)
    name = _name_field(kind)
    _create(client, kind, commune, name)
    [item] = _items(database, kind)
    _save(client, kind, commune, item, **{name: "Version 2"}, publish="1")
    [item] = _items(database, kind)
    _save(client, kind, commune, item, **{name: "Version 3"})
    with database.unit_of_work() as session:
        assert prune_drafts(session, now=datetime.now(UTC) + timedelta(days=91)) == 1
    [item] = _items(database, kind)
    kept = _revisions(database, item)
    assert [(r.data[name], r.published) for r in kept] == [
        ("Version 2", True),
        ("Version 3", False),
    ]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Revision)) == 2


def test_word_diff_marks_changed_words_only():
    segments = word_diff("La mairie ouvre à 9 h.", "La mairie ouvre à 8 h 30.")
    assert Segment("same", "La mairie ouvre à ") in segments
    assert [s.text for s in segments if s.kind == "removed"] == ["9 h."]
    assert [s.text for s in segments if s.kind == "added"] == ["8 h 30."]
    assert word_diff("même texte", "même texte") == [Segment("same", "même texte")]


def test_a_huge_text_is_compared_line_by_line_without_stalling():
    before = "\n".join(f"ligne {n} " + "mot " * 10 for n in range(5000))
    after = before.replace("ligne 2500 ", "ligne modifiée ")
    segments = word_diff(before, after)
    assert next(s.text for s in segments if s.kind == "added").startswith("ligne modifiée")


BODY_KINDS = sorted(name for name, kind in KINDS.items() if hasattr(kind.model, "body"))


@pytest.mark.parametrize("content_type", BODY_KINDS)
def test_an_image_without_alternative_text_blocks_publication_not_the_save(
    client, login, publisher, commune, database, content_type
):
    kind = KINDS[content_type]
    login(publisher.email)
    body = "Voici le plan.\n\n![](/images/plan-du-bourg.jpg)\n\nCliquez [ici](/plan/)."
    response = post_form(client, _url(kind, commune, "new"), _form(kind, body=body, publish="1"))
    assert response.status_code == 302
    [item] = _items(database, kind)
    assert item.published_revision_id is None and item.body == body
    assert item.accessibility_problems == 2  # the image (blocking), the vague link
    page = _text(client.get(_url(kind, commune, str(item.id))))
    assert "non publié" in page
    assert re.search(r'<li class="blocking" data-rule="image-alt">', page)
    assert 'data-rule="link-text"' in page
    assert len(_revisions(database, item)) == 1  # the draft is kept in the history
    fixed = body.replace("![](", "![Plan du bourg](")
    form = _form(kind, body=fixed, version=str(item.version), publish="1")
    assert post_form(client, _url(kind, commune, str(item.id)), form).status_code == 302
    [item] = _items(database, kind)
    assert item.status == "published" and item.accessibility_problems == 1


def test_the_command_and_the_nightly_task_prune_old_drafts(
    bastide, client, login, editor, commune, database, settings
):
    from app.builds.queue import get_queue

    kind = KINDS["page"]
    login(editor.email)
    _create(client, kind, commune, "title")
    [item] = _items(database, kind)
    _save(client, kind, commune, item, title="Version 2")
    with database.unit_of_work() as session:
        first = session.scalar(select(Revision).order_by(Revision.id).limit(1))
        first.created_at = datetime.now(UTC) - timedelta(days=100)
    result = bastide("revisions", "prune")
    assert result.exit_code == 0 and "1 brouillon(s)" in result.output
    tasks = {t.__name__ for t in get_queue(settings)._registry._periodic_tasks}
    assert "prune_old_drafts" in tasks
