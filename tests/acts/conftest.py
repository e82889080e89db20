"""Acts tests: real PDFs built with pypdf (clean, with JavaScript, with an attachment,
encrypted), the act form, and the messages as the reader sees them."""

from __future__ import annotations

import hashlib
import html
import sys
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.errors import platform_translations
from app.models import MunicipalAct, StoredFile
from app.publishing.theming import load_translations
from tests.conftest import csrf_token

# The publishing helpers (Nu checker, sample site) import their siblings by plain name.
sys.path.insert(0, str(Path(__file__).parents[1] / "publishing"))

TRANSLATIONS_DIR = Path(__file__).parents[2] / "translations"


def pdf_bytes(*, javascript: bool = False, attachment: bool = False, password: str = "") -> bytes:
    """A one-page PDF, optionally carrying what a resident's reader must never get."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        writer.add_open_action(JavaScript("app.alert('bonjour');"))
    if attachment:
        writer.add_attachment("budget.xlsx", b"not for residents")
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def act_form(data: bytes | None = None, filename: str = "arrete-2026-001.pdf", **overrides):
    """The act form with an upload (``data=None``: no file chosen)."""
    form = {
        "kind": "arrete",
        "number": "2026-001",
        "slug": "",
        "title": "Arrêté de circulation rue Haute",
        "act_date": "2026-11-20",
        "author_name": "Marie Dupont",
        "author_capacity": "Maire",
    }
    if data is not None:
        form["file"] = (BytesIO(data), filename)
    return form | overrides


def acts_url(commune, suffix: str = "") -> str:
    return f"/admin/c/{commune.slug}/acts/{suffix}"


def admin_text(msgid: str, **params) -> str:
    """A message as the admin shows it in French (English until the catalog has it)."""
    text = platform_translations().gettext(msgid)
    return text % params if params else text


def site_text(msgid: str, **params) -> str:
    """A theme string as the site shows it (English until the catalog has it)."""
    text = load_translations(TRANSLATIONS_DIR, "fr").gettext(msgid)
    return text % params if params else text


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def acts(database) -> list[MunicipalAct]:
    with database.session() as session:
        return list(session.scalars(select(MunicipalAct).order_by(MunicipalAct.id)))


def stored_files(database, settings) -> tuple[list[StoredFile], list[Path]]:
    """What the file store holds: its rows and the bytes on disk."""
    with database.session() as session:
        rows = list(session.scalars(select(StoredFile)))
    files_dir = settings.files_dir
    on_disk = [p for p in files_dir.rglob("*") if p.is_file()] if files_dir.exists() else []
    return rows, on_disk


def post_multipart(client, url: str, form: dict):
    """POST a form with files, encoded here: the test client would spool a large upload
    to a temporary file it never closes."""
    fields = {"csrf_token": csrf_token(client)}
    for name, value in form.items():
        if isinstance(value, tuple):
            stream, filename = value
            value = FileStorage(stream=stream, filename=filename, content_type="application/pdf")
        fields[name] = value
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def create_act(client, login, publisher, commune):
    """Post the act form as the publisher; returns the response."""
    login(publisher.email)

    def create(data: bytes | None = None, **form):
        extra = {"publish": "1"} if form.pop("publish", True) else {"save": "1"}
        return post_multipart(client, acts_url(commune, "new"), act_form(data, **form) | extra)

    return create
