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
_READER_SOURCES = ("markdown.py", "markdown_limits.py", "media.py", "reader.py")


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


def _cache_files(cache_dir: Path) -> dict[str, str]:
    """Pelican's cache files (pickles written in place) and the digests of their bytes."""
    if not cache_dir.is_dir():
        return {}
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in cache_dir.iterdir()
        if path.is_file() and not path.is_symlink() and path.name != CACHE_SEAL
    }


def seal_cache(cache_dir: Path) -> None:
    """Record the cache Pelican left after a complete render (atomically)."""
    if not cache_dir.is_dir():
        return
    tmp = cache_dir / f".{CACHE_SEAL}.tmp"
    tmp.write_text(json.dumps(_cache_files(cache_dir), sort_keys=True))
    os.replace(tmp, cache_dir / CACHE_SEAL)


def discard_unsealed_cache(cache_dir: Path) -> list[str]:
    """Delete cache files a render did not finish writing or that changed since (a worker
    killed while Pelican saved them leaves a truncated pickle that every later build would
    fail to load; a corrupted one fails the same way): the cache is rebuilt instead."""
    if cache_dir.is_symlink() or (cache_dir.exists() and not cache_dir.is_dir()):
        cache_dir.unlink()
        return [cache_dir.name]
    try:
        sealed = json.loads((cache_dir / CACHE_SEAL).read_text())
    except (OSError, ValueError):
        sealed = {}
    if not isinstance(sealed, dict):
        sealed = {}
    unfinished = []
    for path in sorted(cache_dir.iterdir()) if cache_dir.is_dir() else []:
        if path.name == CACHE_SEAL:
            continue
        if path.is_symlink() or not path.is_file():
            _remove(path)
            unfinished.append(path.name)
        elif sealed.get(path.name) != hashlib.sha256(path.read_bytes()).hexdigest():
            path.unlink(missing_ok=True)
            unfinished.append(path.name)
    return unfinished


def _remove(path: Path) -> None:
    """Delete a file, a link or a folder that has no business in the cache."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
