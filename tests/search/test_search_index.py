"""The Pagefind index made at build time: every content type, the main content only,
no listing; a failing or hanging Pagefind never fails the publication silently."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest
from search_samples import build, full_site, pagefind_records

from app.publishing.search import UNUSED_BUNDLE_FILES, index_release, indexed_pages

ITEM_PAGES = {
    "/": "the home page",
    "/horaires/": "a clerk's page",
    "/annuaire/mairie/": "the town hall's directory entry",
    "/annuaire/bibliotheque/": "a directory entry",
    "/actualites/kermesse-de-printemps/": "a news item",
    "/agenda/marche-de-plein-vent/": "an event",
    "/actes/2026-012-budget-primitif/": "an act",
    "/collecte-des-dechets/": "the waste collection",
    "/mentions-legales/": "the legal notice",
    "/accessibilite/": "the accessibility statement",
    "/donnees-personnelles/": "the personal data page",
}
LISTINGS = [
    "/alertes/",  # the alerts' fast path keeps the live index: they stay out of it
    "/recherche/",
    "/plan-du-site/",
    "/annuaire/",
    "/actualites/",
    "/agenda/",
    "/agenda/archives/",
    "/actes/",
    "/actes/deliberations/",
]


def test_every_content_type_is_in_the_index(live: Path) -> None:
    records = pagefind_records(live)
    missing = {url: what for url, what in ITEM_PAGES.items() if url not in records}
    assert missing == {}
    assert records["/annuaire/mairie/"]["meta"]["title"] == "Mairie d'Aurignac"
    assert "Horaires" in records["/annuaire/mairie/"]["content"]
    assert "budget d'investissement" in records["/actes/2026-012-budget-primitif/"]["content"]


def test_listings_search_and_site_map_are_left_out(live: Path) -> None:
    records = pagefind_records(live)
    assert "/annuaire/mairie/" in records
    assert [url for url in LISTINGS if url in records] == []
    assert (live / "plan-du-site" / "index.html").is_file()  # published, only not indexed


def test_only_the_main_content_is_indexed(live: Path) -> None:
    """Header, menu, the alert banner and footer repeat on every page: not indexed."""
    legal = pagefind_records(live)["/mentions-legales/"]["content"]
    assert legal.startswith("Mentions légales")
    assert "Coupure d'eau" not in legal  # the banner
    assert "Aller au contenu" not in legal  # the skip link
    assert "Données personnelles" not in legal.split("Hébergement")[0]  # the footer links


def test_the_bundle_is_the_api_only(live: Path) -> None:
    bundle = live / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "wasm.fr.pagefind").is_file()  # French: the page's <html lang>
    assert [name for name in UNUSED_BUNDLE_FILES if (bundle / name).exists()] == []


def test_translated_listings_are_left_out_too(tmp_path: Path) -> None:
    for relative in ("index.html", "annuaire/index.html", "en/annuaire/index.html",
                     "en/annuaire/mairie/index.html", "actualites/page/2/index.html",
                     "404.html", "horaires/index.html"):  # fmt: skip
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("<!doctype html>")
    pages = indexed_pages(full_site(languages=("fr", "en")), tmp_path)
    assert pages == ["en/annuaire/mairie/index.html", "horaires/index.html", "index.html"]


def _fake_pagefind(folder: Path, script: str) -> Path:
    path = folder / "pagefind"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_a_failing_pagefind_publishes_the_site_without_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _fake_pagefind(tmp_path, "echo 'disk full' >&2; exit 3")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    result = build(full_site(), tmp_path / "site")
    assert "search index FAILED" in result.log and "disk full" in result.log
    assert not (result.release_path / "pagefind").exists()
    assert (result.release_path / "recherche" / "index.html").is_file()  # says so
    assert [p.name for p in (tmp_path / "site" / "releases").iterdir()] == ["r1"]


def test_a_hanging_pagefind_is_stopped_at_the_timeout(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = tmp_path / "releases" / ".r2.partial"
    shutil.copytree(live, release)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_fake_pagefind(tmp_path, "exec sleep 60")))
    started = time.monotonic()
    line = index_release(full_site(), release, timeout=1)
    assert time.monotonic() - started < 10
    assert line.startswith("search index FAILED") and "within 1 s" in line
    assert not (release / "pagefind").exists()  # never a stale or half index
    assert os.listdir(release.parent) == [".r2.partial"]  # no staging folder left
