"""Who reaches the settings screens: publishers and platform admins; editors get 403,
strangers 403, anonymous visitors the login page; CSRF on every form."""

from __future__ import annotations

import pytest

from app.models import Role
from tests.conftest import post_form

SCREENS = ["settings/identity", "settings/legal"]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_publisher_opens_the_screens(client, login, publisher, screen) -> None:
    login(publisher.email)
    assert client.get(f"/admin/c/aurignac/{screen}").status_code == 200


@pytest.mark.parametrize("screen", SCREENS)
def test_a_platform_admin_opens_them_for_any_commune(client, login, make_user, commune, screen):
    make_user("it@bastide.test", admin=True)
    login("it@bastide.test")
    assert client.get(f"/admin/c/aurignac/{screen}").status_code == 200


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "settings/identity"),
        ("post", "settings/identity"),
        ("get", "settings/legal"),
        ("post", "settings/legal"),
        ("post", "settings/accessibility-page/schema"),
    ],
)
def test_an_editor_gets_403(client, login, editor, method, url) -> None:
    login(editor.email)
    target = f"/admin/c/aurignac/{url}"
    response = client.get(target) if method == "get" else post_form(client, target, {})
    assert response.status_code == 403


def test_a_member_of_another_commune_gets_403(client, login, make_user, make_commune, commune):
    other = make_commune(slug="boussan")
    make_user("clerk@boussan.test", commune=other, role=Role.PUBLISHER)
    login("clerk@boussan.test")
    assert client.get("/admin/c/aurignac/settings/legal").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, commune) -> None:
    response = client.get("/admin/c/aurignac/settings/identity")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_an_intercommunality_has_the_screens_too(client, login, epci) -> None:
    login("agent@cc-comminges.test")
    for screen in SCREENS:
        assert client.get(f"/admin/e/cc-comminges/{screen}").status_code == 200


def test_a_form_without_its_csrf_token_is_refused(client, login, publisher, database) -> None:
    login(publisher.email)
    response = client.post("/admin/c/aurignac/settings/legal", data={"dpo_name": "X"})
    assert response.status_code == 400


def test_the_menu_and_the_dashboard_link_the_screens_for_publishers_only(
    client, login, publisher, editor
) -> None:
    login(publisher.email)
    home = client.get("/admin/c/aurignac/").get_data(as_text=True)
    assert home.count('href="/admin/c/aurignac/settings/identity"') == 2  # menu, dashboard
    assert "Paramètres du site" in home
    client.post("/admin/logout", data={})
    other = client.application.test_client()
    login(editor.email, client=other)
    home = other.get("/admin/c/aurignac/").get_data(as_text=True)
    assert "/settings/identity" not in home
