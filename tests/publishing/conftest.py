"""Fixtures of the publishing tests: a build helper and a breakable copy of the themes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from publishing_samples import THEMES_DIR, TRANSLATIONS_DIR

from app.publishing.content import SiteContent
from app.publishing.pipeline import BuildResult, build_site


@pytest.fixture(scope="session")
def build() -> Callable[..., BuildResult]:
    """Build a site with the project's themes and catalogs (both overridable)."""

    def run(content: SiteContent, site_dir: Path, name: str, **options) -> BuildResult:
        options.setdefault("themes_dir", THEMES_DIR)
        options.setdefault("translations_dir", TRANSLATIONS_DIR)
        return build_site(content, site_dir=site_dir, release_name=name, **options)

    return run


@pytest.fixture
def theme_copy(tmp_path: Path) -> Callable[[], Path]:
    """Factory: a private copy of the themes directory, to break on purpose."""

    def copy() -> Path:
        target = tmp_path / "themes"
        shutil.copytree(THEMES_DIR, target)
        return target

    return copy
