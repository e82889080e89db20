"""Benchmark: a fleet rebuild (`bastide build --all`) against plain Pelican and a bare render.

On a fresh data directory, N communes of P pages each (about 2 KB of Markdown a page).
Measured in one run, on the same content:

- fleet cold: `bastide build --all` (the real command, a subprocess) on sites never built;
- fleet rebuild: the same command again after a change every page shows (what the daily
  rebuild and a theme change do: the release fingerprints are dropped, so no fast path);
- simultaneous publications: with `bastide worker` running (as `bastide serve` runs it),
  20 communes publish one edited page each at the same moment; the time until all 20
  new releases are live;
- plain pelican: the `pelican` command run once per commune, one after another, on the
  content the fleet build exported, with the same settings, theme, reader and filters
  (a sample of communes when ``--pelican-sample`` is given, extrapolated linearly);
- bare render: Markdown + Jinja2 alone in this process (each page's body through the
  sanitised Markdown, then the theme's page template; the home page), written to disk.

Figures are ratios against the baselines measured in the same run, plus the fleet time
extrapolated linearly to 1,000 communes.

    .venv/bin/python bench/bench_fleet.py [--communes 250] [--pages 20] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_publish import publish_revision

from app.config import PROJECT_ROOT, Settings

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
PARAGRAPH = (
    "La mairie est ouverte du **lundi au vendredi**, de 9 h à 12 h. Les demandes "
    "d'état civil se font au guichet ou par courrier ; voir [les horaires](../page-0/).\n\n"
)
BODY = "## Démarches\n\n" + PARAGRAPH * 6 + "- état civil\n- urbanisme\n- cimetière\n"
TARGET_COMMUNES = 1000
PELICANCONF = """\
import pickle, sys
sys.path.insert(0, {root!r})
from app.publishing.markdown import markdown_settings
from app.publishing.reader import SanitisedMarkdownReader
from app.publishing.settings import MEDIA_SETTING
from app.publishing.theming import jinja_filters, jinja_globals, load_translations
from pathlib import Path
with open({settings!r}, "rb") as handle:
    _s = pickle.load(handle)
_s["READERS"] = {{"md": SanitisedMarkdownReader, "markdown": None, "html": None, "rst": None}}
_s["MARKDOWN"] = markdown_settings(media=_s.get(MEDIA_SETTING))
_s["JINJA_GLOBALS"] = jinja_globals(load_translations(Path({translations!r}), "fr"))
_s["JINJA_FILTERS"] = jinja_filters("fr")
globals().update(_s)
"""


def environment(root: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "BASTIDE_DATA_DIR": str(root / "var"),
        "BASTIDE_COMMUNES_DIR": str(root / "communes"),
        "BASTIDE_SECRET_KEY": "benchmark",
    }
    env.pop("BASTIDE_QUEUE_URL", None)
    return env


def set_up(settings: Settings, communes: int, pages: int) -> list[str]:
    """Insert the communes and publish their pages directly (no build)."""
    from app.db import Database
    from app.migrate import upgrade_database
    from app.models import Commune, Page

    upgrade_database(settings)
    database = Database(settings)
    slugs = []
    with database.unit_of_work() as session:
        for n in range(communes):
            commune = Commune(
                insee=f"9{n:04d}",
                slug=f"commune-{n}",
                name=f"Commune {n}",
                postal_codes=["31000"],
                population=500 + n,
                department="31",
                hostnames=[f"commune-{n}.communes.localhost"],
            )
            session.add(commune)
            session.flush()
            for position in range(pages):
                page = Page(
                    commune_id=commune.id,
                    title=f"Page {position}",
                    slug=f"page-{position}",
                    body=BODY,
                )
                page.menu_position = position
                session.add(page)
                session.flush()
                publish_revision(session, page, commune)
            slugs.append(commune.slug)
    database.dispose()
    return slugs


def build_all(env: dict[str, str]) -> float:
    """Wall time of `bastide build --all`."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", "build", "--all"],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def forget_fingerprints(settings: Settings) -> None:
    """What a new day or a theme change does: no release can be patched."""
    for record in settings.sites_dir.glob("*/work/release-*.json"):
        record.unlink()


def _publish_edit(database, slug: str, marker: str) -> None:
    """One clerk's publication: page 0's text edited, the build queued at the commit."""
    from sqlalchemy import select

    from app.builds.services import request_build
    from app.models import Commune, Page

    with database.unit_of_work() as session:
        commune = session.scalar(select(Commune).where(Commune.slug == slug))
        page = session.scalar(
            select(Page).where(Page.commune_id == commune.id, Page.slug == "page-0")
        )
        page.body = f"{BODY}\n{marker}\n"
        publish_revision(session, page, commune)
        request_build(session, commune, reason="bench")


