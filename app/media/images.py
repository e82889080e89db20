"""An image of the library: checked by its content, turned upright, stripped of every
metadata (EXIF, GPS position, XMP, comments; the colours converted to sRGB) and re-encoded
at the widths the site shows.

Only the pixels are kept: whatever followed or hid in the file (an HTML page, a ZIP
archive appended to a JPEG) is not in any file the library stores. No Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import pillow_heif
from PIL import Image, ImageCms, features

from app.errors import N_
from app.files.images import ImageRules, decode_upload
from app.files.store import UploadedFile
from app.publishing.media import IMAGE_WIDTHS

pillow_heif.register_heif_opener()  # HEIC/HEIF photos of phones

# Pixels an image may declare: a 50-megapixel camera's. Decoding costs memory in
# proportion, and a tiny file can declare billions (a "decompression bomb").
MAX_PIXELS = 50_000_000
# The formats Pillow may even try: anything else (HTML, SVG, GIF…) is not identified.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
QUALITY = {"jpeg": 85, "webp": 80, "avif": 60}
FIELD = "file"

NOT_AN_IMAGE = N_(
    "This file is neither an image (JPEG, PNG, WebP, HEIC) nor a document the library "
    "accepts (PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX). Send a file in one of these formats."
)
DAMAGED = N_(
    "This image is damaged or incomplete. Open it on your computer, save it again, then send it."
)
TOO_MANY_PIXELS = N_(
    "This image is too large (more than %(count)d million pixels). Reduce it, then send it again."
)


@dataclass(frozen=True)
class Rendition:
    """One re-encoded copy, ready for the file store."""

    upload: UploadedFile
    media_type: str
    format: str  # "webp", "avif", "jpeg", "png"
    width: int
    height: int


@dataclass(frozen=True)
class PreparedImage:
    """Every copy of an accepted image; ``fallback`` (JPEG or PNG, the largest) is also
    the library's cleaned original."""

    renditions: tuple[Rendition, ...]
    fallback: Rendition

    @property
    def size(self) -> int:
        """Bytes counted against the quota (each distinct copy once)."""
        return sum(len(r.upload.data) for r in self.renditions)


def avif_supported() -> bool:
    return bool(features.check("avif"))


def rendition_widths(width: int) -> list[int]:
    """The widths of the copies of an image ``width`` pixels wide (never enlarged)."""
    return [w for w in IMAGE_WIDTHS if w < width] + [min(width, IMAGE_WIDTHS[-1])]


RULES = ImageRules(
    formats=ACCEPTED_FORMATS,
    max_pixels=MAX_PIXELS,
    field=FIELD,
    not_an_image=NOT_AN_IMAGE,
    damaged=DAMAGED,
    too_many_pixels=TOO_MANY_PIXELS,
)


def prepare_image(upload: UploadedFile) -> PreparedImage:
    """Check and re-encode an image; raise FileRefused (field ``file``) otherwise."""
    image = _decode(upload.data)
    try:
        return _encode_all(image, upload.filename)
    finally:
        image.close()


def _decode(data: bytes) -> Image.Image:
    """Every pixel decoded (a truncated file fails here), in sRGB, upright."""
    upright = decode_upload(data, RULES, draft_width=IMAGE_WIDTHS[-1])
    converted = _to_srgb(upright)
    if converted is not upright:
        upright.close()
    return converted


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from the embedded profile (a phone's Display P3, a CMYK print
    profile), so dropping the profile changes nothing; RGB, or RGBA if transparent."""
    profile = image.info.get("icc_profile")
    mode = "RGBA" if _has_transparency(image) else "RGB"
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(BytesIO(profile))
            target = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, target, outputMode=mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: keep the pixels as they are
    return image if image.mode == mode else image.convert(mode)


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return image.getchannel("A").getextrema()[0] < 255
    return "transparency" in image.info


def _encode_all(image: Image.Image, filename: str) -> PreparedImage:
    stem = (filename.rsplit(".", 1)[0] if "." in filename else filename) or "image"
    transparent = image.mode == "RGBA"
    formats = ["webp", *(["avif"] if avif_supported() else [])]
    renditions: list[Rendition] = []
    widths = rendition_widths(image.width)
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        try:
            for image_format in formats:
                renditions.append(_save(resized, image_format, f"{stem}-{width}"))
            if width == widths[-1]:
                fallback = _save(resized, "png" if transparent else "jpeg", stem)
                renditions.append(fallback)
        finally:
            if resized is not image:
                resized.close()
    return PreparedImage(tuple(renditions), fallback)


def _save(image: Image.Image, image_format: str, stem: str) -> Rendition:
    """Encode ``image`` with no metadata at all (no EXIF, XMP, ICC profile or comment)."""
    image.info = {}
    buffer = BytesIO()
    options: dict = {"quality": QUALITY[image_format]} if image_format in QUALITY else {}
    if image_format == "jpeg":
        options |= {"optimize": True, "progressive": True}
    if image_format == "png":
        options |= {"optimize": True}
    image.save(buffer, image_format.upper(), **options)
    extension = "jpg" if image_format == "jpeg" else image_format
    return Rendition(
        UploadedFile(buffer.getvalue(), f"{stem}.{extension}"),
        f"image/{image_format}",
        image_format,
        image.width,
        image.height,
    )
