"""A page edit's fast path: when only some pages' texts changed since the live release,
only those pages are rendered again; the release is byte for byte a full build's."""

from __future__ import annotations

import filecmp
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.publishing.publishing_samples import build_at, site_content

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
FAST = "pages edited: ['horaires']"


def _build(content, site_dir: Path, name: str, now=NOW):
    return build_at(content, site_dir, name, now)


def _edited(content, **changes):
    pages = tuple(
        replace(page, **changes) if page.slug == "horaires" else page for page in content.pages
    )
    return replace(content, pages=pages)


def _tree(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def live_then_edit(tmp_path_factory):
    """A site built once, then one page's text edited and republished."""
    root = tmp_path_factory.mktemp("incremental")
    before = site_content()
    _build(before, root / "site", "r1")
    previous = {name: path.read_bytes() for name, path in _tree(root / "site/releases/r1").items()}
    after = _edited(
        before,
        body="## Horaires\n\nOuvert le **samedi** matin.\n",
        published_at=NOW - timedelta(minutes=1),
    )
    result = _build(after, root / "site", "r2")
    return root, after, result, previous


def test_an_edited_text_renders_that_page_only_and_equals_a_full_build(live_then_edit):
    root, after, result, _ = live_then_edit
    assert FAST in result.log
    full = _build(after, root / "full", "r1")
    assert "pages edited" not in full.log
    fast, reference = _tree(root / "site/releases/r2"), _tree(root / "full/releases/r1")
    assert set(fast) == set(reference)
    assert [n for n in fast if not filecmp.cmp(fast[n], reference[n], shallow=False)] == []
    assert "samedi" in (root / "site/releases/r2/horaires/index.html").read_text()
    assert result.pages_written == full.pages_written


def test_the_live_release_is_never_written_through_its_shared_files(live_then_edit):
    root, _, _, previous = live_then_edit
    now = {name: path.read_bytes() for name, path in _tree(root / "site/releases/r1").items()}
    assert now == previous
    unchanged = Path("eglise/index.html")
    first, second = (root / "site/releases" / name / unchanged for name in ("r1", "r2"))
    assert first.stat().st_ino == second.stat().st_ino  # a hard link, not rendered again


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Horaires d'ouverture"},  # the menu and the site map show titles
        {"menu_position": 9},
    ],
)
def test_a_change_other_pages_show_is_a_full_build(tmp_path, change):
    before = site_content()
    _build(before, tmp_path, "r1")
    result = _build(_edited(before, body="Autre texte.", **change), tmp_path, "r2")
    assert "pages edited" not in result.log


def test_another_day_is_a_full_build(tmp_path):
    before = site_content()
    _build(before, tmp_path, "r1")
    result = _build(_edited(before, body="Autre texte."), tmp_path, "r2", NOW + timedelta(days=1))
    assert "pages edited" not in result.log
