"""Fixtures of the news tests: images made with Pillow, news content, the site build."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

# The publishing tests' samples and Nu checker helper, imported as those tests import them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "publishing"))

from publishing_samples import THEMES_DIR, TRANSLATIONS_DIR

from app.publishing.content import FileContent, NewsContent, SiteContent
from app.publishing.pipeline import BuildResult, build_site

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(
    size: tuple[int, int] = (64, 48),
    *,
    format: str = "JPEG",
    mode: str = "RGB",
    color=(200, 30, 30),
    exif: Image.Exif | None = None,
) -> bytes:
    """An image file made by Pillow."""
    buffer = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, color).save(buffer, format, **options)
    return buffer.getvalue()


def exif_with_gps(orientation: int = 6) -> Image.Exif:
    """EXIF data as a phone writes it: a camera, a GPS position, an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[ORIENTATION] = orientation  # 6: the camera was turned, display rotated 90°
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 13.0, 12.0), 3: "E", 4: (0.0, 52.0, 48.0)})
    return exif


def news_item(slug: str, day: date, **overrides) -> NewsContent:
    """One published news item."""
    values = {
        "slug": slug,
        "title": f"Actualité {slug}",
        "news_date": day,
        "published_at": datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
        "summary": f"Résumé de {slug}.",
        "body": f"Texte de **{slug}**.",
    }
    return NewsContent(**(values | overrides))


def many_items(count: int) -> tuple[NewsContent, ...]:
    """``count`` items, one a day from 1 October 2026 (the last is the newest)."""
    first = date(2026, 10, 1)
    return tuple(news_item(f"info-{n:02d}", first + timedelta(days=n)) for n in range(count))


@pytest.fixture
def photo_store(tmp_path: Path) -> Callable[[bytes], FileContent]:
    """Factory: put bytes in a file store as the platform does; return their FileContent."""
    import hashlib

    from app.files.paths import file_path

    files_dir = tmp_path / "files"

    def store(data: bytes, filename: str = "photo.jpg", width=64, height=48) -> FileContent:
        sha256 = hashlib.sha256(data).hexdigest()
        target = file_path(files_dir, sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return FileContent(sha256, len(data), "image/jpeg", filename, width, height)

    store.files_dir = files_dir
    return store


@pytest.fixture(scope="session")
def build_news_site() -> Callable[..., BuildResult]:
    """Build a site with the project's themes and catalogs."""

    def run(content: SiteContent, site_dir: Path, name: str = "r1", **options) -> BuildResult:
        options.setdefault("themes_dir", THEMES_DIR)
        options.setdefault("translations_dir", TRANSLATIONS_DIR)
        return build_site(content, site_dir=site_dir, release_name=name, **options)

    return run
