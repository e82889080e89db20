"""The export stage: one Markdown file per page, rewritten only when it changes."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from publishing_samples import site_content

from app.publishing.export import ExportError, export_content
from app.publishing.legal import of_commune

PAST_NS = 1_000_000_000_000_000_000  # 2001: any rewrite moves the mtime away from it


def pages_dir(content_dir: Path) -> Path:
    return content_dir / "pages"


def age_files(directory: Path) -> None:
    for path in directory.iterdir():
        os.utime(path, ns=(PAST_NS, PAST_NS))


def test_one_file_per_page_and_entry(tmp_path: Path) -> None:
    site = site_content()
    report = export_content(site, tmp_path)
    names = sorted(p.name for p in pages_dir(tmp_path).iterdir())
    entries = [f"annuaire.{e.slug}.md" for e in site.entries]
    # The legal pages are theme templates now (app.publishing.legal): no source file.
    assert names == sorted([f"{p.slug}.md" for p in site.pages] + entries)
    assert sorted(report.written) == names
    text = (pages_dir(tmp_path) / "horaires.md").read_text()
    assert text.startswith(
        "Title: Horaires de la mairie\nSlug: horaires\nDate: 2024-05-01T10:30:00+02:00\n"
        "Menu_position: 1\n\n# Bienvenue\n"
    )


def test_only_changed_files_are_rewritten(tmp_path: Path) -> None:
    site = site_content()
    export_content(site, tmp_path)
    age_files(pages_dir(tmp_path))
    edited = replace(site.pages[0], body="Nouveau texte.")
    report = export_content(replace(site, pages=(edited, *site.pages[1:])), tmp_path)

    assert report.written == (f"{edited.slug}.md",)
    for path in pages_dir(tmp_path).iterdir():
        changed = path.name == f"{edited.slug}.md"
        assert (path.stat().st_mtime_ns != PAST_NS) is changed, path.name


def test_a_record_change_rewrites_no_source_file(tmp_path) -> None:
    export_content(site_content(), tmp_path)
    age_files(pages_dir(tmp_path))
    report = export_content(site_content(accessibility_status="totalement"), tmp_path)
    assert report.written == ()


def test_unpublished_pages_are_deleted(tmp_path: Path) -> None:
    site = site_content()
    export_content(site, tmp_path)
    kept = site.pages[1:]
    report = export_content(replace(site, pages=kept), tmp_path)
    assert report.deleted == (f"{site.pages[0].slug}.md",)
    assert report.written == ()
    names = sorted(p.name for p in pages_dir(tmp_path).iterdir())
    entries = [f"annuaire.{e.slug}.md" for e in site.entries]
    assert names == sorted([f"{p.slug}.md" for p in kept] + entries)


@pytest.mark.parametrize("slug", ["mentions-legales", "accessibilite", "theme", "../x", "A b"])
def test_reserved_or_invalid_slugs_are_refused(tmp_path, slug: str) -> None:
    site = site_content()
    bad = replace(site.pages[0], slug=slug)
    with pytest.raises(ExportError) as error:
        export_content(replace(site, pages=(bad,)), tmp_path)
    assert "adresse" in error.value.message


def test_a_page_without_title_is_refused(tmp_path: Path) -> None:
    site = site_content()
    with pytest.raises(ExportError) as error:
        export_content(replace(site, pages=(replace(site.pages[0], title="  "),)), tmp_path)
    assert "n'a pas de titre" in error.value.message


def test_metadata_cannot_be_injected_through_a_title(tmp_path: Path) -> None:
    site = site_content()
    sneaky = replace(site.pages[0], title="Titre\nTemplate: index\nSave_as: index.html")
    export_content(replace(site, pages=(sneaky,)), tmp_path)
    text = (pages_dir(tmp_path) / f"{sneaky.slug}.md").read_text()
    assert "\nTemplate:" not in text
    assert text.startswith("Title: Titre Template: index Save_as: index.html\n")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Aurignac", "d'Aurignac"),
        ("Le Mans", "du Mans"),
        ("Les Angles", "des Angles"),
        ("Toulouse", "de Toulouse"),
        ("Éauze", "d'Éauze"),
        ("La Rochelle", "de La Rochelle"),
    ],
)
def test_french_elision_of_commune_names(name: str, expected: str) -> None:
    assert of_commune(name) == expected


def test_an_entry_file_carries_its_text_and_points_at_its_typed_data(tmp_path: Path) -> None:
    export_content(site_content(), tmp_path)
    text = (pages_dir(tmp_path) / "annuaire.bibliotheque.md").read_text()
    assert text == (
        "Title: Bibliothèque municipale\nSlug: annuaire/bibliotheque\n"
        "Date: 2024-05-01T10:30:00+02:00\nTemplate: entry\nEntry: bibliotheque\n\n"
        "Le **mercredi**, heure du conte.\n"
    )
