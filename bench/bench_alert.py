"""Benchmark: time from a clerk publishing an alert to the banner being served.

An alert shows on every page, so its publication touches the whole site. Starts a real
`bastide serve` (waitress + Huey worker on SQLite) on a private data directory with a
commune of 150 published pages, signs in over HTTP like a browser, then N times: posts
the alert form with « Publier » and polls the resident's home page every 10 ms until the
banner with the new message is served (timed), then removes the alert and waits until
it is gone (timed separately), so every round starts from a site without alerts. The
baseline, run in the same process tree, is a full build of the same commune (`run_build`
in this process, with the alerts' fast path ruled out): the ratio shows what the
publication costs against rebuilding the site.

    .venv/bin/python bench/bench_alert.py [--repeat 20] [--pages 150]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

from bench_publish import PASSWORD, Clerk, _field, bench_environment, signed_in_clerk

from app.config import PROJECT_ROOT, TIMEZONE, Settings

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
SLUG = "aurignac"
CLERK = "mairie@aurignac.test"
POLL_SECONDS = 0.01
BODY = (
    "## Démarches\n\n"
    + "La mairie est ouverte du **lundi au vendredi**, de 9 h à 12 h. Les demandes "
    "d'état civil se font au guichet ou par courrier.\n\n"
    * 6
    + "- état civil\n- urbanisme\n- cimetière\n"
)


def set_up(settings: Settings, pages: int) -> None:
    """Onboard Aurignac with ``pages`` published pages and a publisher we can sign in as."""
    from app.accounts.services import find_user, set_password_directly
    from app.content.services import publish_item
    from app.db import Database
    from app.demo import ensure_accounts, ensure_pages, onboard_demo_communes
    from app.migrate import upgrade_database
    from app.models import Page, Role
    from app.pages.services import PageDraft, save_page

    upgrade_database(settings)
    database = Database(settings)
    with database.unit_of_work() as session:
        communes = [c for c in onboard_demo_communes(session, settings) if c.slug == SLUG]
        ensure_accounts(session, communes)
        clerk = find_user(session, CLERK)
        set_password_directly(session, clerk, PASSWORD)
        commune = communes[0]
        ensure_pages(session, commune, clerk)
        existing = session.query(Page).filter_by(commune_id=commune.id).count()
        for n in range(existing, pages):
            draft = PageDraft(title=f"Page {n:03d}", slug="", body=BODY, menu_position=n + 1)
            page = save_page(session, commune, None, draft, None, clerk)
            publish_item(session, commune, page, clerk, Role.PUBLISHER, rebuild=False)
    _run_queued_builds(database)
    database.dispose()


def _run_queued_builds(database) -> None:
    from app.builds.services import request_build
    from app.builds.worker import run_build
    from app.models import Build, BuildStatus
    from app.tenancy import find_commune_by_slug

    with database.unit_of_work() as session:
        request_build(session, find_commune_by_slug(session, SLUG), enqueue=False)
    with database.session() as session:
        queued = [b.id for b in session.query(Build).filter_by(status=BuildStatus.QUEUED)]
    for build_id in queued:
        run_build(database, build_id)


def baseline_build_seconds(settings: Settings, repeat: int) -> list[float]:
    """A full build of the same commune, run in this process tree (each time without the
    record that would let it take the alerts' fast path)."""
    from app.builds.services import request_build
    from app.builds.worker import run_build
    from app.db import Database
    from app.tenancy import find_commune_by_slug

    database = Database(settings)
    timings = []
    for _ in range(repeat):
        with database.unit_of_work() as session:
            build_id = request_build(session, find_commune_by_slug(session, SLUG), enqueue=False).id
        for record in (settings.sites_dir / SLUG / "work").glob("release-fingerprint*"):
            record.unlink()
        start = time.perf_counter()
        run_build(database, build_id)
        timings.append(time.perf_counter() - start)
    database.dispose()
    return timings


def poll(url: str, marker: str, *, present: bool, timeout: float = 60) -> None:
    """Fetch ``url`` every 10 ms until ``marker`` is (or is no longer) in it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our server
            if (marker in response.read().decode()) == present:
                return
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{marker!r} still {'missing' if present else 'served'} after {timeout} s")


def publish_alert(clerk: Clerk, message: str, level: str) -> str:
    """Post a new alert with « Publier »; return its admin URL."""
    new_url = f"/admin/c/{SLUG}/alerts/new"
    end = datetime.now(UTC).astimezone(TIMEZONE) + timedelta(days=2)
    fields = {
        "csrf_token": _field(clerk.get(new_url), "csrf_token"),
        "message": message,
        "level": level,
        "link": "",
        "publish_at": "",
        "unpublish_at": end.strftime("%Y-%m-%dT%H:%M"),
        "publish": "1",
    }
    response = clerk.opener.open(
        clerk.base_url + new_url,
        data=urllib.parse.urlencode(fields).encode(),
        timeout=10,
    )
    response.read()
    return response.geturl().removeprefix(clerk.base_url)


def remove_alert(clerk: Clerk, edit_url: str) -> None:
    token = _field(clerk.get(edit_url), "csrf_token")
    clerk.post(f"{edit_url}/unpublish", {"csrf_token": token})


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered) + 0.5) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pages", type=int, default=150)
    args = parser.parse_args()
    env, settings, port = bench_environment("bastide-bench-alert-")
    set_up(settings, args.pages)
    html_files = len(list((settings.sites_dir / SLUG / "live").rglob("*.html")))
    baseline = baseline_build_seconds(settings, 5)

    with signed_in_clerk(env, port, CLERK) as clerk:
        home = f"http://127.0.0.1:{port}/{SLUG}/"
        served, removed = [], []
        for round_number in range(args.repeat + 1):
            marker = f"Alerte de mesure {round_number} {time.time_ns()}"
            level = ("urgence", "vigilance", "information")[round_number % 3]
            start = time.perf_counter()
            edit_url = publish_alert(clerk, marker, level)
            poll(home, marker, present=True)
            published = time.perf_counter() - start
            start = time.perf_counter()
            remove_alert(clerk, edit_url)
            poll(home, marker, present=False)
            gone = time.perf_counter() - start
            if round_number:  # the first round warms the worker's forkserver
                served.append(published)
                removed.append(gone)

    report = {
        "pages": args.pages,
        "html_files": html_files,
        "runs": len(served),
        "publish_to_served_p50_s": round(statistics.median(served), 3),
        "publish_to_served_p95_s": round(percentile(served, 0.95), 3),
        "publish_to_served_all_s": [round(x, 3) for x in served],
        "remove_to_gone_p50_s": round(statistics.median(removed), 3),
        "remove_to_gone_p95_s": round(percentile(removed, 0.95), 3),
        "baseline_full_build_median_s": round(statistics.median(baseline), 3),
        "ratio_publish_p50_over_full_build": round(
            statistics.median(served) / statistics.median(baseline), 2
        ),
    }
    print(json.dumps(report, indent=2))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "alert.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
