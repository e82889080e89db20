"""Fixtures of the legal pages' tests: a commune onboarded from its INSEE code, built
with the real pipeline, and its pages read back."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import html5lib
import pytest
from sqlalchemy import select

from app.builds.snapshot import load_site_content
from app.config import PROJECT_ROOT, Settings
from app.models import Commune
from app.onboarding import services as onboarding
from app.publishing.pipeline import build_site

sys.path.insert(0, str(PROJECT_ROOT / "tests" / "publishing"))  # publishing_samples

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
THEMES_DIR = PROJECT_ROOT / "themes"
LEGAL_PAGES = ("mentions-legales", "accessibilite", "donnees-personnelles")
HOST = {
    "host_name": "SIVU Informatique du Comminges",
    "host_address": "12 rue des Serveurs, 31800 Saint-Gaudens",
    "host_phone": "05 61 00 11 22",
}


class Page:
    """A generated page: its ``main`` text, links and headings."""

    def __init__(self, html: str) -> None:
        self.html = html
        # A space before each block, so that list items and lines do not run together.
        spaced = re.sub(r"<(li|br|p|h\d|ul|address|div)\b", r" <\1", html)
        document = html5lib.parse(spaced, namespaceHTMLElements=False)
        main = document.find(".//main")
        self.text = " ".join("".join(main.itertext()).split())
        self.links = {
            " ".join("".join(a.itertext()).split()): a.get("href") for a in main.iter("a")
        }
        self.headings = [
            (int(h.tag[1]), " ".join("".join(h.itertext()).split()))
            for h in main.iter()
            if h.tag in ("h1", "h2", "h3", "h4")
        ]

    def heading_texts(self) -> list[str]:
        return [text for _level, text in self.headings]


@pytest.fixture
def no_build_runs(monkeypatch):
    """Builds stay queued: the tests build with the pipeline themselves."""
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)


@pytest.fixture
def onboard(database, settings: Settings, no_build_runs) -> Callable[[str], int]:
    """Onboard a commune from its INSEE code through the services; returns its id."""

    def run(insee: str) -> int:
        with database.unit_of_work() as session:
            record = onboarding.prepare_commune(session, settings, insee)
            onboarding.onboard_commune(session, settings, record, actor="test")
            return session.scalar(select(Commune.id).where(Commune.insee == insee))

    return run


@pytest.fixture
def build_commune(database, settings: Settings, tmp_path: Path) -> Callable[..., dict]:
    """Build a commune's site with the real pipeline; returns its legal pages by slug."""
    counter = iter(range(1, 100))

    def run(commune_id: int, *, host: bool = False) -> dict[str, Page]:
        build_settings = replace(settings, **HOST) if host else settings
        with database.session() as session:
            commune = session.get(Commune, commune_id)
            content = load_site_content(session, build_settings, commune)
        site_dir = tmp_path / "sites" / content.slug
        build_site(
            content,
            site_dir=site_dir,
            release_name=f"r{next(counter)}",
            themes_dir=THEMES_DIR,
            translations_dir=TRANSLATIONS_DIR,
            files_dir=settings.files_dir,
        )
        live = site_dir / "live"
        return {
            slug: Page((live / slug / "index.html").read_text(encoding="utf-8"))
            for slug in LEGAL_PAGES
        }

    return run
