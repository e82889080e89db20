"""The identity screen: name shown, logo and header photo from the library or uploaded,
main colour (corrected with a message when too light), theme, languages."""

from __future__ import annotations

import html
from io import BytesIO

import pytest
from pypdf import PdfWriter
from sqlalchemy import select

from app.models import AuditEntry, Build, MediaItem, MediaKind
from tests.conftest import post_form

from .conftest import commune_row as _commune
from .conftest import image_bytes, post_multipart

URL = "/admin/c/aurignac/settings/identity"
BASE = {
    "display_name": "",
    "logo_media_id": "",
    "header_photo_media_id": "",
    "header_photo_credit": "",
    "main_color": "#1f5f8b",
    "main_color_text": "",
    "theme": "bastide",
}


def test_the_form_shows_the_current_values_and_every_theme(signed_in, database) -> None:
    page = html.unescape(signed_in.get(URL).get_data(as_text=True))
    assert 'type="color"' in page and 'name="main_color_text"' in page
    assert 'value="bastide" aria-describedby="theme-bastide-help" checked' in page
    assert 'name="languages" type="checkbox" value="oc"' in page


def test_saving_sets_the_values_audits_and_queues_a_build(signed_in, database, settings):
    data = BASE | {"display_name": "Aurignac, cité préhistorique", "languages": ["oc", "en"]}
    response = post_form(signed_in, URL, data)
    assert response.status_code == 302
    commune = _commune(database)
    assert commune.display_name == "Aurignac, cité préhistorique"
    assert commune.languages == ["fr", "oc", "en"]
    assert commune.main_color == "#1f5f8b"
    with database.session() as session:
        assert session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == (
            "site.settings_changed"
        )
        assert session.scalar(select(Build.reason)) == "site.settings_changed"


def test_the_theme_s_colour_leaves_the_choice_empty(signed_in, database) -> None:
    post_form(signed_in, URL, BASE | {"main_color_text": "#aa0000"})
    assert _commune(database).main_color == "#aa0000"  # the typed code wins over the picker
    post_form(signed_in, URL, BASE | {"theme_color": "y"})
    assert _commune(database).main_color == ""


def test_a_yellow_is_saved_and_the_clerk_told_which_shade_the_site_uses(signed_in, database):
    response = post_form(signed_in, URL, BASE | {"main_color": "#FFFF00"}, follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert _commune(database).main_color == "#ffff00"
    assert "La couleur #ffff00 n'offre qu'un contraste de 1,07:1 avec le blanc" in page
    assert "Le site utilisera la nuance plus foncée #" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("main_color_text", "jaune", "Couleur principale : « jaune » n'est pas valide"),
        ("display_name", "x" * 201, "Nom affiché sur le site : est trop long"),
        ("theme", "marianne", "Choisissez l'un des thèmes."),
    ],
)
def test_bad_input_is_refused_with_the_form_kept(signed_in, database, field, value, message):
    data = BASE | {"display_name": "Aurignac la belle", field: value}
    response = post_form(signed_in, URL, data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert message in page
    if field != "display_name":
        assert 'value="Aurignac la belle"' in page  # what was typed is still there
    assert _commune(database).display_name == ""


def test_a_logo_uploaded_in_the_form_joins_the_library(signed_in, database) -> None:
    response = post_multipart(signed_in, URL, BASE, {"logo_upload": (image_bytes(), "blason.png")})
    assert response.status_code == 302, response.get_data(as_text=True)
    with database.session() as session:
        item = session.scalar(select(MediaItem))
        assert (item.kind, item.title, item.alt_text) == (
            MediaKind.IMAGE,
            "Logo d'Aurignac",
            "Logo d'Aurignac",
        )
    assert _commune(database).logo_media_id == item.id
    # Then chosen from the library, with a thumbnail, as the header photo.
    page = signed_in.get(URL).get_data(as_text=True)
    assert f"/admin/c/aurignac/media/{item.id}/view" in page
    post_form(signed_in, URL, BASE | {"logo_media_id": "", "header_photo_media_id": str(item.id)})
    commune = _commune(database)
    assert (commune.logo_media_id, commune.header_photo_media_id) == (None, item.id)


def test_a_refused_upload_is_said_on_its_field_and_stores_nothing(signed_in, database) -> None:
    data = BASE | {"display_name": "Aurignac la belle"}
    response = post_multipart(signed_in, URL, data, {"logo_upload": (b"<svg/>", "blason.svg")})
    assert response.status_code == 400
    assert 'id="logo_upload-error"' in response.get_data(as_text=True)
    with database.session() as session:
        assert session.scalar(select(MediaItem)) is None
    assert _commune(database).display_name == ""


def test_a_pdf_is_not_a_logo(signed_in, database) -> None:
    writer, buffer = PdfWriter(), BytesIO()
    writer.add_blank_page(200, 200)
    writer.write(buffer)
    pdf = buffer.getvalue()
    response = post_multipart(signed_in, URL, BASE, {"header_photo_upload": (pdf, "photo.pdf")})
    assert response.status_code == 400
    assert "Envoyez une image (PNG, JPEG ou WebP)." in response.get_data(as_text=True)
    assert _commune(database).header_photo_media_id is None


def test_another_commune_s_image_is_refused(signed_in, database, make_commune) -> None:
    other = make_commune(slug="boussan")
    with database.unit_of_work() as session:
        from app.models import StoredFile

        stored = StoredFile(commune_id=other.id, sha256="0" * 64, size=1, media_type="image/png",
                            filename="x.png")  # fmt: skip
        session.add(stored)
        session.flush()
        item = MediaItem(commune_id=other.id, file_id=stored.id, kind=MediaKind.IMAGE,
                         title="Ailleurs", total_size=1)  # fmt: skip
        session.add(item)
    response = post_form(signed_in, URL, BASE | {"logo_media_id": str(item.id)})
    assert response.status_code == 400
    assert "Cette image n'est pas dans votre médiathèque." in html.unescape(
        response.get_data(as_text=True)
    )
    assert _commune(database).logo_media_id is None


def test_an_intercommunality_sets_its_identity(client, login, epci, database) -> None:
    from app.models import Intercommunality

    login("agent@cc-comminges.test")
    url = "/admin/e/cc-comminges/settings/identity"
    data = BASE | {"display_name": "Cœur et Coteaux", "languages": ["oc"]}
    assert post_form(client, url, data).status_code == 302
    with database.session() as session:
        row = session.get(Intercommunality, epci.id)
        assert (row.display_name, row.languages) == ("Cœur et Coteaux", ["fr", "oc"])
