"""Benchmark: time from a clerk pressing « Publier » to the new HTML being served.

Starts a real `bastide serve` (waitress + Huey worker on SQLite) on a private data
directory, signs in over HTTP like a browser, publishes an edit N times and polls the
resident's URL until the new text is served. The baseline, run in the same process tree,
is the build alone (`run_build` in this process on the same commune): the ratio shows what
the queue, the worker and the serving add to the raw build. The commune has ``--pages``
published pages (150 by default: the demo's, then generated ones); p50 and p95 of the
publications are reported (goal: p95 ≤ 1 s).

    .venv/bin/python bench/bench_publish.py [--repeat 20] [--pages 150] [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from app.config import PROJECT_ROOT, Settings

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
PASSWORD = "benchmark password"  # noqa: S105 - a throwaway account of the benchmark


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def set_up(settings: Settings, pages: int = 150) -> None:
    """Onboard Aurignac with its demo pages, more up to ``pages``, and a publisher whose
    password we know."""
    from app.accounts.services import find_user, set_password_directly
    from app.builds.worker import run_build
    from app.db import Database
    from app.demo import ensure_accounts, ensure_pages, onboard_demo_communes
    from app.migrate import upgrade_database
    from app.models import Build, BuildStatus

    upgrade_database(settings)
    database = Database(settings)
    with database.unit_of_work() as session:
        communes = [c for c in onboard_demo_communes(session, settings) if c.slug == "aurignac"]
        ensure_accounts(session, communes)
        clerk = find_user(session, "mairie@aurignac.test")
        set_password_directly(session, clerk, PASSWORD)
        ensure_pages(session, communes[0], clerk)
        add_pages(session, communes[0], pages)
    with database.session() as session:
        queued = [b.id for b in session.query(Build).filter_by(status=BuildStatus.QUEUED)]
    for build_id in queued:
        run_build(database, build_id)


def publish_revision(session, item, commune) -> None:
    """Make the item's current text its published revision (no audit, no build: set-up)."""
    from app.models import Revision

    revision = Revision(
        content_type=item.content_type, item_id=item.id, commune_id=commune.id, data=item.snapshot()
    )
    session.add(revision)
    session.flush()
    item.published_revision_id = revision.id


def add_pages(session, commune, total: int) -> None:
    """Publish generated pages (about 2 KB of Markdown each) until there are ``total``."""
    from sqlalchemy import func, select

    from app.models import Page

    paragraph = (
        "La mairie est ouverte du **lundi au vendredi**, de 9 h à 12 h. Les demandes "
        "d'état civil se font au guichet ou par courrier.\n\n"
    )
    existing = session.scalar(select(func.count()).where(Page.commune_id == commune.id))
    for n in range(existing, total):
        page = Page(commune_id=commune.id, title=f"Page {n}", slug=f"page-{n}")
        page.body = "## Démarches\n\n" + paragraph * 8
        page.menu_position = 100 + n
        session.add(page)
        session.flush()
        publish_revision(session, page, commune)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


def baseline_build_seconds(settings: Settings, repeat: int) -> list[float]:
    """The raw build of the same commune, run in this process tree."""
    from app.builds.services import request_build
    from app.builds.worker import run_build
    from app.db import Database
    from app.tenancy import find_commune_by_slug

    database = Database(settings)
    timings = []
    for _ in range(repeat):
        with database.unit_of_work() as session:
            commune = find_commune_by_slug(session, "aurignac")
            build_id = request_build(session, commune, enqueue=False).id
        start = time.perf_counter()
        run_build(database, build_id)
        timings.append(time.perf_counter() - start)
    return timings


class Clerk:
    """A browser-like HTTP client: cookies, CSRF tokens, form posts."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> None:
        data = urllib.parse.urlencode(fields).encode()
        self.opener.open(self.base_url + path, data=data, timeout=10).read()

    def sign_in(self, email: str, password: str) -> None:
        token = _field(self.get("/admin/login"), "csrf_token")
        self.post("/admin/login", {"csrf_token": token, "email": email, "password": password})

    def publish(self, page_url: str, body: str) -> None:
        form = self.get(page_url)
        self.post(
            page_url,
            {
                "csrf_token": _field(form, "csrf_token"),
                "version": _field(form, "version"),
                "title": "La mairie",
                "slug": "la-mairie",
                "menu_position": "1",
                "body": body,
                "publish": "1",
            },
        )


def _field(html: str, name: str) -> str:
    return re.search(
        rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', html
    ).group(1)


def wait_served(url: str, marker: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our server
            if marker in response.read().decode():
                return
        time.sleep(0.02)
    raise TimeoutError(f"{marker} not served after {timeout} s")


def bench_environment(prefix: str) -> tuple[dict[str, str], Settings, int]:
    """A private data directory and a free port for one benchmark's platform."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    port = free_port()
    env = {
        **os.environ,
        "BASTIDE_DATA_DIR": str(root / "var"),
        "BASTIDE_COMMUNES_DIR": str(root / "communes"),
        "BASTIDE_BASE_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("BASTIDE_QUEUE_URL", None)
    return env, Settings.from_env(env), port


@contextlib.contextmanager
def signed_in_clerk(env: dict[str, str], port: int, email: str) -> Iterator[Clerk]:
    """Run `bastide serve` (admin, sites, worker) and sign ``email`` in over HTTP."""
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port)],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        clerk = Clerk(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while True:
            try:
                clerk.sign_in(email, PASSWORD)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield clerk
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--quick", action="store_true", help="5 publications")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 5
    env, settings, port = bench_environment("bastide-bench-")
    set_up(settings, args.pages)
    baseline = baseline_build_seconds(settings, args.repeat)

    with signed_in_clerk(env, port, "mairie@aurignac.test") as clerk:
        page_url = _page_url(clerk)
        site_url = f"http://127.0.0.1:{port}/aurignac/la-mairie/"
        latencies = []
        for round_number in range(args.repeat + 1):
            marker = f"Mesure {round_number} {time.time_ns()}"
            start = time.perf_counter()
            clerk.publish(page_url, f"## Horaires\n\n{marker}\n")
            wait_served(site_url, marker)
            if round_number:  # the first round warms the worker's forkserver
                latencies.append(time.perf_counter() - start)

    report = {
        "pages": args.pages,
        "publish_to_served_median_s": round(statistics.median(latencies), 3),
        "publish_to_served_p95_s": round(percentile(latencies, 0.95), 3),
        "publish_to_served_all_s": [round(x, 3) for x in latencies],
        "baseline_build_median_s": round(statistics.median(baseline), 3),
        "ratio_publish_over_build": round(
            statistics.median(latencies) / statistics.median(baseline), 2
        ),
    }
    print(json.dumps(report, indent=2))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "publish.json").write_text(json.dumps(report, indent=2))


def _page_url(clerk: Clerk) -> str:
    listing = clerk.get("/admin/c/aurignac/pages/")
    return re.search(r'href="(/admin/c/aurignac/pages/\d+)">La mairie<', listing).group(1)


if __name__ == "__main__":
    main()
