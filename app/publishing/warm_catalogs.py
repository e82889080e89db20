"""Imported once by the render forkserver: the theme catalogs, compiled before the fork.

Each build's render child then finds them in ``load_translations``'s cache (keyed by the
file's path and change time, so an edited catalog is still read again). A catalog that
cannot be read is left to the child, which reports it as the build's error.
"""

from __future__ import annotations

import contextlib

from app.config import PROJECT_ROOT
from app.publishing.theming import load_translations

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"


def warm_catalogs() -> None:
    """Compile every language's theme catalog into the cache."""
    folders = sorted(TRANSLATIONS_DIR.iterdir()) if TRANSLATIONS_DIR.is_dir() else []
    for folder in folders:
        if folder.is_dir():
            with contextlib.suppress(Exception):  # the forkserver must start regardless
                load_translations(TRANSLATIONS_DIR, folder.name)


warm_catalogs()
