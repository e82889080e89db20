"""Sites with an identity (coat of arms, header photo, colour) for the theme tests."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from unittest import mock

from PIL import Image, ImageDraw

from app.files.paths import file_path
from app.publishing import sections as sections_module
from app.publishing.content import FileContent, MediaContent, RenditionContent, SiteContent
from app.publishing.not_found import SECTION as NOT_FOUND
from app.publishing.pipeline import BuildResult, build_site
from tests.publishing.publishing_samples import THEMES_DIR, TRANSLATIONS_DIR, site_content

THEMES = ("bastide", "clocher", "gazette")
LOGO_ID, PHOTO_ID = 901, 902


def store(files_dir: Path, data: bytes, filename: str, media_type: str, size) -> FileContent:
    """Put ``data`` in the file store as the platform does; its FileContent."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = file_path(files_dir, sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return FileContent(sha256, len(data), media_type, filename, *size)


def _encoded(image: Image.Image, image_format: str) -> bytes:
    buffer = BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


def coat_of_arms(files_dir: Path, color: str = "#b0172a") -> MediaContent:
    """A shield (PNG) as the library keeps a commune's coat of arms."""
    image = Image.new("RGBA", (120, 140), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(4, 4), (116, 4), (116, 70), (60, 136), (4, 70)], fill=color, outline="#1b1b1b")
    draw.rectangle([50, 20, 70, 100], fill="#f5c400")
    draw.rectangle([25, 45, 95, 62], fill="#f5c400")
    png = store(files_dir, _encoded(image, "PNG"), "blason.png", "image/png", (120, 140))
    rendition = RenditionContent(120, 140, "png", png)
    return MediaContent(LOGO_ID, "image", "Blason", png, renditions=(rendition,))


def header_photo(files_dir: Path) -> MediaContent:
    """A landscape (JPEG and WebP copies), decorative, with its photographer's credit."""
    image = Image.new("RGB", (960, 360), "#9cc7e8")
    draw = ImageDraw.Draw(image)
    draw.ellipse([-200, 200, 600, 620], fill="#5f8f3e")
    draw.ellipse([400, 230, 1200, 700], fill="#3f6f2a")
    draw.rectangle([600, 120, 640, 260], fill="#c9b48a")
    draw.polygon([(595, 120), (620, 60), (645, 120)], fill="#7a4b2a")
    renditions = []
    for width in (480, 960):
        copy = image.resize((width, width * 3 // 8))
        for image_format, suffix in (("JPEG", "jpg"), ("WEBP", "webp")):
            media_type = f"image/{'jpeg' if suffix == 'jpg' else 'webp'}"
            stored = store(
                files_dir, _encoded(copy, image_format), f"village-{width}.{suffix}",
                media_type, copy.size,
            )  # fmt: skip
            renditions.append(RenditionContent(*copy.size, media_type.split("/")[1], stored))
    original = renditions[-2].file
    return MediaContent(
        PHOTO_ID, "image", "Le village", original, decorative=True,
        credit="Studio du lac", renditions=tuple(renditions),
    )  # fmt: skip


def identity_site(
    files_dir: Path, *, theme: str = "bastide", color: str = "", **overrides
) -> SiteContent:
    """The sample commune with a shown name, a coat of arms, a header photo, a colour."""
    logo, photo = coat_of_arms(files_dir), header_photo(files_dir)
    return replace(
        site_content(),
        theme=theme,
        main_color=color,
        display_name="Aurignac-en-Comminges",
        logo=logo,
        header_photo=photo,
        header_photo_credit="Photo Jean Martin, mairie d'Aurignac",
        media=(logo, photo),
        **overrides,
    )


@contextlib.contextmanager
def not_found_registered() -> Iterator[None]:
    """The 404 section among the build's sections (until the registry lists it itself)."""
    registered = sections_module.sections
    if NOT_FOUND in registered():
        yield
        return
    with mock.patch.object(sections_module, "sections", lambda: (*registered(), NOT_FOUND)):
        yield


def build(content: SiteContent, site_dir: Path, files_dir: Path, **options) -> BuildResult:
    """Build ``content`` with the project's themes, its 404 page included."""
    with not_found_registered():
        return build_site(
            content, site_dir=site_dir, release_name="r1", themes_dir=THEMES_DIR,
            translations_dir=TRANSLATIONS_DIR, files_dir=files_dir, **options,
        )  # fmt: skip
