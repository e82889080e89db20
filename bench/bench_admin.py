"""Benchmark: the admin under load, 20 clerks of different communes at once on SQLite.

Onboards communes of Cœur et Coteaux du Comminges on a private data directory, gives
each 150 content items (pages, news, events, directory entries; about half published,
some changed since), then runs the real WSGI server (`bastide serve --no-worker`,
waitress with 8 threads: builds queue up and nobody runs them) and drives it over HTTP.
Each client thread is a publisher of its own commune, signed in like a browser, and
goes through every screen a clerk uses, including saving a draft (POST with CSRF).

Three phases, in one run: one client alone (the baseline), the clerks at a clerk's pace
(each reads a screen ``--think`` seconds on average, exponentially distributed, before
the next click: the p95 goal), then the same clerks clicking as fast as the server
answers (its capacity in requests per second; there latency is queueing, by Little's
law about clients / throughput). Ratios p95(clerks) / p95(one client) say what
concurrency costs.

    .venv/bin/python bench/bench_admin.py [--quick] [--communes 20] [--items 150]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import date, timedelta

from bench_publish import PASSWORD, RESULTS_DIR, _field, bench_environment

from app.config import PROJECT_ROOT, Settings

SIREN = "200072643"  # CC Cœur et Coteaux du Comminges: 104 communes
LISTS = ("pages", "news", "events", "alerts", "acts", "directory")
# The share of a commune's items of each type (the rest are pages).
MIX = {"news": 0.25, "events": 0.2, "directory": 0.15}
BODY = (
    "## Démarches\n\nLa mairie est ouverte du **lundi au vendredi**, de 9 h à 12 h. "
    "Les demandes d'état civil se font au guichet ou par courrier.\n\n- état civil\n"
    "- urbanisme\n- cimetière\n"
)


def set_up(settings: Settings, communes: int, items: int) -> list[str]:
    """Onboard ``communes`` communes with a publisher each and ``items`` items each."""
    from app.accounts.services import find_user, set_password_directly
    from app.db import Database
    from app.demo import ensure_accounts
    from app.migrate import upgrade_database
    from app.onboarding import services as onboarding
    from app.onboarding.rows import commune_by_insee
    from app.reference import find_epci

    upgrade_database(settings)
    database = Database(settings)
    slugs = []
    for insee in find_epci(SIREN).members[:communes]:
        with database.unit_of_work() as session:
            record = onboarding.prepare_commune(session, settings, insee)
            onboarding.onboard_commune(session, settings, record, actor="bench")
            commune = commune_by_insee(session, insee)
            ensure_accounts(session, [commune])
            clerk = find_user(session, f"mairie@{commune.slug}.test")
            set_password_directly(session, clerk, PASSWORD)
            add_items(session, settings, commune, clerk, items)
            slugs.append(commune.slug)
    database.dispose()
    return slugs


def add_items(session, settings: Settings, commune, clerk, count: int) -> None:
    """``count`` items of a commune, every other one published, every fifth edited since."""
    from app.content.services import publish_item
    from app.directory.services import EntryDraft, save_entry
    from app.events.services import EventDraft, save_event
    from app.models import Role
    from app.news.services import NewsDraft, save_news
    from app.pages.services import PageDraft, save_page

    today = date.today()
    makers = {
        "news": lambda n: save_news(
            session,
            commune,
            None,
            NewsDraft(title=f"Actualité {n}", news_date=today, summary="En bref.", body=BODY),
            None,
            clerk,
            files_dir=settings.files_dir,
        ),
        "events": lambda n: save_event(
            session,
            commune,
            None,
            EventDraft(title=f"Événement {n}", starts_on=today + timedelta(days=n), body=BODY),
            None,
            clerk,
        ),
        "directory": lambda n: save_entry(
            session,
            commune,
            None,
            EntryDraft(name=f"Association {n}", category="associations"),
            None,
            clerk,
        ),
        "pages": lambda n: save_page(
            session, commune, None, PageDraft(f"Page {n}", "", BODY, n), None, clerk
        ),
    }
    kinds = [kind for kind, share in MIX.items() for _ in range(round(count * share))]
    kinds += ["pages"] * (count - len(kinds))
    for n, kind in enumerate(kinds):
        item = makers[kind](n)
        if n % 2 == 0:
            publish_item(session, commune, item, clerk, Role.PUBLISHER, rebuild=False)
            if n % 5 == 0:
                item.body += "\nModifié depuis.\n"
    session.flush()


class Browser:
    """One clerk's keep-alive HTTP connection with its cookie; records each latency."""

    def __init__(self, port: int, seed: int = 0):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.think = 0.0  # mean seconds a clerk reads a screen before the next click
        self.random = random.Random(seed)  # noqa: S311 - think times, not secrets

    def request(self, screen: str | None, method: str, path: str, fields=None) -> str:
        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if screen is not None and self.think:
            time.sleep(self.random.expovariate(1 / self.think))
        start = time.perf_counter()
        try:
            response = self._send(method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closed a connection left idle too long: a browser reconnects.
            self.connection.close()
            start = time.perf_counter()
            response = self._send(method, path, body, headers)
        text = response.read().decode()
        elapsed = time.perf_counter() - start
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {response.status}")
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        if screen is not None:
            self.timings[screen].append(elapsed)
        return text

    def _send(self, method: str, path: str, body, headers) -> http.client.HTTPResponse:
        self.connection.request(method, path, body=body, headers=headers)
        return self.connection.getresponse()

    def sign_in(self, email: str) -> None:
        token = _field(self.request(None, "GET", "/admin/login"), "csrf_token")
        fields = {"csrf_token": token, "email": email, "password": PASSWORD}
        self.request(None, "POST", "/admin/login", fields)


def clerk_round(browser: Browser, slug: str, round_number: int) -> None:
    """Every screen a clerk uses, once, then a draft saved."""
    base = f"/admin/c/{slug}"
    browser.request("dashboard", "GET", f"{base}/")
    listing = ""
    for name in LISTS:
        text = browser.request(f"list {name}", "GET", f"{base}/{name}/")
        listing = text if name == "pages" else listing
    page_ids = re.findall(rf'href="{base}/pages/(\d+)"', listing)
    page_url = f"{base}/pages/{page_ids[round_number % len(page_ids)]}"
    form = browser.request("edit form", "GET", page_url)
    fields = {
        "csrf_token": _field(form, "csrf_token"),
        "version": _field(form, "version"),
        "title": _field(form, "title"),
        "slug": _field(form, "slug"),
        "menu_position": _field(form, "menu_position"),
        "body": BODY + f"\nMesure {round_number}.\n",
    }
    browser.request("save draft", "POST", page_url, fields)
    browser.request("history", "GET", f"{page_url}/history")
    browser.request("media", "GET", f"{base}/media/")
    browser.request("settings", "GET", f"{base}/settings/identity")


def run_clients(
    port: int, slugs: list[str], rounds: int, think: float = 0.0
) -> tuple[dict, float, int]:
    """Each slug's clerk runs ``rounds`` rounds at once, reading each screen ``think``
    seconds on average (0: clicking as fast as the server answers); timings, wall
    seconds and requests made."""
    browsers = []
    for number, slug in enumerate(slugs):
        browser = Browser(port, seed=number)
        browser.sign_in(f"mairie@{slug}.test")
        clerk_round(browser, slug, 0)  # warm-up: templates, caches, connections
        browser.timings.clear()
        browser.think = think
        browsers.append(browser)
    errors: list[BaseException] = []

    def work(browser: Browser, slug: str) -> None:
        try:
            for round_number in range(1, rounds + 1):
                clerk_round(browser, slug, round_number)
        except BaseException as error:  # reported after the run
            errors.append(error)

    pairs = zip(browsers, slugs, strict=True)
    threads = [threading.Thread(target=work, args=pair) for pair in pairs]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if errors:
        raise errors[0]
    merged: dict[str, list[float]] = defaultdict(list)
    for browser in browsers:
        for screen, values in browser.timings.items():
            merged[screen].extend(values)
    return merged, wall, sum(len(values) for values in merged.values())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(timings: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """p50/p95/p99 in milliseconds per screen."""
    return {
        screen: {
            f"p{int(share * 100)}_ms": round(percentile(values, share) * 1000, 1)
            for share in (0.5, 0.95, 0.99)
        }
        for screen, values in timings.items()
    }


def markdown_table(single: dict, paced: dict, flat_out: dict, clients: int) -> str:
    """The table the README carries: per screen, one client alone, ``clients`` clerks at
    a clerk's pace, and the same clerks clicking as fast as the server answers."""
    lines = [
        f"| screen | 1 client p50 / p95 | {clients} clerks p50 / p95 / p99 | p95 ratio "
        f"| {clients} flat out p50 / p95 |",
        "|---|---:|---:|---:|---:|",
    ]
    for screen, row in paced.items():
        alone, busy = single[screen], flat_out[screen]
        ratio = row["p95_ms"] / alone["p95_ms"] if alone["p95_ms"] else float("nan")
        lines.append(
            f"| {screen} | {alone['p50_ms']} / {alone['p95_ms']} | {row['p50_ms']} / "
            f"{row['p95_ms']} / {row['p99_ms']} | {ratio:.1f} | {busy['p50_ms']} / "
            f"{busy['p95_ms']} |"
        )
    return "\n".join(lines) + "\n\n(milliseconds)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 communes, 3 rounds")
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=10, help="rounds of screens per clerk")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a clerk reads each screen"
    )
    args = parser.parse_args()
    if args.quick:
        args.communes, args.rounds = 5, 3
    env, settings, port = bench_environment("bastide-bench-admin-")
    started = time.perf_counter()
    slugs = set_up(settings, args.communes, args.items)
    seconds = time.perf_counter() - started
    print(f"set-up: {len(slugs)} communes × {args.items} items in {seconds:.0f} s")
    command = [sys.executable, "-m", "app", "serve", "--port", str(port), "--threads", "8"]
    server_log = settings.data_dir / "server.log"  # waitress warns of its queue depth there
    server = subprocess.Popen(
        [*command, "--no-worker"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=server_log.open("w"),
    )
    try:
        wait_listening(port)
        single, _, _ = run_clients(port, slugs[:1], args.rounds * 2)
        paced, _, _ = run_clients(port, slugs, args.rounds, think=args.think)
        flat_out, wall, requests = run_clients(port, slugs, args.rounds)
    finally:
        server.terminate()
        server.wait(30)
    report = {
        "communes": len(slugs),
        "items_per_commune": args.items,
        "rounds": args.rounds,
        "think_s": args.think,
        "single_client": summary(single),
        "clerk_pace": summary(paced),
        "flat_out": summary(flat_out),
        "flat_out_requests_per_s": round(requests / wall, 1),
    }
    tables = report["single_client"], report["clerk_pace"], report["flat_out"]
    print(markdown_table(*tables, len(slugs)))
    print(f"\nflat out, {len(slugs)} clients: {report['flat_out_requests_per_s']} requests/s")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "admin.json").write_text(json.dumps(report, indent=2) + "\n")


def wait_listening(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/admin/login")
            connection.getresponse().read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


if __name__ == "__main__":
    main()
