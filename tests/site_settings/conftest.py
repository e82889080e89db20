"""Fixtures of the settings screens' tests: the admin with its catalogs, URLs, members."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.models import Commune, Intercommunality, Membership, Role
from tests.conftest import csrf_token


@pytest.fixture(autouse=True)
def no_build_runs(monkeypatch):
    """Builds stay queued: the screens' effect is the saved values."""
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)


def image_bytes(size=(300, 200), color=(40, 120, 200)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def post_multipart(client, url: str, fields: dict, files: dict[str, tuple[bytes, str]]):
    """POST a form with files, with the session's CSRF token, as the browser would."""
    form = {"csrf_token": csrf_token(client), **fields}
    for name, (data, filename) in files.items():
        form[name] = FileStorage(stream=BytesIO(data), filename=filename,
                                 content_type="application/octet-stream")  # fmt: skip
    boundary, body = encode_multipart(form)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def epci(database, make_user):
    """An intercommunality with a publisher (agent@cc-comminges.test)."""
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-comminges", name="CC du Comminges",
                                kind="CC")  # fmt: skip
        session.add(epci)
    user = make_user("agent@cc-comminges.test")
    with database.unit_of_work() as session:
        session.add(Membership(user_id=user.id, intercommunality_id=epci.id, role=Role.PUBLISHER))
    return epci


@pytest.fixture
def signed_in(client, login, publisher):
    """The client, signed in as Aurignac's publisher."""
    login(publisher.email)
    return client


def commune_row(database) -> Commune:
    """Aurignac as the database now holds it."""
    with database.session() as session:
        return session.scalar(select(Commune).where(Commune.slug == "aurignac"))
