"""The structured log: one JSON line per build and per request error."""

from __future__ import annotations

import io
import json
import logging

import pytest

from app.operations import events


@pytest.fixture
def event_lines():
    """What the events logger writes, one parsed JSON object per line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(events._JsonLines())
    logger = logging.getLogger(events.EVENTS_LOGGER)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_build_line_has_time_event_site_duration_and_outcome(event_lines):
    events.log_build(site="muret", build_id=7, outcome="failed", duration_s=0.81234, pages=3)
    (line,) = event_lines()
    assert line["event"] == "build" and line["site"] == "muret" and line["build_id"] == 7
    assert line["outcome"] == "failed" and line["duration_s"] == 0.812 and line["pages"] == 3
    assert line["ts"].endswith("+00:00")


def test_a_request_error_line(event_lines):
    events.log_request_error(method="GET", path="/admin/x", status=500, site=None, error="Boom")
    (line,) = event_lines()
    assert line["event"] == "request_error" and line["status"] == 500
    assert "site" not in line  # fields that are None are left out
    assert line["error"] == "Boom"


def test_event_line_keeps_french_text_readable():
    line = json.loads(events.event_line("backup", outcome="échec"))
    assert line["outcome"] == "échec"
    assert "échec" in events.event_line("backup", outcome="échec")
