"""Opening an uploaded image safely: recognised by its content among a few formats, its
declared size checked before any pixel is decoded (decompression bombs), its structure
verified, every pixel decoded (a truncated file fails), turned upright. Shared by the
news photo and the media library, which then re-encode it without metadata."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from app.files.store import FileRefused


@dataclass(frozen=True)
class ImageRules:
    """What an upload field accepts, and its messages (msgids) when it refuses."""

    formats: tuple[str, ...]  # Pillow format names it may even try
    max_pixels: int
    field: str
    not_an_image: str
    damaged: str
    too_many_pixels: str  # with %(count)d, the limit in millions of pixels


def decode_upload(data: bytes, rules: ImageRules, *, draft_width: int) -> Image.Image:
    """The upload's pixels, upright (the caller closes the image); FileRefused otherwise.
    ``draft_width``: a JPEG may be decoded at 1/2, 1/4… while staying at least this wide."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with _open(data, rules) as probe:
                probe.verify()  # the structure (it leaves the image unusable afterwards)
            with _open(data, rules) as image:
                image.draft("RGB", (draft_width, draft_width))
                image.load()
                return ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(rules) from None
    except UnidentifiedImageError:
        raise FileRefused(rules.not_an_image, field=rules.field) from None
    except FileRefused:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError):
        raise FileRefused(rules.damaged, field=rules.field) from None


def _open(data: bytes, rules: ImageRules) -> Image.Image:
    """Open (the header only) and refuse a declared size past the limit, before decoding."""
    image = Image.open(BytesIO(data), formats=rules.formats)
    if image.width * image.height > rules.max_pixels:
        image.close()
        raise _too_many_pixels(rules)
    return image


def _too_many_pixels(rules: ImageRules) -> FileRefused:
    return FileRefused(
        rules.too_many_pixels, field=rules.field, count=rules.max_pixels // 1_000_000
    )
