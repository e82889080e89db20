"""Fixtures of the languages tests: the publishing samples and a build helper."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# The publishing tests' samples, imported as those tests import them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "publishing"))

from publishing_samples import THEMES_DIR, TRANSLATIONS_DIR

from app.publishing.content import SiteContent
from app.publishing.pipeline import BuildResult, build_site


@pytest.fixture(scope="session")
def build() -> Callable[..., BuildResult]:
    """Build a site with the project's themes and catalogs."""

    def run(content: SiteContent, site_dir: Path, name: str, **options) -> BuildResult:
        options.setdefault("themes_dir", THEMES_DIR)
        options.setdefault("translations_dir", TRANSLATIONS_DIR)
        return build_site(content, site_dir=site_dir, release_name=name, **options)

    return run
