"""The photo of a news item: checked by its content, turned upright, stripped of its
metadata (EXIF, GPS position) and reduced to the width pages show.

Pillow re-encodes every accepted image, so what residents download holds the pixels the
clerk chose and nothing else. No Flask and no database: the service stores the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from PIL import Image

from app.errors import N_
from app.files.images import ImageRules, decode_upload
from app.files.store import UploadedFile

MAX_IMAGE_SIZE = 10 * 1024 * 1024  # bytes of the upload
# Pixels a photo may declare: a 50-megapixel camera's. Decoding costs memory in
# proportion, and a tiny file can declare billions (a "decompression bomb").
MAX_PIXELS = 50_000_000
MAX_WIDTH = 1600  # the widest the theme shows, on a sharp screen
JPEG_QUALITY = 85
# The formats Pillow may even try: anything else (HTML, SVG, GIF...) is not identified.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
FIELD = "image"


@dataclass(frozen=True)
class PreparedImage:
    """A re-encoded photo, ready for the file store."""

    upload: UploadedFile
    media_type: str
    width: int
    height: int


RULES = ImageRules(
    formats=ACCEPTED_FORMATS,
    max_pixels=MAX_PIXELS,
    field=FIELD,
    not_an_image=N_(
        "This file is not a photo in JPEG, PNG or WebP format. Send a photo in one of "
        "these formats (a .jpg file from a camera or a phone, for example)."
    ),
    damaged=N_(
        "This photo is damaged or incomplete. Open it on your computer, save it again, then "
        "send it."
    ),
    too_many_pixels=N_(
        "This photo is too large (more than %(count)d million pixels). Reduce it, then send "
        "it again."
    ),
)


def prepare_image(upload: UploadedFile) -> PreparedImage:
    """Check that ``upload`` is a JPEG, PNG or WebP photo and re-encode it, at most
    MAX_WIDTH wide; raise FileRefused (field ``image``) otherwise."""
    upright = decode_upload(upload.data, RULES, draft_width=MAX_WIDTH)
    if upright.width > MAX_WIDTH:
        height = max(1, round(upright.height * MAX_WIDTH / upright.width))
        resized = upright.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
        upright.close()
        upright = resized
    return _encode(upright, upload.filename)


def _has_transparency(image: Image.Image) -> bool:
    if image.mode == "P":
        return "transparency" in image.info
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return image.getchannel("A").getextrema()[0] < 255
    return "transparency" in image.info


def _encode(image: Image.Image, filename: str) -> PreparedImage:
    """JPEG, or PNG for an image with transparent parts; no metadata is written."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    buffer = BytesIO()
    if _has_transparency(image):
        image = image.convert("RGBA")
        image.save(buffer, "PNG", optimize=True)
        media_type, extension = "image/png", "png"
    else:
        image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        media_type, extension = "image/jpeg", "jpg"
    upload = UploadedFile(buffer.getvalue(), f"{stem or 'photo'}.{extension}")
    return PreparedImage(upload, media_type, image.width, image.height)
