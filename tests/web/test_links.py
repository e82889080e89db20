"""Links the platform shows are built from ``BASTIDE_BASE_URL``, never the Host header."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.accounts.helpers import post_form, sign_in

FORGED = {"base_url": "http://evil.example"}


@pytest.fixture
def app(settings, database):
    from app import create_app

    public = replace(settings, base_url="https://admin.bastide.test")
    return create_app(public, test_config={"TESTING": True})


def test_invitation_link_shown_with_a_forged_host_uses_the_base_url(app, make_user):
    make_user("it@metropole.test", admin=True)
    client = app.test_client()
    assert sign_in(client, "it@metropole.test", **FORGED).status_code == 302

    response = post_form(
        client,
        "/admin/platform/invite",
        {"email": "new@example.org", "platform_admin": "y", "role": "publisher"},
        **FORGED,
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "https://admin.bastide.test/admin/invitation/" in html
    assert "evil.example" not in html


def test_redirects_do_not_name_the_forged_host(app, make_user):
    make_user("it@metropole.test", admin=True)
    client = app.test_client()

    response = sign_in(client, "it@metropole.test", **FORGED)

    assert "evil.example" not in response.headers["Location"]
    assert "evil.example" not in client.get("/admin/", **FORGED).headers.get("Location", "")
