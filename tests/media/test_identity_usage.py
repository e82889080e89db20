"""An image the site wears as its logo or header photo is in use: not deleted, and the
library says where it is used."""

from __future__ import annotations

from app.models import Commune, MediaItem, Role
from app.site_settings.services import update_site_profile
from tests.conftest import post_form

from .conftest import library_url, page_text


def test_the_logo_cannot_be_deleted_and_the_settings_are_named(
    client, login, make_user, one_image, commune, database, settings
):
    publisher = make_user("maire@aurignac.test", commune=commune, role=Role.PUBLISHER)
    with database.unit_of_work() as session:
        owner = session.get(Commune, commune.id)
        update_site_profile(session, settings, owner, {"logo_media_id": one_image.id}, publisher)
    login("maire@aurignac.test")
    response = post_form(client, library_url(commune, f"{one_image.id}/delete"))
    assert response.status_code == 409
    text = page_text(response)
    assert 'href="/admin/c/aurignac/settings/identity"' in text
    with database.session() as session:
        assert session.get(MediaItem, one_image.id) is not None
