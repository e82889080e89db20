"""Builds of different communes in one worker share no Pelican state: each renders in a
fresh child forked from the warm render server (Pelican imported, never run there)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from jinja2.bccache import bc_magic

import app.publishing.pipeline as pipeline
from app.publishing.render import render_site
from tests.publishing.publishing_samples import (
    PAGES,
    THEMES_DIR,
    TRANSLATIONS_DIR,
    site_content,
)

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def test_consecutive_communes_render_in_fresh_processes_with_their_own_content(
    tmp_path, monkeypatch
):
    children = []

    def recording_render(settings, **options):
        return render_site(settings, on_started=children.append, **options)

    monkeypatch.setattr(pipeline, "render_site", recording_render)
    first = site_content(languages=("fr", "oc"))
    second = replace(
        site_content(
            slug="aspet",
            name="Aspet",
            live_url="http://127.0.0.1:8000/aspet/",
            town_hall_address="Place de la Mairie\n31160 Aspet",
            town_hall_email="mairie@aspet.example",
        ),
        pages=PAGES[:1],
        entries=(),
    )
    results = [
        pipeline.build_site(
            content,
            site_dir=tmp_path / content.slug,
            release_name="r1",
            themes_dir=THEMES_DIR,
            translations_dir=TRANSLATIONS_DIR,
            now=NOW,
            template_cache_dir=tmp_path / "templates",  # shared, as the worker does
        )
        for content in (first, second)
    ]
    assert len(set(children)) == len(children) == 3  # French and Occitan, then French
    aspet = tmp_path / "aspet" / "live"
    assert not (aspet / "oc").exists()
    home = (aspet / "index.html").read_text()
    assert "Aspet" in home and "Aurignac" not in home
    assert not (aspet / "eglise").exists()  # the first commune's pages stayed there
    assert results[1].pages_written < results[0].pages_written


def test_damaged_compiled_templates_are_compiled_again(tmp_path):
    templates = tmp_path / "templates"

    def build(release, **changes):
        return pipeline.build_site(
            site_content(**changes),
            site_dir=tmp_path / "site",
            release_name=release,
            themes_dir=THEMES_DIR,
            translations_dir=TRANSLATIONS_DIR,
            now=NOW,
            template_cache_dir=templates,
        )

    build("r1")
    damaged = sorted(templates.iterdir())
    assert damaged
    # Truncated just after Jinja's header (its own loader fails on that), empty, foreign.
    for number, path in enumerate(damaged):
        path.write_bytes([bc_magic, b"", b"\x00garbage"][number % 3])
    result = build("r2", name="Aurignac-sur-Louge")  # every page changes: a full render
    assert "Aurignac-sur-Louge" in (tmp_path / "site" / "live" / "index.html").read_text()
    assert result.release_name == "r2"
