"""Media library tests: real files made here (Pillow images with GPS data, PDFs made with
pypdf, office files as ZIP archives), posted through the real upload form."""

from __future__ import annotations

import html
import struct
import sys
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.errors import platform_translations
from app.models import AuditEntry, MediaItem, StoredFile
from tests.conftest import csrf_token

# The publishing helpers (Nu checker, sample site) import their siblings by plain name.
sys.path.insert(0, str(Path(__file__).parents[1] / "publishing"))

GPS_IFD = 0x8825


def image_bytes(size=(1200, 900), *, format="JPEG", mode="RGB", color=(40, 120, 200), **options):
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, format, **options)
    return buffer.getvalue()


def exif_with_gps() -> Image.Exif:
    """EXIF as a phone writes it: a camera, a GPS position, an orientation (turned 90°)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 13.0, 12.0), 3: "E", 4: (0.0, 52.0, 48.0)})
    return exif


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG that declares width × height pixels in a few kilobytes (zeros compress well)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\0" * (width + 1) * 64)  # the first rows only: never decoded
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def pdf_bytes(*, text: str = "", javascript: bool = False) -> bytes:
    """A one-page PDF, with a line of text or none (a scan has none)."""
    from pypdf.actions import JavaScript
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if text:
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                 NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})  # fmt: skip
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if javascript:
        writer.add_open_action(JavaScript("app.alert('bonjour');"))
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt_bytes(*, macros: bool = False) -> bytes:
    members = {"mimetype": b"application/vnd.oasis.opendocument.text",
               "content.xml": b"<office:document-content/>"}  # fmt: skip
    if macros:
        members["Basic/Standard/Module1.xml"] = b"<script:module/>"
    return zip_bytes(members)


def docx_bytes(*, macros: bool = False) -> bytes:
    main = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if macros
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    types = (f'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
             f'ContentType="{main}"/></Types>').encode()  # fmt: skip
    members = {"[Content_Types].xml": types, "word/document.xml": b"<w:document/>"}
    if macros:
        members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0"
    return zip_bytes(members)


def admin_text(msgid: str, **params) -> str:
    """A message as the admin shows it in French (English until the catalog has it)."""
    text = platform_translations().gettext(msgid)
    return text % params if params else text


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def library_url(tenant, suffix: str = "", space: str = "c") -> str:
    return f"/admin/{space}/{tenant.slug}/media/{suffix}"


def post_upload(client, url: str, data: bytes, filename: str, **fields):
    """POST the upload form with a file, encoded here (the test client would spool a
    large upload to a temporary file it never closes)."""
    form = {"csrf_token": csrf_token(client), "title": "", "alt_text": "", "credit": "", **fields}
    form["file"] = FileStorage(stream=BytesIO(data), filename=filename,
                               content_type="application/octet-stream")  # fmt: skip
    boundary, body = encode_multipart(form)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def library_state(database, files_dir: Path) -> tuple[int, int, int, list[Path]]:
    """(library items, stored file rows, media audit entries, files on disk)."""
    with database.session() as session:
        items = session.scalar(select(func.count()).select_from(MediaItem))
        rows = session.scalar(select(func.count()).select_from(StoredFile))
        audits = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("media.%"))
        )
    on_disk = sorted(p for p in files_dir.rglob("*") if p.is_file()) if files_dir.exists() else []
    return items, rows, audits, on_disk


EMPTY = (0, 0, 0, [])


@pytest.fixture
def upload(client, login, editor, commune):
    """Post a file as the commune's editor; returns the response."""
    login(editor.email)

    def send(data: bytes, filename: str, **fields):
        return post_upload(client, library_url(commune), data, filename, **fields)

    return send


@pytest.fixture
def one_image(upload, database):
    """An image in the commune's library (1200×900, with a credit): its MediaItem."""
    response = upload(image_bytes(), "mairie.jpg", alt_text="La mairie", credit="© Photo : Jean")
    assert response.status_code == 302, page_text(response)
    with database.session() as session:
        return session.scalar(select(MediaItem).order_by(MediaItem.id.desc()))
