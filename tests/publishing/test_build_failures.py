"""A failed build, whatever kills it, leaves the previous site live and intact."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from publishing_samples import BODY, PAGES, THEMES_DIR, TRANSLATIONS_DIR, page, site_content

from app.publishing import pipeline
from app.publishing.pipeline import BuildError, live_release
from app.publishing.releases import list_releases
from app.publishing.render import render_site

UNCHANGED = "Le site en ligne n'a pas changé."
# Enough pages that Pelican is still writing them when a test kills it.
MANY_PAGES = tuple(page(f"page-{n:03d}", f"Page {n}", n, BODY) for n in range(150))


def fingerprint(folder: Path) -> dict[str, str]:
    """Path -> digest of every file under ``folder`` (following the live link)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def live_site(build, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A site with release r1 live, and the fingerprint of what residents see."""
    site_dir = tmp_path / "site"
    build(site_content(pages=PAGES[:2]), site_dir, "r1")
    return site_dir, fingerprint(site_dir / "live")


def assert_untouched(site_dir: Path, before: dict[str, str]) -> None:
    """r1 is still live, byte for byte, and no other release or leftover exists."""
    assert live_release(site_dir) == "r1"
    assert fingerprint(site_dir / "live") == before
    assert sorted(os.listdir(site_dir / "releases")) == ["r1"]


def break_template(themes: Path, name: str, text: str) -> None:
    (themes / "bastide" / "templates" / name).write_text(text)


def test_template_syntax_error(live_site, build, theme_copy) -> None:
    site_dir, before = live_site
    themes = theme_copy()
    break_template(themes, "page.html", '{% extends "base.html" %}{% block content %}{% if %}')
    with pytest.raises(BuildError) as error:
        build(site_content(), site_dir, "r2", themes_dir=themes)
    assert error.value.message == f"Le thème du site contient une erreur. {UNCHANGED}"
    assert "TemplateSyntaxError" in error.value.log
    assert_untouched(site_dir, before)


def test_template_error_while_rendering(live_site, build, theme_copy) -> None:
    site_dir, before = live_site
    themes = theme_copy()
    broken = '{% extends "base.html" %}{% block content %}{{ page.title.nope() }}{% endblock %}'
    break_template(themes, "page.html", broken)
    with pytest.raises(BuildError) as error:
        build(site_content(), site_dir, "r2", themes_dir=themes)
    assert "thème" in error.value.message
    assert "UndefinedError" in error.value.log
    assert_untouched(site_dir, before)


def test_template_missing_from_the_theme(live_site, build, theme_copy) -> None:
    site_dir, before = live_site
    themes = theme_copy()
    (themes / "bastide" / "templates" / "tag.html").unlink()  # Pelican would use "simple"
    with pytest.raises(BuildError) as error:
        build(site_content(), site_dir, "r2", themes_dir=themes)
    assert "ThemeLeakError" in error.value.log
    assert_untouched(site_dir, before)


def test_incomplete_output_fails_the_check(live_site, build, theme_copy) -> None:
    site_dir, before = live_site
    themes = theme_copy()
    (themes / "bastide" / "static" / "css" / "style.css").unlink()
    with pytest.raises(BuildError) as error:
        build(site_content(), site_dir, "r2", themes_dir=themes)
    assert error.value.message == f"Le site généré est incomplet. {UNCHANGED}"
    assert "theme/css/style.css: missing" in error.value.log
    assert_untouched(site_dir, before)


def test_a_page_with_a_nul_character_fails_the_check(live_site, build, theme_copy) -> None:
    """A NUL makes invalid HTML: whatever let it through, it is never published."""
    site_dir, before = live_site
    themes = theme_copy()
    base = themes / "bastide" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</main>", "\x00</main>"))
    with pytest.raises(BuildError) as error:
        build(site_content(), site_dir, "r2", themes_dir=themes)
    assert error.value.message == f"Le site généré est incomplet. {UNCHANGED}"
    assert "contains a NUL character" in error.value.log
    assert_untouched(site_dir, before)


def test_a_broken_theme_catalog_fails_the_build_cleanly(live_site, build, tmp_path) -> None:
    site_dir, before = live_site
    translations = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS_DIR, translations)
    (translations / "fr" / "LC_MESSAGES" / "theme.po").write_bytes(b'msgid "a"\n\xff\xfe')
    with pytest.raises(BuildError) as error:
        build(site_content(), site_dir, "r2", translations_dir=translations)
    assert error.value.message == f"{pipeline.TECHNICAL_ERROR} {UNCHANGED}"
    assert "UnicodeDecodeError" in error.value.log
    assert_untouched(site_dir, before)


def test_exception_in_the_render_child(live_site, build, monkeypatch) -> None:
    from app.publishing.render import RenderError

    def failing_render(*_args, **_kwargs):
        raise RenderError("pelican", "Traceback...\nKeyError: 'x'")

    site_dir, before = live_site
    monkeypatch.setattr(pipeline, "render_site", failing_render)
    with pytest.raises(BuildError) as error:
        build(site_content(), site_dir, "r2")
    assert error.value.message == f"La génération du site a échoué. {UNCHANGED}"
    assert "KeyError" in error.value.log
    assert_untouched(site_dir, before)


def test_timeout_kills_the_child(live_site, build) -> None:
    site_dir, before = live_site
    started = time.monotonic()
    with pytest.raises(BuildError) as error:
        build(site_content(pages=MANY_PAGES), site_dir, "r2", timeout=0.2)
    assert time.monotonic() - started < 10
    assert "trop de temps" in error.value.message
    assert_untouched(site_dir, before)


def kill_when_writing(site_dir: Path, name: str, killed: list[int]):
    """on_started hook: SIGKILL the child as soon as Pelican has written its first page."""

    def hook(pid: int) -> None:
        def watch() -> None:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if (site_dir / "releases" / f".{name}.partial" / "index.html").exists():
                    with contextlib.suppress(ProcessLookupError):  # finished first: test fails
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                    return
                time.sleep(0.001)

        threading.Thread(target=watch, daemon=True).start()

    return hook


def test_child_killed_mid_render(live_site, build, monkeypatch) -> None:
    site_dir, before = live_site
    killed: list[int] = []
    hook = kill_when_writing(site_dir, "r2", killed)
    monkeypatch.setattr(pipeline, "render_site", functools.partial(render_site, on_started=hook))
    with pytest.raises(BuildError) as error:
        build(site_content(pages=MANY_PAGES), site_dir, "r2")
    assert killed, "the build finished before the test could kill it"
    assert "interrompue avant la fin" in error.value.message
    assert "exit code -9" in error.value.log
    assert_untouched(site_dir, before)

    monkeypatch.undo()
    assert build(site_content(), site_dir, "r3").release_name == live_release(site_dir)


BUILD_IN_A_PROCESS = """
import pickle, sys
from pathlib import Path
from app.publishing.pipeline import build_site
content = pickle.loads(Path(sys.argv[1]).read_bytes())
build_site(content, site_dir=Path(sys.argv[2]), release_name="r2",
           themes_dir=Path(sys.argv[3]), translations_dir=Path(sys.argv[4]))
"""


def test_worker_killed_mid_render_then_next_build_cleans_up(live_site, build, tmp_path) -> None:
    site_dir, before = live_site
    content_file = tmp_path / "content.pickle"
    content_file.write_bytes(pickle.dumps(site_content(pages=MANY_PAGES)))
    args = [content_file, site_dir, THEMES_DIR, TRANSLATIONS_DIR]
    worker = subprocess.Popen(
        [sys.executable, "-c", BUILD_IN_A_PROCESS, *map(str, args)],
        start_new_session=True,  # its forkserver and render child share its process group
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    partial = site_dir / "releases" / ".r2.partial"
    deadline = time.monotonic() + 30
    while not (partial / "index.html").exists():
        assert worker.poll() is None and time.monotonic() < deadline, "build never started"
        time.sleep(0.002)
    os.killpg(worker.pid, signal.SIGKILL)  # the worker, its forkserver and Pelican at once
    worker.wait()

    assert live_release(site_dir) == "r1"
    assert fingerprint(site_dir / "live") == before  # residents still get the old site
    time.sleep(0.2)  # let any orphan finish dying before we look at the leftovers
    assert partial.is_dir() and list_releases(site_dir) == ["r1"]

    result = build(site_content(), site_dir, "r3")
    assert live_release(site_dir) == "r3"
    assert sorted(os.listdir(site_dir / "releases")) == ["r1", "r3"]
    assert "removed leftovers of interrupted builds: ['.r2.partial']" in result.log


def test_two_builds_of_one_site_do_not_overlap(live_site, build) -> None:
    site_dir, before = live_site
    lock = (site_dir / "work" / "build.lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        with pytest.raises(BuildError) as error:
            build(site_content(), site_dir, "r2")
    finally:
        lock.close()
    assert "déjà en cours" in error.value.message
    assert_untouched(site_dir, before)


def test_a_cache_left_truncated_by_a_killed_build_is_discarded(build, tmp_path: Path) -> None:
    """A worker killed while Pelican saved its content cache leaves a truncated pickle;
    the next build throws it away instead of failing on it (and every build after)."""
    site_dir = tmp_path / "site"
    build(site_content(pages=PAGES[:2]), site_dir, "r1")
    [cache] = [p for p in (site_dir / "work" / "cache").rglob("PagesGenerator-Readers")]
    cache.write_bytes(cache.read_bytes()[:10])  # the kill came mid-write
    result = build(site_content(pages=PAGES[:3]), site_dir, "r2")
    assert "discarded an unfinished content cache: ['PagesGenerator-Readers']" in result.log
    assert live_release(site_dir) == "r2"
