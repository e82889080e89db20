"""What a build reads from disk cannot leak or block it: theme links, caches, exports."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from app.publishing.pipeline import BuildError, build_site
from app.publishing.settings import pelican_settings
from app.publishing.themes import links_leaving, resolve_theme
from tests.publishing.publishing_samples import (
    BODY,
    PAGES,
    THEMES_DIR,
    TRANSLATIONS_DIR,
    page,
    site_content,
)

SECRET = "la clé secrète de la plateforme"


def build(site_dir: Path, name: str, pages=PAGES[:2], themes_dir: Path = THEMES_DIR) -> Path:
    """Build ``pages`` as release ``name``; the release folder."""
    return build_site(
        site_content(pages=pages),
        site_dir=site_dir,
        release_name=name,
        themes_dir=themes_dir,
        translations_dir=TRANSLATIONS_DIR,
    ).release_path


def release_text(release: Path) -> str:
    """Every file of a release, as text, to look for a leaked secret."""
    return "\n".join(
        path.read_text(errors="replace") for path in release.rglob("*") if path.is_file()
    )


@pytest.fixture
def themes_with_links(tmp_path: Path) -> Path:
    """A copy of the themes whose static folder links to a secret file and folder outside."""
    outside = tmp_path / "outside"
    (outside / "keys").mkdir(parents=True)
    (outside / "secret_key").write_text(SECRET)
    (outside / "keys" / "id_rsa").write_text(SECRET)
    themes = tmp_path / "themes"
    shutil.copytree(THEMES_DIR, themes)
    static = themes / "bastide" / "static"
    (static / "secret_key").symlink_to(outside / "secret_key")
    (static / "keys").symlink_to(outside / "keys")
    (static / "logo-copy.css").symlink_to(static / "css" / "theme.css")  # inside: kept
    return themes


def test_theme_links_leaving_the_theme_are_found(themes_with_links: Path) -> None:
    theme = resolve_theme(themes_with_links, "bastide")
    assert {link.name for link in links_leaving(theme)} == {"secret_key", "keys"}
    assert links_leaving(resolve_theme(THEMES_DIR, "bastide")) == ()


def test_a_theme_link_to_outside_is_not_published(themes_with_links, tmp_path: Path) -> None:
    release = build(tmp_path / "site", "r1", themes_dir=themes_with_links)
    theme_files = {p.name for p in (release / "theme").rglob("*")}
    assert "secret_key" not in theme_files and "id_rsa" not in theme_files
    assert "logo-copy.css" in theme_files  # a link inside the theme is an ordinary file
    assert SECRET not in release_text(release)


def test_pelican_is_told_to_skip_the_links(themes_with_links: Path, tmp_path: Path) -> None:
    theme = resolve_theme(themes_with_links, "bastide")
    settings = pelican_settings(
        site_content(), content_dir=tmp_path, output_dir=tmp_path, theme=theme, cache_dir=tmp_path
    )
    assert {"secret_key", "keys"} <= set(settings["IGNORE_FILES"])


def test_a_build_after_corrupting_caches_and_exports_succeeds(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    build(site_dir, "r1")
    work = site_dir / "work"
    cache_files = [p for p in (work / "cache").rglob("*") if p.is_file() and p.suffix != ".json"]
    assert cache_files, "Pelican kept no content cache: nothing to corrupt"
    for number, path in enumerate(cache_files):
        data = path.read_bytes()
        # Truncated (a killed write) or same size but garbage (the seal's size matches).
        path.write_bytes(data[: len(data) // 2] if number % 2 else bytes(len(data)))
    kept = [*work.glob("*.json"), *(work / "templates").glob("*")]  # manifests, bytecode
    assert kept
    for number, path in enumerate(kept):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if number % 2 else b"{garbage")
    pages_dir = work / "content" / "pages"
    exported = sorted(pages_dir.glob("*.md"))
    exported[0].write_bytes(exported[0].read_bytes()[:10])
    exported[1].unlink()
    exported[1].mkdir()  # a folder where the export's file was
    (pages_dir / "intrus.md").symlink_to(tmp_path / "nowhere.md")
    result = build_site(
        site_content(pages=PAGES[:3]),  # a new page: a full render
        site_dir=site_dir,
        release_name="r2",
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
    )
    assert "discarded an unfinished content cache" in result.log
    release = result.release_path
    for sample in PAGES[:3]:
        assert (release / sample.slug / "index.html").is_file()
    assert not (pages_dir / "intrus.md").is_symlink() and exported[1].is_file()


def test_a_symlinked_export_folder_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    pages_dir = tmp_path / "site" / "work" / "content" / "pages"
    pages_dir.parent.mkdir(parents=True)
    pages_dir.symlink_to(outside)
    from app.publishing.export import export_content

    export_content(site_content(pages=PAGES[:1]), pages_dir.parent)
    assert not pages_dir.is_symlink() and list(outside.iterdir()) == []


def test_a_pathological_page_fails_its_build_quickly_naming_it(tmp_path: Path) -> None:
    pages = (*PAGES[:1], page("tarifs", "Tarifs de la salle", 2, "[a](" * 25_000))
    start = time.monotonic()
    with pytest.raises(BuildError) as failed:
        build(tmp_path / "site", "r1", pages=pages)
    assert time.monotonic() - start < 60  # was 301 s, the render child's timeout
    assert "Tarifs de la salle" in failed.value.log
    assert "« Tarifs de la salle »" in failed.value.message  # the dashboard names the page
    assert not os.path.exists(tmp_path / "site" / "live")


def test_a_long_page_still_builds(tmp_path: Path) -> None:
    release = build(tmp_path / "site", "r1", pages=(page("long", "Long", 1, BODY * 400),))
    assert (release / "long" / "index.html").stat().st_size > 100_000


def test_a_cache_file_changed_since_its_seal_is_discarded(tmp_path: Path) -> None:
    from app.publishing.render_cache import discard_unsealed_cache, seal_cache

    (tmp_path / "PagesGenerator-Readers").write_bytes(b"pickle bytes")
    (tmp_path / "Other").write_bytes(b"kept")
    seal_cache(tmp_path)
    (tmp_path / "PagesGenerator-Readers").write_bytes(b"garbage byte")  # same size
    assert discard_unsealed_cache(tmp_path) == ["PagesGenerator-Readers"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Other", "sealed.json"]
