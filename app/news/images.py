"""The photo of a news item: checked by its content, turned upright, stripped of its
metadata (EXIF, GPS position) and reduced to the width pages show.

Pillow re-encodes every accepted image, so what residents download holds the pixels the
clerk chose and nothing else. No Flask and no database: the service stores the result.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from app.errors import N_
from app.files.store import FileRefused, UploadedFile

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


def prepare_image(upload: UploadedFile) -> PreparedImage:
    """Check that ``upload`` is a JPEG, PNG or WebP photo and re-encode it; raise
    FileRefused (field ``image``) otherwise."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _verify(upload.data)
            image = _decode(upload.data)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise FileRefused(
            N_("This file is not a photo in JPEG, PNG or WebP format. Send a photo in one of "
               "these formats (a .jpg file from a camera or a phone, for example)."),
            field=FIELD,
        ) from None  # fmt: skip
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError):
        raise FileRefused(
            N_("This photo is damaged or incomplete. Open it on your computer, save it "
               "again, then send it."),
            field=FIELD,
        ) from None  # fmt: skip
    return _encode(image, upload.filename)


def _too_many_pixels() -> FileRefused:
    return FileRefused(
        N_("This photo is too large (more than %(count)d million pixels). Reduce it, then "
           "send it again."),
        field=FIELD,
        count=MAX_PIXELS // 1_000_000,
    )  # fmt: skip


def _open(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data), formats=ACCEPTED_FORMATS)
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise _too_many_pixels()
    return image


def _verify(data: bytes) -> None:
    """The file's structure (Pillow's ``verify`` leaves the image unusable afterwards)."""
    with _open(data) as probe:
        probe.verify()


def _decode(data: bytes) -> Image.Image:
    """Every pixel decoded (a truncated file fails here), upright, at most MAX_WIDTH wide."""
    with _open(data) as image:
        # JPEG decodes directly at 1/2, 1/4 or 1/8 scale when that stays larger than needed.
        image.draft("RGB", (MAX_WIDTH, MAX_WIDTH))
        image.load()
        upright = ImageOps.exif_transpose(image)
    if upright.width > MAX_WIDTH:
        height = max(1, round(upright.height * MAX_WIDTH / upright.width))
        upright = upright.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    return upright


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
