"""app.publishing never imports Flask, and only the render child imports Pelican."""

from __future__ import annotations

import json
import subprocess
import sys

from app.config import PROJECT_ROOT

# A fresh interpreter imports app.publishing as the worker would (``app/__init__.py``
# imports Flask only inside create_app), then each module, noting what came in.
IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
sys.path.insert(0, sys.argv[1])
import app.publishing
names = sorted(m.name for m in pkgutil.walk_packages(app.publishing.__path__, "app.publishing."))
loaded = {}
for name in [n for n in names if n != "app.publishing.reader"] + ["app.publishing.reader"]:
    importlib.import_module(name)
    heavy = ("flask", "werkzeug", "pelican", "sqlalchemy")
    loaded[name] = sorted(m for m in heavy if m in sys.modules)
print(json.dumps(loaded))
"""


def test_publishing_imports_neither_flask_nor_eagerly_pelican() -> None:
    output = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, str(PROJECT_ROOT)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    loaded = json.loads(output)
    assert {"app.publishing.pipeline", "app.publishing.preview", "app.publishing.render"} <= set(
        loaded
    )
    for name, heavy in loaded.items():
        if name == "app.publishing.reader":  # the render child's reader subclasses Pelican's
            assert heavy == ["pelican"]
        else:
            assert heavy == [], name
