"""Structured log lines: one JSON object per line on standard error, for the IT team's
log collector (journald, Loki, ELK...). One line per build and per request error, with
the site, the duration and the outcome."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

EVENTS_LOGGER = "bastide.events"
log = logging.getLogger(EVENTS_LOGGER)


class _JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage()


def configure_event_log(stream=None) -> None:
    """Write events to ``stream`` (standard error by default), once per process."""
    if any(getattr(handler, "bastide_events", False) for handler in log.handlers):
        return
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(_JsonLines())
    handler.bastide_events = True
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def event_line(event: str, **fields) -> str:
    """The JSON line of one event (fields that are None are left out)."""
    record = {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), "event": event}
    record.update((name, value) for name, value in fields.items() if value is not None)
    return json.dumps(record, ensure_ascii=False, default=str)


def log_event(event: str, *, level: int = logging.INFO, **fields) -> None:
    """Log one event, e.g. ``log_event("build", site="muret", outcome="succeeded",
    duration_s=0.8)``."""
    if log.isEnabledFor(level):
        log.log(level, event_line(event, **fields))


def log_build(*, site: str, build_id: int, outcome: str, duration_s: float, **fields) -> None:
    """One line per finished build (``outcome``: "succeeded" or "failed")."""
    level = logging.INFO if outcome == "succeeded" else logging.WARNING
    log_event(
        "build",
        level=level,
        site=site,
        build_id=build_id,
        outcome=outcome,
        duration_s=round(duration_s, 3),
        **fields,
    )


def log_request_error(*, method: str, path: str, status: int, site: str | None, **fields) -> None:
    """One line per request that ended in a server error (5xx) or a refused input (4xx)."""
    level = logging.ERROR if status >= 500 else logging.INFO
    log_event(
        "request_error", level=level, method=method, path=path, status=status, site=site, **fields
    )
