"""Fixtures of the theme tests: each theme's release of a commune with an identity."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from tests.themes.samples import THEMES, build, identity_site

# The publishing tests' helpers (the Nu HTML checker) import their samples by file name.
sys.path.insert(0, str(PROJECT_ROOT / "tests" / "publishing"))


@pytest.fixture(scope="session")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Each theme's live release of the sample commune with its identity (and #ffff00)."""
    root = tmp_path_factory.mktemp("identity")
    files = root / "files"
    built = {}
    for theme in THEMES:
        build(identity_site(files, theme=theme, color="#ffff00"), root / theme, files)
        built[theme] = root / theme / "live"
    return built
