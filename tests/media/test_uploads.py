"""Files are checked by their content: refused ones say why, keep the form and leave
nothing on disk or in the database; accepted images keep only their pixels."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select

from app.acts import pdf
from app.files.paths import file_path
from app.media import documents, images, services
from app.models import MediaItem, StoredFile

from .conftest import (
    EMPTY,
    GPS_IFD,
    admin_text,
    docx_bytes,
    exif_with_gps,
    image_bytes,
    library_state,
    odt_bytes,
    page_text,
    pdf_bytes,
    png_bomb,
    zip_bytes,
)

SVG = b"""<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>"""
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
JPEG = image_bytes((640, 480))

OFFICE, MACROS = documents.NOT_AN_OFFICE_FILE, documents.MACROS
REFUSED = {
    "an HTML file named .jpg": (HTML, "photo.jpg", images.NOT_AN_IMAGE, {}),
    "an SVG with a script": (SVG, "logo.svg", images.NOT_AN_IMAGE, {}),
    "an SVG with a script named .jpg": (SVG, "logo.jpg", images.NOT_AN_IMAGE, {}),
    "a 50,000 × 50,000 PNG bomb": (
        png_bomb(),
        "carte.png",
        images.TOO_MANY_PIXELS,
        {"count": images.MAX_PIXELS // 10**6},
    ),
    "a truncated JPEG": (JPEG[: len(JPEG) // 2], "coupee.jpg", images.DAMAGED, {}),
    "a PDF with JavaScript": (pdf_bytes(javascript=True), "budget.pdf", pdf.JAVASCRIPT, {}),
    "a text renamed .pdf": (b"Compte rendu\n" * 50, "cr.pdf", images.NOT_AN_IMAGE, {}),
    "a DOCX with macros": (
        docx_bytes(macros=True),
        "a.docx",
        documents.MACROS,
        {"extension": "docx"},
    ),
    "an ODT with macros": (odt_bytes(macros=True), "a.odt", MACROS, {"extension": "odt"}),
    "an ODT named .docx": (odt_bytes(), "note.docx", OFFICE, {"extension": ".docx"}),
    "a ZIP named .xlsx": (zip_bytes({"a.txt": b"x"}), "t.xlsx", OFFICE, {"extension": ".xlsx"}),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_file_says_why_keeps_the_form_and_stores_nothing(
    case, upload, database, settings
):
    data, filename, message, params = REFUSED[case]
    response = upload(data, filename, title="Titre à ne pas retaper", alt_text="Une image")
    assert response.status_code == 400
    text = page_text(response)
    assert admin_text(message, **params) in text
    assert 'id="file-error"' in text  # the reason sits next to the file field
    assert "Titre à ne pas retaper" in text  # the form is kept
    assert library_state(database, settings.files_dir) == EMPTY


def test_a_pdf_over_the_size_limit_is_refused_without_reading_it_all(upload, database, settings):
    big = pdf_bytes(text="Budget") + b"%" + b"0" * (30 * 1000 * 1000)  # 30 MB > 20 MiB
    response = upload(big, "budget.pdf", title="Gros budget")
    assert response.status_code == 400
    text = page_text(response)
    message = "The file is larger than %(limit)s MB, the limit: send a lighter file."
    assert admin_text(message, limit="20") in text and "Gros budget" in text
    assert library_state(database, settings.files_dir) == EMPTY


def test_an_image_needs_its_alternative_text_unless_decorative(upload, database, settings):
    response = upload(JPEG, "place.jpg")
    assert response.status_code == 400
    assert 'id="alt_text-error"' in page_text(response)
    assert library_state(database, settings.files_dir) == EMPTY
    assert upload(JPEG, "place.jpg", decorative="y").status_code == 302
    with database.session() as session:
        item = session.scalar(select(MediaItem))
        assert (item.title, item.alt_text, item.decorative) == ("Place", "", True)


def test_the_quota_refuses_a_file_that_does_not_fit_and_stores_nothing(
    upload, database, settings, commune
):
    with database.unit_of_work() as session:  # a library almost full (500 MiB by default)
        stored = StoredFile(commune_id=commune.id, sha256="0" * 64, size=1,
                            media_type="application/pdf", filename="gros.pdf")  # fmt: skip
        session.add(stored)
        session.flush()
        session.add(MediaItem(commune_id=commune.id, kind="document", title="Gros",
                              file_id=stored.id, total_size=500 * 2**20 - 100))  # fmt: skip
    before = library_state(database, settings.files_dir)
    response = upload(pdf_bytes(text="Budget"), "budget.pdf")
    assert response.status_code == 400
    text = page_text(response)
    assert "500 Mo" in text and "Aurignac" in text  # the quota and whose library
    assert 'id="file-error"' in text
    assert library_state(database, settings.files_dir) == before


def test_the_quota_counts_every_copy_of_an_image(database, settings, commune):
    from app.files.store import FileRefused, UploadedFile

    with database.unit_of_work() as session, pytest.raises(FileRefused):
        upload = UploadedFile(JPEG, "a.jpg")
        details = services.MediaDetails(alt_text="A")
        quota = len(JPEG) // 10
        services.add_media(
            session, settings.files_dir, commune, upload, details, user=None, quota=quota
        )
    assert library_state(database, settings.files_dir) == EMPTY


def _stored(database, settings, item_id: int) -> dict[str, bytes]:
    """The library item's stored copies: filename -> bytes."""
    with database.session() as session:
        item = session.get(MediaItem, item_id)
        ids = {item.file_id} | {r["file_id"] for r in item.renditions}
        rows = session.scalars(select(StoredFile).where(StoredFile.id.in_(ids)))
        return {
            row.filename: file_path(settings.files_dir, row.sha256).read_bytes() for row in rows
        }


