"""The site's search index, made by Pagefind from the rendered release.

Pagefind (the binary the ``pagefind`` package ships) reads the pages' ``<main>`` only
(header, menu, alerts and footer are on every page), in the language of ``<html lang>``
(French stemming: "horaire" finds "horaires"), and writes ``<release>/pagefind/``, which
the search page's script queries in the browser: no server, no third-party request.

Indexed: every page of the release but the listings whose items have a page of their own
(news archive, agenda, acts, directory), the search page and the site map (they would
match every query), the 404 page, and the alerts: short-lived, shown on every page in
the banner, and published by the alerts' fast path (app.publishing.alert_patch), which
keeps the live index; with the alerts out of it, that index is exactly a full build's.
Pagefind reads exactly those pages: they are hard-linked into a staging folder it
indexes as the site.

Bounded rather than incremental (Pagefind rewrites its whole index): one run per build,
linear in the pages, about 0.15 s of CPU for 150 pages (bench/bench_search.py: builds
14 % longer), killed after ``INDEX_TIMEOUT``. A failed or timed-out index does not fail
the build: the site is published without ``pagefind/``, the search page says search is
unavailable and leads to the site map (as it does without JavaScript), and the build
log says "search index FAILED" with Pagefind's own message.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path, PurePosixPath

from app.acts.kinds import ACT_KINDS
from app.publishing.content import SiteContent
from app.publishing.export import ACTS_PATH, ALERTS_PATH, DIRECTORY_PATH, EVENTS_PATH, NEWS_PATH
from app.publishing.releases import PARTIAL_SUFFIX

INDEX_DIR = "pagefind"
INDEX_TIMEOUT = 120.0  # seconds, at most (the build's own timeout when shorter)
SEARCH_PATH = "recherche"
SITE_MAP_PATH = "plan-du-site"
ROOT_SELECTOR = "main"
# Inside <main>: the breadcrumbs repeat the section's name on every item.
EXCLUDE_SELECTORS = (".breadcrumb",)
# Files of the bundle for Pagefind's own interfaces: the site's script does without them.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
_NEWS_ARCHIVE = re.compile(rf"^{NEWS_PATH}/page/\d+$")
_OUTPUT_TAIL = 600  # characters of Pagefind's output kept in the log


class SearchIndexError(Exception):
    """Pagefind could not index the release."""


def listing_folders() -> frozenset[str]:
    """Folders left out of the index: pages listing items that have their own page, or
    the whole site, and the alerts (see above)."""
    return frozenset(
        {
            SEARCH_PATH,
            ALERTS_PATH,
            SITE_MAP_PATH,
            DIRECTORY_PATH,
            NEWS_PATH,
            EVENTS_PATH,
            f"{EVENTS_PATH}/archives",
            ACTS_PATH,
            *(f"{ACTS_PATH}/{kind.slug}" for kind in ACT_KINDS.values()),
        }
    )


def without_language(folder: str, languages: tuple[str, ...]) -> str:
    """``en/annuaire`` -> ``annuaire``: the folder of a translated page's original."""
    first, _, rest = folder.partition("/")
    return rest if first in languages and first != "fr" else folder


def indexed_pages(content: SiteContent, release: Path) -> list[str]:
    """Release paths of the pages Pagefind reads (``<folder>/index.html`` only)."""
    listings = listing_folders()
    pages = []
    for path in release.rglob("index.html"):
        relative = path.relative_to(release).as_posix()
        folder = without_language(str(PurePosixPath(relative).parent), content.languages)
        if folder.startswith(f"{INDEX_DIR}/") or folder in listings:
            continue
        if _NEWS_ARCHIVE.match(folder):
            continue
        pages.append(relative)
    return sorted(pages)


def pagefind_executable() -> Path:
    """The Pagefind binary of the ``pagefind`` package (``PAGEFIND_BINARY_PATH`` wins)."""
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise SearchIndexError("the Pagefind binary is missing (pip install 'pagefind[bin]')")
    return executable


def _stage(release: Path, pages: list[str], staging: Path) -> None:
    """Hard-link (or copy, across file systems) the indexed pages into ``staging``."""
    for relative in pages:
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(release / relative, target)
        except OSError:
            shutil.copyfile(release / relative, target)


def _run_pagefind(staging: Path, output: Path, timeout: float) -> None:
    command = [
        str(pagefind_executable()),
        "--site", str(staging),
        "--output-path", str(output),
        "--root-selector", ROOT_SELECTOR,
        "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS),
        "--quiet",
    ]  # fmt: skip
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind did not finish within {timeout:g} s") from None
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not start: {exc}") from None
    if result.returncode != 0 or not (output / "pagefind.js").is_file():
        said = (result.stdout + result.stderr).strip()[-_OUTPUT_TAIL:]
        raise SearchIndexError(f"Pagefind exited with code {result.returncode}: {said}")


def index_release(content: SiteContent, release: Path, *, timeout: float) -> str:
    """Index ``release`` in place (its ``pagefind/`` folder); return a log line."""
    started = time.perf_counter()
    output = release / INDEX_DIR
    shutil.rmtree(output, ignore_errors=True)
    pages = indexed_pages(content, release)
    # A dot folder ending like a partial release: the next build removes it if we die.
    staging = Path(tempfile.mkdtemp(prefix=".search-", suffix=PARTIAL_SUFFIX, dir=release.parent))
    try:
        _stage(release, pages, staging)
        _run_pagefind(staging, output, min(timeout, INDEX_TIMEOUT))
    except (SearchIndexError, OSError) as exc:
        shutil.rmtree(output, ignore_errors=True)  # never half an index
        return (
            f"search index FAILED, the site is published without search "
            f"(its search page says so and leads to the site map): {exc}"
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for name in UNUSED_BUNDLE_FILES:
        (output / name).unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    return f"search index: {len(pages)} pages indexed in {seconds:.2f} s"
