"""A commune with every content type, built once by the real pipeline, and readers of
what the build wrote (Pagefind's records, the pages)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from publishing_samples import site_content

from app.config import PROJECT_ROOT
from app.publishing.content import (
    ActContent,
    AlertContent,
    EventContent,
    NewsContent,
    SiteContent,
)
from app.publishing.pipeline import BuildResult, build_site

THEMES_DIR = PROJECT_ROOT / "themes"
TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PUBLISHED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NEWS = NewsContent(
    slug="kermesse-de-printemps",
    title="La kermesse de printemps",
    news_date=date(2026, 11, 3),
    published_at=PUBLISHED,
    summary="Stands et jeux sur la place.",
    body="Les **bénévoles** préparent les stands de la kermesse.",
)
EVENT = EventContent(
    slug="marche-de-plein-vent",
    title="Marché de plein vent",
    starts_on=date(2026, 12, 5),
    ends_on=date(2026, 12, 5),
    published_at=PUBLISHED,
    summary="Producteurs locaux et maraîchers.",
    body="Fromages, légumes et volailles fermières.",
    place="Place du foirail",
)
ACT = ActContent(
    item_id=1,
    slug="2026-012-budget-primitif",
    kind="deliberation",
    number="2026-012",
    title="Vote du budget primitif",
    act_date=date(2026, 11, 4),
    published_at=PUBLISHED,
    file=None,
    session_date=date(2026, 11, 3),
    subject="7.1",
    summary="Le conseil municipal adopte le budget d'investissement de la voirie.",
)
ALERT = AlertContent(
    item_id=7,
    message="Coupure d'eau rue du lavoir",
    level="vigilance",
    starts_at=NOW - timedelta(hours=1),
    ends_at=NOW + timedelta(days=30),
    published_at=PUBLISHED,
)


def full_site(**overrides) -> SiteContent:
    """The sample commune (pages, town hall with hours, library, waste) with a news item,
    an event, an act and an alert."""
    site = site_content(news=(NEWS,), events=(EVENT,), acts=(ACT,), alerts=(ALERT,))
    return replace(site, **overrides)


def build(content: SiteContent, site_dir: Path, name: str = "r1", **options) -> BuildResult:
    """Build ``content`` with the project's themes and catalogs, as of NOW."""
    options.setdefault("themes_dir", THEMES_DIR)
    options.setdefault("translations_dir", TRANSLATIONS_DIR)
    options.setdefault("now", NOW)
    return build_site(content, site_dir=site_dir, release_name=name, **options)


def pagefind_records(release: Path) -> dict[str, dict]:
    """URL -> Pagefind's record of that page (title, indexed text), from its fragments."""
    records = {}
    for fragment in (release / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        records[record["url"]] = record
    return records
