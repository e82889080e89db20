"""An alert's fast path: when only the alerts changed since the live release (same day,
same code, theme and catalogs), the new release is the live one with the banner
replaced — and byte for byte what a full build of the same content writes."""

from __future__ import annotations

import filecmp
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.publishing.content import AlertContent
from tests.publishing.publishing_samples import build_at, site_content

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
PATCHED = "alerts only changed"


def _alert(item_id: int, message: str, level: str = "urgence") -> AlertContent:
    return AlertContent(
        item_id=item_id,
        message=message,
        level=level,
        starts_at=NOW - timedelta(hours=1),
        ends_at=NOW + timedelta(days=2),
        published_at=NOW - timedelta(hours=1),
    )


def _build(content, site_dir: Path, name: str, now=NOW):
    return build_at(content, site_dir, name, now)


def _tree(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}


def _same_trees(left: Path, right: Path) -> list[str]:
    a, b = _tree(left), _tree(right)
    assert set(a) == set(b)
    return [name for name in a if not filecmp.cmp(a[name], b[name], shallow=False)]


def test_a_new_alert_patches_the_live_release_into_what_a_full_build_writes(tmp_path):
    quiet = site_content()
    storm = replace(quiet, alerts=(_alert(1, "Tempête : restez chez vous"),))
    _build(quiet, tmp_path / "patched", "r1")
    result = _build(storm, tmp_path / "patched", "r2")
    assert PATCHED in result.log
    full = _build(storm, tmp_path / "full", "r1")
    assert PATCHED not in full.log
    patched_release = tmp_path / "patched" / "releases" / "r2"
    assert _same_trees(patched_release, tmp_path / "full" / "releases" / "r1") == []
    home = (patched_release / "index.html").read_text()
    assert "Tempête : restez chez vous" in home
    # The alert ends: patched away again, every page clean.
    after = _build(quiet, tmp_path / "patched", "r3")
    assert PATCHED in after.log
    for page in (tmp_path / "patched" / "releases" / "r3").rglob("*.html"):
        assert "Tempête" not in page.read_text(), page


def test_unchanged_files_are_shared_with_the_live_release(tmp_path):
    quiet = site_content()
    _build(quiet, tmp_path, "r1")
    _build(replace(quiet, alerts=(_alert(1, "Coupure d'eau"),)), tmp_path, "r2")
    stylesheet = Path("theme/css/style.css")
    first, second = (tmp_path / "releases" / name / stylesheet for name in ("r1", "r2"))
    assert first.stat().st_ino == second.stat().st_ino  # a hard link, not a copy


def test_any_other_change_is_a_full_build(tmp_path):
    quiet = site_content()
    _build(quiet, tmp_path, "r1")
    edited_page = replace(quiet.pages[0], title="Horaires d'hiver")
    changed = replace(quiet, pages=(edited_page, *quiet.pages[1:]), alerts=(_alert(1, "Gel"),))
    assert PATCHED not in _build(changed, tmp_path, "r2").log


def test_the_next_day_is_a_full_build(tmp_path):
    quiet = site_content()
    _build(quiet, tmp_path, "r1")
    tomorrow = NOW + timedelta(days=1)
    result = _build(replace(quiet, alerts=(_alert(1, "Gel"),)), tmp_path, "r2", now=tomorrow)
    assert PATCHED not in result.log


def test_a_damaged_live_release_falls_back_to_a_full_build(tmp_path):
    quiet = site_content()
    _build(quiet, tmp_path, "r1")
    (tmp_path / "releases" / "r1" / "index.html").write_text("<html>")  # truncated
    result = _build(replace(quiet, alerts=(_alert(1, "Gel"),)), tmp_path, "r2")
    assert PATCHED not in result.log
    assert "Gel" in (tmp_path / "releases" / "r2" / "index.html").read_text()