def _newest(database) -> MediaItem:
    with database.session() as session:
        return session.scalar(select(MediaItem).order_by(MediaItem.id.desc()))


def test_a_phone_photo_is_turned_upright_stripped_and_resized(upload, database, settings):
    original = image_bytes((2000, 1500), exif=exif_with_gps())
    with Image.open(BytesIO(original)) as sample:
        assert sample.getexif().get_ifd(GPS_IFD)  # the sample has a GPS position
    assert upload(original, "IMG_0042.JPG", alt_text="Le lavoir").status_code == 302
    item = _newest(database)
    assert (item.kind, item.title, item.alt_text) == ("image", "Img 0042", "Le lavoir")
    copies = _stored(database, settings, item.id)
    formats = ["webp", "avif"] if images.avif_supported() else ["webp"]
    expected = {f"img_0042-{w}.{f}" for w in (480, 960, 1500) for f in formats}
    assert set(copies) == expected | {"img_0042.jpg"}  # turned: 1500 wide, not 2000
    for name, data in copies.items():
        with Image.open(BytesIO(data)) as image:
            assert not image.getexif(), name
            assert "exif" not in image.info and "icc_profile" not in image.info, name
            assert image.width in (480, 960, 1500) and image.height > image.width, name
        assert b"PhoneMaker" not in data
    assert item.total_size == sum(len(data) for data in copies.values())
    assert [(r["width"], r["height"]) for r in item.renditions if r["format"] == "jpeg"] == [
        (1500, 2000)
    ]


def test_a_small_image_is_never_enlarged(upload, database, settings):
    assert upload(image_bytes((300, 200)), "logo.png", alt_text="Logo").status_code == 302
    widths = {r["width"] for r in _newest(database).renditions}
    assert widths == {300}


@pytest.mark.parametrize(
    "payload",
    [b"<html><script>alert(1)</script></html>", zip_bytes({"evil.jar": b"PK" + b"\0" * 64})],
    ids=["HTML appended", "ZIP appended (GIFAR-like)"],
)
def test_a_polyglot_image_keeps_only_its_pixels(payload, upload, database, settings):
    assert upload(JPEG + payload, "poly.jpg", alt_text="Polyglotte").status_code == 302
    for data in _stored(database, settings, _newest(database).id).values():
        assert payload not in data and b"<script" not in data and b"evil.jar" not in data


def test_a_heic_photo_from_a_phone_is_accepted_as_jpeg_and_webp(upload, database, settings):
    heic = image_bytes((800, 600), format="HEIF")
    assert heic[4:12] == b"ftypheic"
    assert upload(heic, "IMG_1.HEIC", alt_text="Le marché").status_code == 302
    assert {"img_1-480.webp", "img_1.jpg"} <= set(_stored(database, settings, _newest(database).id))


def test_a_transparent_png_keeps_a_png_fallback(upload, database, settings):
    logo = image_bytes((200, 100), format="PNG", mode="RGBA", color=(0, 0, 0, 0))
    assert upload(logo, "logo.png", alt_text="Logo").status_code == 302
    assert "logo.png" in _stored(database, settings, _newest(database).id)


@pytest.mark.parametrize(
    ("data", "filename", "media_type"),
    [
        (odt_bytes(), "compte-rendu.odt", "application/vnd.oasis.opendocument.text"),
        (docx_bytes(), "note.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (pdf_bytes(text="Budget 2026"), "budget.pdf", "application/pdf"),
    ],
)  # fmt: skip
def test_a_document_is_stored_byte_for_byte(data, filename, media_type, upload, database, settings):
    assert upload(data, filename).status_code == 302
    item = _newest(database)
    assert item.kind == "document" and item.renditions == []
    assert _stored(database, settings, item.id) == {filename: data}
    with database.session() as session:
        assert session.get(StoredFile, item.file_id).media_type == media_type


def test_a_scanned_pdf_is_flagged_and_a_text_pdf_is_not(upload, database):
    assert upload(pdf_bytes(text="Budget"), "texte.pdf").status_code == 302
    assert _newest(database).has_text is True
    assert upload(pdf_bytes(), "scan.pdf").status_code == 302
    assert _newest(database).has_text is False


def test_an_upload_is_audited(upload, database):
    from app.models import AuditEntry

    assert upload(pdf_bytes(text="Budget"), "budget.pdf").status_code == 302
    with database.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "media.uploaded"))
        assert entry.target == f"media:{_newest(database).id}"
        assert entry.details["title"] == "Budget"
