"""Fixtures of the search and web-meta tests: the full sample commune, built once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The shared publishing samples and the Nu HTML checker helper live there.
sys.path.insert(0, str(Path(__file__).parents[1] / "publishing"))

from search_samples import build, full_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory):
    """The full sample commune built once by the pipeline: (its site folder, the result)."""
    site_dir = tmp_path_factory.mktemp("search-site") / "aurignac"
    return site_dir, build(full_site(), site_dir)


@pytest.fixture(scope="session")
def live(built_site) -> Path:
    """The live release of the full sample commune."""
    return built_site[0] / "live"
