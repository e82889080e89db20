"""Benchmark: onboarding a whole intercommunality from the command line.

Times `bastide onboard --epci 200072643` (the 104 communes of Cœur et Coteaux du
Comminges) on a fresh data directory. The baseline, in the same process tree, is
`bastide communes` on a fresh data directory: interpreter start, imports and database
creation, which every command pays.

    .venv/bin/python bench/bench_onboard.py [--repeat 3] [--siren 200072643]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.config import PROJECT_ROOT

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"


def timed_command(*args: str) -> float:
    """Seconds taken by ``bastide ARGS`` on a fresh data directory."""
    root = Path(tempfile.mkdtemp(prefix="bastide-bench-"))
    env = {
        **os.environ,
        "BASTIDE_DATA_DIR": str(root / "var"),
        "BASTIDE_COMMUNES_DIR": str(root / "communes"),
    }
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--siren", default="200072643")
    args = parser.parse_args()
    baseline = [timed_command("communes") for _ in range(args.repeat)]
    onboard = [timed_command("onboard", "--epci", args.siren) for _ in range(args.repeat)]
    report = {
        "siren": args.siren,
        "onboard_epci_median_s": round(statistics.median(onboard), 2),
        "onboard_epci_all_s": [round(x, 2) for x in onboard],
        "baseline_cli_start_median_s": round(statistics.median(baseline), 2),
        "ratio_onboard_over_baseline": round(
            statistics.median(onboard) / statistics.median(baseline), 2
        ),
    }
    print(json.dumps(report, indent=2))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "onboard.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
