"""Releases: the atomic switch of ``live``, pruning, the relative link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from publishing_samples import PAGES, site_content

from app.publishing import releases
from app.publishing.pipeline import live_release
from app.publishing.releases import list_releases, prune_releases, switch_live


def test_second_build_switches_live_with_one_rename(build, tmp_path, monkeypatch) -> None:
    build(site_content(pages=PAGES[:1]), tmp_path, "r1")
    real_replace = os.replace
    seen = []

    def spy(src, dst):
        if not os.path.islink(src):  # ``os`` is shared: the export replaces files too
            return real_replace(src, dst)
        # At the moment of the switch the old release is still fully live, and the new
        # link is complete under its temporary name.
        seen.append((os.readlink(tmp_path / "live"), os.readlink(src), Path(dst).name))
        assert (tmp_path / "live" / "index.html").is_file()
        return real_replace(src, dst)

    monkeypatch.setattr(releases.os, "replace", spy)
    build(site_content(pages=PAGES[:2]), tmp_path, "r2")

    assert seen == [("releases/r1", "releases/r2", "live")]
    assert live_release(tmp_path) == "r2"
    assert os.readlink(tmp_path / "live") == "releases/r2"  # relative
    assert (tmp_path / "live" / PAGES[1].slug / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live", "releases", "work"]


def test_live_link_is_relative_so_the_site_folder_can_move(build, tmp_path) -> None:
    build(site_content(pages=PAGES[:1]), tmp_path / "a", "r1")
    (tmp_path / "a").rename(tmp_path / "b")
    assert (tmp_path / "b" / "live" / "index.html").is_file()


def test_only_the_newest_releases_are_kept(build, tmp_path) -> None:
    for number in range(1, 6):
        build(site_content(pages=PAGES[:1]), tmp_path, f"r{number}", keep=3)
    assert list_releases(tmp_path) == ["r5", "r4", "r3"]
    assert live_release(tmp_path) == "r5"


def make_release(site_dir: Path, name: str, mtime: int) -> None:
    path = site_dir / "releases" / name
    path.mkdir(parents=True)
    (path / "index.html").write_text(name)
    os.utime(path, (mtime, mtime))


def test_pruning_never_deletes_the_live_release(tmp_path) -> None:
    for number in range(1, 5):
        make_release(tmp_path, f"r{number}", 1_700_000_000 + number)
    switch_live(tmp_path, "r1")  # rolled back to the oldest
    assert prune_releases(tmp_path, keep=2) == ["r2"]
    assert list_releases(tmp_path) == ["r4", "r3", "r1"]
    assert (tmp_path / "live" / "index.html").read_text() == "r1"


def test_live_release_is_none_before_the_first_build(tmp_path) -> None:
    assert live_release(tmp_path) is None
    assert live_release(tmp_path / "missing") is None


def test_switching_to_a_missing_release_is_refused(tmp_path) -> None:
    make_release(tmp_path, "r1", 1_700_000_000)
    switch_live(tmp_path, "r1")
    with pytest.raises(releases.ReleaseError):
        switch_live(tmp_path, "r2")
    assert live_release(tmp_path) == "r1"


@pytest.mark.parametrize("name", ["", ".hidden", "a/b", "live", "../x"])
def test_release_names_are_checked(build, tmp_path, name: str) -> None:
    from app.publishing.pipeline import BuildError

    with pytest.raises(BuildError):
        build(site_content(pages=PAGES[:1]), tmp_path, name)
    assert not (tmp_path / "releases").exists() or list_releases(tmp_path) == []
