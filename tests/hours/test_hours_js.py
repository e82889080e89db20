"""hours.js, run by Node against a minimal DOM, with segments written by status_segments."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, time

import pytest

from app.config import PROJECT_ROOT, TIMEZONE
from app.hours import status_segments
from app.publishing.directory import compact_segments
from tests.hours.helpers import fr

SCRIPT = PROJECT_ROOT / "themes" / "bastide" / "static" / "js" / "hours.js"
NODE = shutil.which("node")
HARNESS = r"""
const fs = require("fs");
const vm = require("vm");
const [script, casesJson] = process.argv.slice(2);
const source = fs.readFileSync(script, "utf8");
const element = (attrs) => ({
  attrs: { ...attrs },
  textContent: "",
  hidden: "hidden" in attrs,
  getAttribute(name) { return name in this.attrs ? this.attrs[name] : null; },
  setAttribute(name, value) { this.attrs[name] = String(value); },
  removeAttribute(name) { delete this.attrs[name]; },
});
const snapshot = (elements) => elements.map((e) => ({
  text: e.textContent, hidden: e.hidden, state: e.getAttribute("data-state"),
}));
const results = JSON.parse(casesJson).map((test) => {
  const elements = test.elements.map(element);
  let now = Date.parse(test.now);
  const timers = [];
  const listeners = {};
  const document = {
    readyState: test.readyState || "complete",
    querySelectorAll: (selector) => {
      if (selector !== "[data-hours-status]") throw new Error(selector);
      return elements.filter((e) => "data-hours-status" in e.attrs);
    },
    addEventListener: (name, callback) => { listeners[name] = callback; },
  };
  const clock = { now: () => now, parse: (text) => Date.parse(text) };
  vm.runInNewContext(source, {
    document, JSON, Date: clock, setInterval: (callback, ms) => timers.push([callback, ms]),
  });
  const steps = [snapshot(elements)];
  if (listeners.DOMContentLoaded) { listeners.DOMContentLoaded(); steps.push(snapshot(elements)); }
  for (const later of test.later || []) {
    now = Date.parse(later);
    for (const [callback] of timers) callback();
    steps.push(snapshot(elements));
  }
  return { steps, intervals: timers.map(([, ms]) => ms) };
});
process.stdout.write(JSON.stringify(results));
"""


def run(cases: list[dict]) -> list[dict]:
    """Each case's element snapshots: at load, then after each later clock and timer tick."""
    assert NODE is not None, "Node.js runs the theme's script: install the nodejs package"
    completed = subprocess.run(
        [NODE, "-", str(SCRIPT), json.dumps(cases)],
        input=HARNESS,
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout)


@pytest.fixture(scope="module")
def monday_segments() -> str:
    """The attribute value the theme writes for a town hall on Monday 21 December 2026."""
    from tests.hours.helpers import french_translations

    start = datetime.combine(date(2026, 12, 21), time(8), tzinfo=TIMEZONE)
    segments = status_segments(
        "Mo-Fr 09:00-12:00,14:00-17:00; PH off", start, "fr", french_translations(), days=2
    )
    return compact_segments(segments)


def status(segments: str, **extra: str) -> dict:
    return {"data-hours-status": "", "hidden": "", "data-segments": segments, **extra}


def shown(text: str, state: str) -> dict:
    return {"text": fr(text), "hidden": False, "state": state}


NOTHING = {"text": "", "hidden": True, "state": None}


def test_the_segment_of_the_readers_clock_is_shown_and_followed_every_minute(monday_segments):
    (result,) = run(
        [
            {
                "elements": [status(monday_segments)],
                "now": "2026-12-21T11:30+01:00",
                "later": [
                    "2026-12-21T11:59+01:00",
                    "2026-12-21T12:00+01:00",
                    "2026-12-23T08:00+01:00",
                ],
            }
        ]
    )
    assert result["intervals"] == [60000]
    assert [step[0] for step in result["steps"]] == [
        shown("Ouvert · ferme à 12 h", "open"),
        shown("Ouvert · ferme à 12 h", "open"),
        shown("Fermé · ouvre à 14 h", "closed"),  # the end of a segment is excluded
        NOTHING,  # past the last segment: a stale site says nothing
    ]


def test_every_status_element_is_filled_and_others_are_left_alone(monday_segments):
    (result,) = run(
        [
            {
                "elements": [
                    status(monday_segments),
                    {"hidden": "", "data-segments": monday_segments},
                    status(monday_segments),
                ],
                "now": "2026-12-21T18:00+01:00",
            }
        ]
    )
    opens_tomorrow = shown("Fermé · ouvre demain à 9 h", "closed")
    assert result["steps"][0] == [opens_tomorrow, NOTHING, opens_tomorrow]


@pytest.mark.parametrize(
    ("segments", "now"),
    [
        ("not json", "2026-12-21T11:30+01:00"),
        ("", "2026-12-21T11:30+01:00"),
        ("[]", "2026-12-21T11:30+01:00"),
        (None, "2026-12-21T11:30+01:00"),
        ("monday", "2026-12-21T07:59+01:00"),  # before the first segment
    ],
)
def test_without_a_matching_segment_the_line_stays_hidden(segments, now, monday_segments):
    element = status(monday_segments if segments == "monday" else segments or "")
    if segments is None:
        del element["data-segments"]
    (result,) = run([{"elements": [element], "now": now}])
    assert result["steps"] == [[NOTHING]]


def test_the_script_waits_for_the_document_when_loaded_early(monday_segments):
    (result,) = run(
        [
            {
                "elements": [status(monday_segments)],
                "now": "2026-12-21T11:30+01:00",
                "readyState": "loading",
            }
        ]
    )
    assert [step[0] for step in result["steps"]] == [
        NOTHING,
        shown("Ouvert · ferme à 12 h", "open"),
    ]


def test_the_script_stays_small():
    assert len(SCRIPT.read_bytes()) < 2048
