"""Benchmark: what the search index adds to a build.

Builds a synthetic commune of 150 pages (bench_build's) several times with Pagefind's
index and several times without it (the pipeline's index stage replaced by a no-op, in
this same process: same forkserver, same caches), cold each time (a fresh site folder),
and prints both medians, the index stage alone, their ratio and the index's size.

    .venv/bin/python bench/bench_search.py [--pages 150] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench_build import RESULTS_DIR, THEMES_DIR, TRANSLATIONS_DIR, synthetic_site

from app.publishing import pipeline
from app.publishing.pipeline import build_site
from app.publishing.search import INDEX_DIR, index_release


def _no_index(content, release, *, timeout):
    return "search index: skipped (benchmark baseline)"


def timed_build(site, site_dir: Path, *, with_index: bool) -> tuple[float, float]:
    """Seconds of one cold build, and of its search index stage."""
    pipeline.index_release = index_release if with_index else _no_index
    started = time.perf_counter()
    result = build_site(
        site,
        site_dir=site_dir,
        release_name="r1",
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
    )
    return time.perf_counter() - started, result.durations.get("search index", 0.0)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    """Run the benchmark and print both figures and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    site = synthetic_site(args.pages)
    with_index, without_index, index_stage = [], [], []
    with tempfile.TemporaryDirectory(prefix="bastide-bench-search-") as tmp:
        root = Path(tmp)
        timed_build(synthetic_site(1), root / "warm-up", with_index=True)  # the forkserver
        for round_number in range(args.repeat):  # interleaved: drifts hit both alike
            seconds, _ = timed_build(site, root / f"plain-{round_number}", with_index=False)
            without_index.append(seconds)
            seconds, stage = timed_build(site, root / f"indexed-{round_number}", with_index=True)
            with_index.append(seconds)
            index_stage.append(stage)
        index_bytes = _size(root / "indexed-0" / "live" / INDEX_DIR)
    pipeline.index_release = index_release
    plain, indexed = statistics.median(without_index), statistics.median(with_index)
    row = {
        "pages": args.pages,
        "repeat": args.repeat,
        "build_without_index_s": round(plain, 3),
        "build_with_index_s": round(indexed, 3),
        "index_stage_s": round(statistics.median(index_stage), 3),
        "with_vs_without": round(indexed / plain, 3),
        "index_kib": round(index_bytes / 1024),
    }
    print(f"{args.pages} pages, median of {args.repeat} cold builds:")
    print(f"  without the search index: {row['build_without_index_s']:.3f} s")
    print(f"  with the search index:    {row['build_with_index_s']:.3f} s")
    print(f"  index stage alone:        {row['index_stage_s']:.3f} s")
    print(f"  ratio with / without:     {row['with_vs_without']:.2f}")
    print(f"  index size:               {row['index_kib']} KiB")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "search.json").write_text(json.dumps(row, indent=2) + "\n")


if __name__ == "__main__":
    main()