def simultaneous_publications(env: dict[str, str], settings: Settings, slugs: list[str]) -> float:
    """Seconds from 20 publications queued at once until all 20 are live."""
    from app.db import Database

    database = Database(settings)
    worker = subprocess.Popen(
        [sys.executable, "-m", "app", "worker"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # A first publication starts the worker's render server (as after any restart).
        _publish_edit(database, slugs[-1], "warm-up")
        _wait_live(settings, [slugs[-1]], "warm-up")
        marker = f"simultaneous-{time.time_ns()}"
        targets = slugs[:20]
        started = time.perf_counter()
        for slug in targets:
            _publish_edit(database, slug, marker)
        _wait_live(settings, targets, marker)
        return time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(60)
        database.dispose()


def _wait_live(settings: Settings, slugs: list[str], marker: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    waiting = set(slugs)
    while waiting:
        for slug in list(waiting):
            page = settings.sites_dir / slug / "live" / "page-0" / "index.html"
            try:
                if marker in page.read_text():
                    waiting.discard(slug)
            except OSError:
                pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"not live after {timeout} s: {sorted(waiting)}")
        time.sleep(0.01)


def _site_settings(settings: Settings, slug: str, output: Path, cache: Path) -> tuple:
    """The content and the Pelican settings a build of ``slug`` uses."""
    from app.builds.snapshot import load_site_content
    from app.db import Database
    from app.publishing.settings import pelican_settings
    from app.publishing.themes import resolve_theme
    from app.publishing.theming import load_translations
    from app.tenancy import find_site_by_slug

    database = Database(settings)
    with database.session() as session:
        content = load_site_content(session, settings, find_site_by_slug(session, slug))
    database.dispose()
    theme = resolve_theme(settings.themes_dir, content.theme)
    translations = load_translations(PROJECT_ROOT / "translations", "fr")
    pelican = pelican_settings(
        content,
        content_dir=settings.sites_dir / slug / "work" / "content",
        output_dir=output,
        theme=theme,
        cache_dir=cache,
        translations=translations,
    )
    pelican["CACHE_CONTENT"] = pelican["LOAD_CONTENT_CACHE"] = False
    return content, theme, translations, pelican


def plain_pelican(settings: Settings, slugs: list[str], root: Path) -> float:
    """Seconds of the `pelican` command run once per commune, one after another."""
    confs = []
    for slug in slugs:
        folder = root / "pelican" / slug
        folder.mkdir(parents=True)
        _, _, _, pelican = _site_settings(settings, slug, folder / "output", folder / "cache")
        (folder / "settings.pickle").write_bytes(pickle.dumps(pelican))
        (folder / "pelicanconf.py").write_text(
            PELICANCONF.format(
                root=str(PROJECT_ROOT),
                settings=str(folder / "settings.pickle"),
                translations=str(PROJECT_ROOT / "translations"),
            )
        )
        confs.append(folder / "pelicanconf.py")
    pelican_command = Path(sys.executable).with_name("pelican")
    started = time.perf_counter()
    for conf in confs:
        subprocess.run(
            [str(pelican_command), "-s", str(conf), "-q"],
            cwd=conf.parent,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - started


def bare_render(settings: Settings, slugs: list[str], root: Path) -> float:
    """Seconds of Markdown + Jinja2 alone for the same pages, in this process."""
    from app.publishing.markdown import render_markdown
    from app.publishing.preview import PreviewPage, _environment
    from app.publishing.settings import theme_context

    sites = [_site_settings(settings, slug, root, root)[:3] for slug in slugs]
    started = time.perf_counter()
    for slug, (content, theme, translations) in zip(slugs, sites, strict=True):
        env = _environment(tuple(map(str, theme.template_dirs)), "fr", translations)
        context = theme_context(content, lang="fr", translations=translations)
        output = root / "bare" / slug
        for page in content.pages:
            html = env.get_template("page.html").render(
                {
                    **context,
                    "SITEURL": "..",
                    "page_name": f"{page.slug}/index",
                    "page": PreviewPage(
                        page.slug,
                        page.title,
                        f"{page.slug}/",
                        render_markdown(page.body),
                        page.published_at,
                        page.menu_position,
                    ),
                }
            )
            (output / page.slug).mkdir(parents=True)
            (output / page.slug / "index.html").write_text(html)
        home = env.get_template("index.html").render({**context, "SITEURL": "."})
        (output / "index.html").write_text(home)
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=250)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--pelican-sample", type=int, default=0, help="0: every commune")
    parser.add_argument("--quick", action="store_true", help="20 communes, a quick check")
    args = parser.parse_args()
    if args.quick:
        args.communes = 20
    root = Path(tempfile.mkdtemp(prefix="bastide-bench-fleet-"))
    env = environment(root)
    settings = Settings.from_env(env)
    slugs = set_up(settings, args.communes, args.pages)

    cold = build_all(env)
    forget_fingerprints(settings)
    rebuild = build_all(env)
    simultaneous = simultaneous_publications(env, settings, slugs)
    sample = slugs[: args.pelican_sample] if args.pelican_sample else slugs
    pelican = plain_pelican(settings, sample, root) * len(slugs) / len(sample)
    bare = bare_render(settings, slugs, root)

    report = {
        "communes": args.communes,
        "pages_per_commune": args.pages,
        "cores": len(os.sched_getaffinity(0)),
        "build_all_cold_s": round(cold, 2),
        "build_all_rebuild_s": round(rebuild, 2),
        "plain_pelican_s": round(pelican, 2),
        "plain_pelican_sampled_communes": len(sample),
        "bare_render_s": round(bare, 2),
        "twenty_simultaneous_publications_all_live_s": round(simultaneous, 2),
        "pelican_over_build_all_cold": round(pelican / cold, 2),
        "build_all_cold_over_bare": round(cold / bare, 2),
        "build_all_rebuild_over_bare": round(rebuild / bare, 2),
        f"build_all_cold_extrapolated_to_{TARGET_COMMUNES}_s": round(
            cold * TARGET_COMMUNES / args.communes, 1
        ),
        f"build_all_rebuild_extrapolated_to_{TARGET_COMMUNES}_s": round(
            rebuild * TARGET_COMMUNES / args.communes, 1
        ),
    }
    print(json.dumps(report, indent=2))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "fleet.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
