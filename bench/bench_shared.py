"""Benchmark: one edit of a shared directory entry by an intercommunality, until every
member commune's site serves it.

Onboards the 104 communes of Cœur et Coteaux du Comminges (200072643) on a fresh data
directory and builds every site once. Then, with a real `bastide worker` running on the
SQLite queue (2 builds at once, as `bastide serve` runs it), the intercommunality
publishes its déchèterie entry and the clock runs until all 104 member sites (and the
intercommunality's own) serve the new version. The baseline, in the same process tree,
is one build of one member commune's site (`run_build` in this process): the ratio says
how many single builds the whole fan-out costs.

    .venv/bin/python bench/bench_shared.py [--repeat 2] [--siren 200072643]
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

from app.config import PROJECT_ROOT, Settings

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
ENTRY = "annuaire/decheterie-intercommunale/index.html"


def environment(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "BASTIDE_DATA_DIR": str(root / "var"),
        "BASTIDE_COMMUNES_DIR": str(root / "communes"),
        "BASTIDE_SECRET_KEY": "benchmark",
    }


def bastide(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def publish_shared_entry(settings: Settings, siren: str, marker: str) -> list[str]:
    """Save and publish the déchèterie as the intercommunality; return the member slugs."""
    from app.content.services import publish_item
    from app.db import Database
    from app.directory.services import EntryDraft, save_entry
    from app.models import DirectoryEntry, Role
    from app.tenancy import find_epci

    database = Database(settings)
    try:
        with database.unit_of_work() as session:
            epci = find_epci(session, siren)
            entry = session.query(DirectoryEntry).filter_by(intercommunality_id=epci.id).first()
            draft = EntryDraft(
                name="Déchèterie intercommunale",
                category="dechets",
                summary=marker,
                phones="05 61 00 90 90",
                hours="We 09:00-12:00; Sa 09:00-17:00; PH off",
            )
            version = entry.version if entry else None
            entry = save_entry(session, epci, entry, draft, version, None)
            publish_item(session, epci, entry, None, Role.PUBLISHER)
            return [commune.slug for commune in epci.communes] + [epci.slug]
    finally:
        database.dispose()


def wait_until_served(settings: Settings, slugs: list[str], marker: str) -> list[float]:
    """Seconds until each site serves ``marker`` (polled every 50 ms), in arrival order."""
    start, pending, arrivals = time.perf_counter(), set(slugs), []
    while pending:
        for slug in list(pending):
            page = settings.sites_dir / slug / "live" / ENTRY
            try:
                if marker in page.read_text(encoding="utf-8"):
                    pending.discard(slug)
                    arrivals.append(time.perf_counter() - start)
            except OSError:
                pass
        if time.perf_counter() - start > 1800:
            raise TimeoutError(f"still waiting for {sorted(pending)[:5]}…")
        time.sleep(0.05)
    return arrivals


def single_build_seconds(settings: Settings, slug: str, repeat: int) -> list[float]:
    from app.builds.services import request_build
    from app.builds.worker import run_build
    from app.db import Database
    from app.tenancy import find_commune_by_slug

    database = Database(settings)
    timings = []
    for _ in range(repeat):
        with database.unit_of_work() as session:
            build_id = request_build(session, find_commune_by_slug(session, slug), enqueue=False).id
        start = time.perf_counter()
        run_build(database, build_id)
        timings.append(time.perf_counter() - start)
    database.dispose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--siren", default="200072643")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bastide-bench-shared-"))
    env = environment(root)
    os.environ.update({k: v for k, v in env.items() if k.startswith("BASTIDE_")})
    settings = Settings.from_env(env)
    bastide(env, "onboard", "--epci", args.siren)
    publish_shared_entry(settings, args.siren, "version 0")  # queued; built by --all below
    bastide(env, "build", "--all")
    worker = subprocess.Popen(
        [sys.executable, "-m", "app", "worker"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2)  # the worker's start, not part of any publication
        runs = []
        for n in range(1, args.repeat + 1):
            marker = f"version {n}"
            slugs = publish_shared_entry(settings, args.siren, marker)
            runs.append(wait_until_served(settings, slugs, marker))
    finally:
        worker.terminate()
        worker.wait(60)
    single = single_build_seconds(settings, "aurignac", 3)
    totals = [max(run) for run in runs]
    report = {
        "siren": args.siren,
        "sites_updated": len(runs[0]),
        "all_sites_served_median_s": round(statistics.median(totals), 1),
        "all_runs_s": [round(total, 1) for total in totals],
        "first_site_served_median_s": round(statistics.median(min(run) for run in runs), 2),
        "half_of_the_sites_served_median_s": round(
            statistics.median(sorted(run)[len(run) // 2] for run in runs), 1
        ),
        "baseline_single_build_median_s": round(statistics.median(single), 2),
        "ratio_all_sites_over_single_build": round(
            statistics.median(totals) / statistics.median(single), 1
        ),
    }
    print(json.dumps(report, indent=2))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "shared.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
