"""Only the screens that take a file accept large requests: a text form stays at 2 MiB,
the acts' screens take a PDF up to the configured limit (and refuse more with a sentence)."""

from __future__ import annotations

from io import BytesIO

from tests.acts.conftest import post_multipart
from tests.conftest import post_form

THREE_MIB = b"x" * (3 * 1024 * 1024)


def test_a_text_form_refuses_a_large_request(client, login, publisher, commune):
    login(publisher.email)
    response = post_form(client, f"/admin/c/{commune.slug}/pages/new", {"body": THREE_MIB})
    assert response.status_code == 413


def test_the_acts_screens_take_a_large_upload_and_check_it_themselves(
    client, login, publisher, commune
):
    login(publisher.email)
    upload = {"file": (BytesIO(THREE_MIB), "acte.pdf"), "kind": "arrete", "number": "1",
              "title": "Arrêté", "act_date": "2026-11-20", "save": "1"}  # fmt: skip
    response = post_multipart(client, f"/admin/c/{commune.slug}/acts/new", upload)
    assert response.status_code == 400  # read, then refused: not a PDF, the form kept
    assert "Arrêté" in response.get_data(as_text=True)


def test_the_larger_limit_is_the_acts_screens_own(client, login, publisher, commune):
    """The same 3 MiB refused on the pages' screens is read on the acts' (above)."""
    login(publisher.email)
    response = client.post(
        f"/admin/c/{commune.slug}/news/new",
        data=b"x" * (13 * 1024 * 1024),  # past the news photo's 10 MB + the form
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 413
