"""Photos of news items are checked by their content and re-encoded: upright, without
metadata, at most 1600 pixels wide; anything else is refused with a clear reason."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image, PngImagePlugin

from app.files.store import FileRefused, UploadedFile
from app.news.images import MAX_PIXELS, MAX_WIDTH, prepare_image

from .conftest import GPS_IFD, exif_with_gps, image_bytes


def prepare(data: bytes, name: str = "photo.jpg"):
    return prepare_image(UploadedFile(data, name))


def reopen(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def test_a_jpeg_is_accepted_and_re_encoded() -> None:
    original = image_bytes((640, 480))
    prepared = prepare(original, "fete.jpeg")
    assert (prepared.media_type, prepared.width, prepared.height) == ("image/jpeg", 640, 480)
    assert prepared.upload.filename == "fete.jpg"
    assert reopen(prepared.upload.data).format == "JPEG"


def test_gps_position_and_camera_data_are_removed_and_the_photo_turned_upright() -> None:
    original = image_bytes((64, 48), exif=exif_with_gps(orientation=6))
    assert Image.open(BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the sample has GPS
    prepared = prepare(original)
    image = reopen(prepared.upload.data)
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and b"Exif" not in prepared.upload.data
    assert b"PhoneMaker" not in prepared.upload.data
    assert (prepared.width, prepared.height) == image.size == (48, 64)  # rotated 90°


def test_a_wide_photo_is_reduced_to_the_largest_width_shown() -> None:
    prepared = prepare(image_bytes((4000, 3000)))
    assert (prepared.width, prepared.height) == (MAX_WIDTH, 1200)
    assert reopen(prepared.upload.data).size == (MAX_WIDTH, 1200)


def test_a_transparent_png_stays_a_png_without_its_text_chunks() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jean Secret")
    buffer = BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(buffer, "PNG", pnginfo=info)
    prepared = prepare(buffer.getvalue(), "logo.png")
    assert (prepared.media_type, prepared.upload.filename) == ("image/png", "logo.png")
    image = reopen(prepared.upload.data)
    assert image.mode == "RGBA" and "Author" not in image.info
    assert b"Jean Secret" not in prepared.upload.data


def test_an_opaque_png_and_a_webp_become_jpegs() -> None:
    for data in (image_bytes(format="PNG"), image_bytes(format="WEBP")):
        prepared = prepare(data, "image.png")
        assert prepared.media_type == "image/jpeg" and prepared.upload.filename == "image.jpg"


NOT_PHOTOS = {
    "html renamed .jpg": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>',
    "gif": image_bytes(format="GIF", mode="P", color=1),
    "pdf": b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
}


@pytest.mark.parametrize("name", sorted(NOT_PHOTOS))
def test_what_is_not_a_jpeg_png_or_webp_photo_is_refused(name: str) -> None:
    with pytest.raises(FileRefused) as refused:
        prepare(NOT_PHOTOS[name], "photo.jpg")
    assert refused.value.field == "image"
    assert "JPEG, PNG or WebP" in refused.value.message


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_photo_is_refused(cut: float) -> None:
    data = image_bytes((400, 300))
    with pytest.raises(FileRefused) as refused:
        prepare(data[: int(len(data) * cut)])
    assert refused.value.field == "image" and "damaged" in refused.value.message


def test_a_damaged_png_is_refused() -> None:
    data = bytearray(image_bytes((50, 50), format="PNG", color=(10, 200, 10)))
    data[-20] ^= 0xFF  # a byte of the last chunks: its CRC no longer matches
    with pytest.raises(FileRefused):
        prepare(bytes(data))


def _png(size: tuple[int, int]) -> bytes:
    buffer = BytesIO()
    Image.new("1", size).save(buffer, "PNG")  # a few kilobytes whatever its size
    return buffer.getvalue()


@pytest.mark.parametrize(
    "size",
    [(10_000, 6_000), (20_000, 10_000)],  # over our limit; over Pillow's own bomb limit
    ids=["over-the-limit", "decompression-bomb"],
)
def test_a_decompression_bomb_is_refused(size: tuple[int, int]) -> None:
    data = _png(size)
    assert len(data) < 100_000 and size[0] * size[1] > MAX_PIXELS
    with pytest.raises(FileRefused) as refused:
        prepare(data, "bomb.png")
    assert refused.value.field == "image" and "million pixels" in refused.value.message
