"""Benchmark of the publishing pipeline: cold build vs. one-page-edited rebuild.

Builds a synthetic commune of 10 and 100 pages several times and prints medians. The
baseline is the cold build measured in the same process tree, so the ratio
(rebuild / cold) compares like with like whatever the machine.

    .venv/bin/python bench/bench_build.py [--sizes 10 100] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.config import PROJECT_ROOT
from app.publishing.content import PageContent, SiteContent
from app.publishing.pipeline import build_site

THEMES_DIR = PROJECT_ROOT / "themes"
TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
PARAGRAPH = (
    "La mairie est ouverte du **lundi au vendredi**, de 9 h à 12 h. Les demandes "
    "d'état civil se font au guichet ou par courrier ; voir [les horaires](../page-0000/).\n\n"
)


def synthetic_site(pages: int) -> SiteContent:
    """A commune with ``pages`` pages of about 2 KB of Markdown each."""
    body = "## Démarches\n\n" + PARAGRAPH * 6 + "- état civil\n- urbanisme\n- cimetière\n"
    published = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    return SiteContent(
        slug="bench",
        insee="31028",
        name="Aurignac",
        postal_codes=("31420",),
        population=1291,
        department="Haute-Garonne",
        intercommunality="Cœur et Coteaux du Comminges",
        hostnames=(),
        theme="bastide",
        languages=("fr",),
        live_url="http://127.0.0.1:8000/bench/",
        town_hall_address="1 place de la Mairie\n31420 Aurignac",
        town_hall_phone="05 61 98 90 08",
        town_hall_email="mairie@aurignac.example",
        publication_director="Jeanne Dupont",
        accessibility_status="partiellement",
        pages=tuple(
            PageContent(f"page-{n:04d}", f"Page {n}", body, n, published) for n in range(pages)
        ),
    )


def edit_one_page(site: SiteContent, round_number: int) -> SiteContent:
    """The same site with one page's body changed, as a clerk's edit would."""
    first = site.pages[0]
    edited = replace(first, body=first.body + f"\nModification n° {round_number}.\n")
    return replace(site, pages=(edited, *site.pages[1:]))


def timed_build(site: SiteContent, site_dir: Path, name: str) -> tuple[float, dict]:
    started = time.perf_counter()
    result = build_site(
        site,
        site_dir=site_dir,
        release_name=name,
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
    )
    return time.perf_counter() - started, result.durations


def bench_size(pages: int, repeat: int, root: Path) -> dict:
    """Medians of cold builds and of one-page-edited rebuilds for one site size."""
    site = synthetic_site(pages)
    cold, rebuild, cold_render, rebuild_render = [], [], [], []
    for round_number in range(repeat):
        site_dir = root / f"{pages}-{round_number}"  # fresh: no export, no content cache
        seconds, durations = timed_build(site, site_dir, "cold")
        cold.append(seconds)
        cold_render.append(durations["render"])
        seconds, durations = timed_build(edit_one_page(site, round_number), site_dir, "edit")
        rebuild.append(seconds)
        rebuild_render.append(durations["render"])
    cold_median, rebuild_median = statistics.median(cold), statistics.median(rebuild)
    return {
        "pages": pages,
        "repeat": repeat,
        "cold_s": round(cold_median, 3),
        "rebuild_s": round(rebuild_median, 3),
        "cold_render_s": round(statistics.median(cold_render), 3),
        "rebuild_render_s": round(statistics.median(rebuild_render), 3),
        "rebuild_vs_cold": round(rebuild_median / cold_median, 3),
    }


def main() -> None:
    """Run the benchmark and print one line per site size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bastide-bench-") as tmp:
        root = Path(tmp)
        # The first build of a worker also starts the forkserver (imports Pelican once).
        first, _ = timed_build(synthetic_site(1), root / "warm-up", "first")
        print(f"first build of the process (starts the forkserver): {first:.3f} s")
        results = [bench_size(size, args.repeat, root) for size in args.sizes]

    header = f"{'pages':>6} {'cold s':>8} {'rebuild s':>10} {'render cold/rebuild s':>22}"
    print(header + f" {'rebuild/cold':>13}")
    for row in results:
        renders = f"{row['cold_render_s']:.3f} / {row['rebuild_render_s']:.3f}"
        print(
            f"{row['pages']:>6} {row['cold_s']:>8.3f} {row['rebuild_s']:>10.3f} {renders:>22}"
            f" {row['rebuild_vs_cold']:>13.2f}"
        )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = {"first_build_s": round(first, 3), "sizes": results}
    (RESULTS_DIR / "build.json").write_text(json.dumps(output, indent=2) + "\n")


if __name__ == "__main__":
    main()
