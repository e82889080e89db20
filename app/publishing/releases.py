"""Stage 4: release folders, their check, the atomic switch of ``live``, pruning.

Layout of a site directory::

    live -> releases/<name>        relative symlink, replaced atomically
    releases/<name>/               complete, checked releases (the newest few)
    releases/.<name>.partial/      a build in progress (or a crashed one, removed later)
    work/                          Pelican input, content cache, logs, lock
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

RELEASES_DIR = "releases"
LIVE_LINK = "live"
PARTIAL_SUFFIX = ".partial"
RELEASE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
STYLESHEET = Path("theme/css/style.css")


class ReleaseError(Exception):
    """A release cannot be created or failed its check; ``problems`` lists why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def check_release_name(name: str) -> None:
    """Raise ReleaseError unless ``name`` is a safe folder name for a release."""
    if not RELEASE_NAME_RE.match(name) or name == LIVE_LINK:
        raise ReleaseError([f"invalid release name {name!r}"])


def partial_path(site_dir: Path, name: str) -> Path:
    """Where the release ``name`` is rendered before it is complete."""
    check_release_name(name)
    return site_dir / RELEASES_DIR / f".{name}{PARTIAL_SUFFIX}"


def remove_partials(site_dir: Path) -> list[str]:
    """Delete the leftovers of crashed builds; return their folder names."""
    releases = site_dir / RELEASES_DIR
    if not releases.is_dir():
        return []
    removed = []
    for path in sorted(releases.glob(f".*{PARTIAL_SUFFIX}")):
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def start_release(site_dir: Path, name: str) -> Path:
    """Create the empty partial folder of a new release and return it."""
    partial = partial_path(site_dir, name)
    if (site_dir / RELEASES_DIR / name).exists():
        raise ReleaseError([f"release {name!r} already exists"])
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    return partial


class ReleaseCheckError(ReleaseError):
    """A rendered release is incomplete or malformed."""


def _html_problem(path: Path) -> str | None:
    """Catch truncated or corrupt pages cheaply (a full parse costs ~4 ms per page)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path.name}: {exc}"
    head, tail = text[:200].lstrip().lower(), text[-200:].rstrip().lower()
    if not head.startswith("<!doctype html>") or not tail.endswith("</html>"):
        return "not a complete HTML page"
    if "<main" not in text:
        return "no <main> element"
    if "\x00" in text:
        return "contains a NUL character"
    return None


def _css_problem(path: Path) -> str | None:
    try:
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path.name}: {exc}"
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    return None if depth == 0 and text.strip() else "unbalanced or empty stylesheet"


def check_release(release: Path, slugs: list[str]) -> None:
    """Raise ReleaseCheckError unless the home page, every page and the stylesheet are whole."""
    problems = []
    for relative in [Path("index.html"), *(Path(slug, "index.html") for slug in slugs)]:
        path = release / relative
        problem = _html_problem(path) if path.is_file() else "missing"
        if problem:
            problems.append(f"{relative}: {problem}")
    stylesheet = release / STYLESHEET
    problem = _css_problem(stylesheet) if stylesheet.is_file() else "missing"
    if problem:
        problems.append(f"{STYLESHEET}: {problem}")
    if problems:
        raise ReleaseCheckError(problems)


def finish_release(site_dir: Path, partial: Path, name: str) -> Path:
    """Turn a checked partial folder into the complete release ``name``."""
    final = site_dir / RELEASES_DIR / name
    os.utime(partial)  # releases are ordered by this time when pruning
    os.rename(partial, final)
    return final


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def switch_live(site_dir: Path, name: str) -> None:
    """Point ``live`` at ``releases/<name>`` in one atomic rename (also used to roll back)."""
    if not (site_dir / RELEASES_DIR / name).is_dir():
        raise ReleaseError([f"release {name!r} does not exist"])
    tmp = site_dir / f".{LIVE_LINK}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(f"{RELEASES_DIR}/{name}", tmp)  # relative: the site dir can move
    os.replace(tmp, site_dir / LIVE_LINK)
    _fsync_dir(site_dir)


def live_release(site_dir: Path) -> str | None:
    """Name of the release currently live, or None if the site was never published."""
    link = site_dir / LIVE_LINK
    if not link.is_symlink():
        return None
    return Path(os.readlink(link)).name


def list_releases(site_dir: Path) -> list[str]:
    """Complete releases, newest first."""
    releases = site_dir / RELEASES_DIR
    if not releases.is_dir():
        return []
    found = [p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")]
    found.sort(key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
    return [p.name for p in found]


def prune_releases(site_dir: Path, keep: int) -> list[str]:
    """Delete all but the ``keep`` newest releases, never the live one; return the deleted."""
    live = live_release(site_dir)
    doomed = [name for name in list_releases(site_dir)[max(keep, 1) :] if name != live]
    for name in doomed:
        shutil.rmtree(site_dir / RELEASES_DIR / name)
    return doomed
