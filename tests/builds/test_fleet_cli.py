"""`bastide build`: parallel builds behind a progress bar, one structured line per build."""

from __future__ import annotations

import json
import logging

import pytest

from app.operations.events import EVENTS_LOGGER


@pytest.mark.parametrize("jobs", ["0", "-1", "1000"])
def test_jobs_out_of_range_exit_2_with_a_sentence(bastide, make_commune, jobs):
    make_commune(slug="aurignac", name="Aurignac")
    result = bastide("build", "--all", "--jobs", jobs)
    assert result.exit_code == 2
    assert "--jobs doit être un nombre entier entre 1 et 256" in result.output
    assert "Traceback" not in result.output


def test_each_finished_build_logs_one_event_line(bastide, make_commune, caplog):
    make_commune(slug="aspet", name="Aspet", theme="no-such-theme")
    with caplog.at_level(logging.INFO, logger=EVENTS_LOGGER):
        result = bastide("build", "aspet")
    assert result.exit_code == 1
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == EVENTS_LOGGER]
    assert [(e["event"], e["site"], e["outcome"]) for e in events] == [("build", "aspet", "failed")]
    assert "no-such-theme" in events[0]["error"] and events[0]["duration_s"] >= 0
