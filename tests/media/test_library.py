"""The library's screens: the space used, describing a file, deleting one no text uses,
the files served to members only, the editor's picker."""

from __future__ import annotations

from sqlalchemy import select

from app.models import AuditEntry, MediaItem, Page, Role
from app.publishing.media import size_label
from tests.conftest import post_form, publish_directly

from .conftest import admin_text, image_bytes, library_url, page_text, pdf_bytes, post_upload


def test_the_library_lists_files_and_the_space_used(client, upload, one_image, commune):
    assert upload(pdf_bytes(text="Budget"), "budget-2026.pdf").status_code == 302
    text = page_text(client.get(library_url(commune)))
    assert "Budget 2026" in text and "Mairie" in text
    used = size_label(one_image.total_size + len(pdf_bytes(text="Budget")))
    assert admin_text("Space used: %(used)s of %(quota)s.", used=used, quota="500 Mo") in text
    assert f"PDF, {size_label(len(pdf_bytes(text='Budget')))}" in text  # format and size


def test_describing_a_file_again(client, one_image, commune, database):
    url = library_url(commune, str(one_image.id))
    assert "La mairie" in page_text(client.get(url))
    response = post_form(client, url, {"title": "Mairie", "alt_text": "", "credit": ""})
    assert response.status_code == 400
    assert 'id="alt_text-error"' in page_text(response)
    response = post_form(client, url, {"title": "Mairie", "alt_text": "La mairie en été"})
    assert response.status_code == 302
    with database.session() as session:
        assert session.get(MediaItem, one_image.id).alt_text == "La mairie en été"
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("media.%"))
        )
        assert list(actions) == ["media.uploaded", "media.updated"]


def _use_in_a_page(database, commune, media_id: int, *, published: bool) -> Page:
    with database.unit_of_work() as session:
        page = Page(commune_id=commune.id, title="Le lavoir", slug="lavoir",
                    body=f"Voici le lavoir :\n\n![](media:{media_id})\n")  # fmt: skip
        if published:
            publish_directly(session, page)
            page.body = "Texte sans image."  # only the online version still uses it
        session.add(page)
    return page


def test_a_file_used_by_a_page_cannot_be_deleted_and_the_page_is_named(
    client, login, make_user, one_image, commune, database
):
    page = _use_in_a_page(database, commune, one_image.id, published=True)
    make_user("maire@aurignac.test", commune=commune, role=Role.PUBLISHER)
    login("maire@aurignac.test")
    response = post_form(client, library_url(commune, f"{one_image.id}/delete"))
    assert response.status_code == 409
    text = page_text(response)
    assert f'href="/admin/c/aurignac/pages/{page.id}"' in text and "Le lavoir" in text
    with database.unit_of_work() as session:
        assert session.get(MediaItem, one_image.id) is not None
        session.get(Page, page.id).published_revision_id = None  # taken offline
    response = post_form(client, library_url(commune, f"{one_image.id}/delete"))
    assert response.status_code == 302
    with database.session() as session:
        assert session.get(MediaItem, one_image.id) is None
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "media.deleted"))


def test_a_working_copy_also_counts_as_a_use(
    client, login, make_user, one_image, commune, database
):
    _use_in_a_page(database, commune, one_image.id, published=False)
    make_user("maire@aurignac.test", commune=commune, role=Role.PUBLISHER)
    login("maire@aurignac.test")
    assert post_form(client, library_url(commune, f"{one_image.id}/delete")).status_code == 409


def test_an_editor_cannot_delete(client, one_image, commune, database):
    response = post_form(client, library_url(commune, f"{one_image.id}/delete"))
    assert response.status_code == 403
    with database.session() as session:
        assert session.get(MediaItem, one_image.id) is not None


def test_files_are_served_to_members_with_their_type(client, upload, one_image, commune):
    view = client.get(library_url(commune, f"{one_image.id}/view"))
    assert (view.status_code, view.mimetype) == (200, "image/webp")
    assert view.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in view.headers.get("Content-Disposition", "")
    view.close()
    data = pdf_bytes(text="Budget")
    assert upload(data, "budget.pdf").status_code == 302
    picker = client.get(library_url(commune, "picker.json")).get_json()
    document = next(entry for entry in picker if entry["kind"] == "document")
    download = client.get(document["download_url"])
    assert (download.mimetype, download.data) == ("application/pdf", data)
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    download.close()
    assert client.get(library_url(commune, f"{document['id']}/view")).status_code == 404


