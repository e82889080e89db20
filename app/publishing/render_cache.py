"""Pelican's content cache of one site (or one language of it): a folder per version of
the reader, sealed after each complete render so a killed build never leaves a truncated
pickle behind."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib import metadata
from pathlib import Path

# Code whose changes must invalidate Pelican's content cache (it stores reader output).
_READER_SOURCES = ("markdown.py", "media.py", "reader.py")


def cache_dir_for(work_dir: Path, media: str = "") -> Path:
    """Content cache folder, fresh whenever the reader or its libraries change, or the
    library items the texts show (``media``: an alternative text, a new copy...)."""
    digest = hashlib.sha256(media.encode())
    here = Path(__file__).parent
    for name in _READER_SOURCES:
        digest.update((here / name).read_bytes())
    for package in ("pelican", "markdown", "nh3"):
        digest.update(metadata.version(package).encode())
    cache_root = work_dir / "cache"
    cache_dir = cache_root / digest.hexdigest()[:16]
    if cache_root.is_dir():
        for stale in cache_root.iterdir():
            if stale != cache_dir:
                shutil.rmtree(stale, ignore_errors=True)
    return cache_dir


CACHE_SEAL = "sealed.json"


def _cache_files(cache_dir: Path) -> dict[str, int]:
    """Pelican's cache files (pickles written in place) and their sizes."""
    if not cache_dir.is_dir():
        return {}
    return {p.name: p.stat().st_size for p in cache_dir.iterdir() if p.is_file()}


def seal_cache(cache_dir: Path) -> None:
    """Record the cache Pelican left after a complete render."""
    if not cache_dir.is_dir():
        return
    files = {name: size for name, size in _cache_files(cache_dir).items() if name != CACHE_SEAL}
    tmp = cache_dir / f".{CACHE_SEAL}.tmp"
    tmp.write_text(json.dumps(files, sort_keys=True))
    os.replace(tmp, cache_dir / CACHE_SEAL)


def discard_unsealed_cache(cache_dir: Path) -> list[str]:
    """Delete cache files a render did not finish writing (a worker killed while Pelican
    saved them leaves a truncated pickle that every later build would fail to load)."""
    files = {name: size for name, size in _cache_files(cache_dir).items() if name != CACHE_SEAL}
    try:
        sealed = json.loads((cache_dir / CACHE_SEAL).read_text())
    except (OSError, ValueError):
        sealed = {}
    unfinished = sorted(name for name, size in files.items() if sealed.get(name) != size)
    for name in unfinished:
        (cache_dir / name).unlink(missing_ok=True)
    return unfinished
