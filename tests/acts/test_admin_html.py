"""The act screens are valid HTML (html5lib and the Nu checker)."""

from __future__ import annotations

from pathlib import Path

from test_html_validity import _nu_errors, _parse_errors

from tests.acts.conftest import acts, acts_url, pdf_bytes


def test_the_act_screens_are_valid_html(client, create_act, commune, database, tmp_path: Path):
    create_act(pdf_bytes(), kind="deliberation", session_date="2026-11-18", voters="3")
    [act] = acts(database)
    pages = {
        "index": client.get(acts_url(commune)).get_data(as_text=True),
        "new": client.get(acts_url(commune, "new")).get_data(as_text=True),
        "edit": client.get(acts_url(commune, str(act.id))).get_data(as_text=True),
        "correction": client.get(acts_url(commune, f"new?replaces={act.id}")).get_data(
            as_text=True
        ),
    }
    assert 'enctype="multipart/form-data"' in pages["new"]
    assert {name: _parse_errors(html) for name, html in pages.items()} == {
        name: [] for name in pages
    }
    assert _nu_errors(pages, tmp_path / "nu") == {}
