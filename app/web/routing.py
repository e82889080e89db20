"""URL converters: ids in admin URLs are bounded to what the database can hold."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

# Largest id a SQLite INTEGER or a PostgreSQL BIGINT holds.
MAX_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` that answers 404 for an id no row can have (≥ 2^63), not a 500."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Replace the ``int`` converter app-wide; call before registering blueprints."""
    app.url_map.converters["int"] = IdConverter