def test_the_picker_lists_the_library_with_the_keys_the_editor_reads(client, one_image, commune):
    [entry] = client.get(library_url(commune, "picker.json")).get_json()
    assert entry == {
        "id": one_image.id,
        "kind": "image",
        "title": "Mairie",
        "alt_text": "La mairie",
        "decorative": False,
        "view_url": f"/admin/c/aurignac/media/{one_image.id}/view",
        "download_url": f"/admin/c/aurignac/media/{one_image.id}/download",
        "label": entry["label"],
    }
    assert entry["label"].startswith("JPEG, ")


def test_another_communes_file_is_not_found(client, login, make_commune, make_user, one_image):
    other = make_commune(slug="boussan", name="Boussan")
    make_user("clerk@boussan.test", commune=other)
    login("clerk@boussan.test")
    for suffix in ("", "/view", "/download"):
        assert client.get(library_url(other, f"{one_image.id}{suffix}")).status_code == 404
    assert post_form(client, library_url(other, f"{one_image.id}/delete")).status_code == 404
    assert client.get(library_url(other, "picker.json")).get_json() == []


def test_an_intercommunality_has_its_own_library(client, login, make_user, database):
    from app.models import Intercommunality, Membership

    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200000001", slug="cc-x", name="CC X", kind="CC")
        session.add(epci)
    user = make_user("agent@x.test")
    with database.unit_of_work() as session:
        session.add(Membership(user_id=user.id, intercommunality_id=epci.id, role="publisher"))
    login("agent@x.test")
    url = library_url(epci, space="e")
    response = post_upload(client, url, image_bytes((500, 400)), "pont.jpg", alt_text="Le pont")
    assert response.status_code == 302
    with database.session() as session:
        item = session.scalar(select(MediaItem))
        assert (item.intercommunality_id, item.commune_id) == (epci.id, None)
    assert "Le pont" in page_text(client.get(url))


def test_a_request_far_past_the_limit_gets_a_clear_413(client, login, editor, commune, app):
    from app.media.views import media_request_limit

    login(editor.email)
    with app.test_request_context():
        too_big = media_request_limit() + 1
    response = client.post(library_url(commune), data=b"x" * too_big,
                           content_type="multipart/form-data; boundary=x")  # fmt: skip
    assert response.status_code == 413
    assert "20" in page_text(response)


def test_deleting_forgets_the_files_nothing_else_needs(database, settings, commune):
    from datetime import date

    from app.files.store import UploadedFile
    from app.media import services
    from app.models import MunicipalAct, StoredFile

    data = pdf_bytes(text="Arrêté")
    with database.unit_of_work() as session:
        owner = session.get(type(commune), commune.id)
        store = {"user": None, "quota": 2**30}
        pdf = UploadedFile(data, "arrete.pdf")
        kept = services.add_media(session, settings.files_dir, owner, pdf,
                                  services.MediaDetails(), **store)  # fmt: skip
        photo = UploadedFile(image_bytes((600, 400)), "vue.jpg")
        gone = services.add_media(session, settings.files_dir, owner, photo,
                                  services.MediaDetails(alt_text="Vue"), **store)  # fmt: skip
        act = {"slug": "a", "title": "Arrêté", "kind": "arrete", "number": "1"}
        session.add(MunicipalAct(commune_id=commune.id, **act, act_date=date(2026, 11, 1),
                                 file_id=kept.file_id))  # fmt: skip
    with database.unit_of_work() as session:
        owner = session.get(type(commune), commune.id)
        for item_id in (kept.id, gone.id):
            item = session.get(MediaItem, item_id)
            services.delete_media(session, owner, item, user=None, role=Role.PUBLISHER)
    with database.session() as session:
        assert session.scalar(select(MediaItem)) is None
        [row] = session.scalars(select(StoredFile))  # the act's PDF only
        assert row.id == kept.file_id
