"""The acts section of a generated site: lists by year and kind, a page per kind and per
act, the PDFs, the deliberations as SCDL open data, valid HTML, the preview."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path

import pytest
from publishing_samples import THEMES_DIR, TRANSLATIONS_DIR, HtmlScan, site_content
from test_html_validity import _nu_errors, _parse_errors

from app.acts.kinds import ACT_KINDS, KIND_SLUGS, subject_name
from app.files.paths import file_path
from app.publishing.acts import DELIBERATIONS_CSV, SCDL_FIELDS, deliberations_csv
from app.publishing.content import ActContent, FileContent
from app.publishing.pipeline import build_site
from tests.acts.conftest import pdf_bytes, sha256, site_text

PUBLISHED = datetime(2026, 12, 15, 8, 0, tzinfo=UTC)
PDF = pdf_bytes()
FILE = FileContent(sha256(PDF), len(PDF), "application/pdf", "acte.pdf")


def act(slug, kind, number, act_date, **fields) -> ActContent:
    values = {"item_id": abs(hash(slug)) % 10_000, "slug": slug, "kind": kind, "number": number,
              "title": f"Acte {number}", "act_date": act_date, "published_at": PUBLISHED,
              "file": FILE} | fields  # fmt: skip
    return ActContent(**values)


BUDGET = act(
    "budget-2027", "deliberation", "2026-DEL-07", date(2026, 12, 14), item_id=1,
    title="Budget primitif 2027", session_date=date(2026, 12, 12), subject="7.1",
    voters=11, votes_for=9, votes_against=1, abstentions=1, author_name="Jeanne Dupont",
    author_capacity="Maire", online_since=datetime(2026, 12, 15, 13, 5, tzinfo=UTC),
)  # fmt: skip
OLD_ORDER = act("circulation", "arrete", "2025-014", date(2025, 6, 3), item_id=2)
CORRECTION = act("circulation-2", "arrete", "2025-015", date(2025, 6, 9), item_id=3, replaces_id=2)
DECISION = act("tarifs", "decision", "2026-D-02", date(2026, 2, 1), item_id=4)
ACTS = (OLD_ORDER, BUDGET, DECISION, CORRECTION)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Path:
    """The sample commune with four acts, built once; its live folder."""
    folder = tmp_path_factory.mktemp("acts-site")
    files_dir = folder / "files"
    stored = file_path(files_dir, FILE.sha256)
    stored.parent.mkdir(parents=True)
    stored.write_bytes(PDF)
    build_site(site_content(acts=ACTS), site_dir=folder / "site", release_name="r1",
               themes_dir=THEMES_DIR, translations_dir=TRANSLATIONS_DIR,
               files_dir=files_dir)  # fmt: skip
    return folder / "site" / "live"


def _read(live: Path, path: str) -> str:
    return (live / path).read_text(encoding="utf-8")


def _links(html: str) -> list[str]:
    return [attrs.get("href", "") for tag, attrs in HtmlScan(html).tags if tag == "a"]


def test_the_index_lists_acts_by_year_then_kind_newest_first(live: Path) -> None:
    html = _read(live, "actes/index.html")
    headings = re.findall(r"<h([23])[^>]*>([^<]+)</h\1>", html)
    assert [text for level, text in headings if level == "2"][:2] == ["2026", "2025"]
    assert [text for level, text in headings if level == "3"] == [
        site_text("Deliberations"), site_text("Decisions"), site_text("Orders (arrêtés)"),
    ]  # fmt: skip
    listed = [
        slug
        for slug in re.findall(r'<a href="\.\./actes/([a-z0-9-]+)/">', html)
        if slug not in KIND_SLUGS
    ]
    assert listed == ["budget-2027", "tarifs", "circulation-2", "circulation"]


def test_one_page_per_kind_filters_without_javascript(live: Path) -> None:
    for kind in ACT_KINDS.values():
        assert (live / "actes" / kind.slug / "index.html").is_file()
    arretes = _read(live, "actes/arretes/index.html")
    assert "2025-014" in arretes and "2026-DEL-07" not in arretes
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', arretes)
    assert current == ["../../actes/arretes/"]
    assert "<script" not in arretes
    index = _read(live, "actes/index.html")
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', index) == ["../actes/"]


def test_a_kind_without_acts_says_so(live: Path) -> None:
    page = unescape(_read(live, "actes/proces-verbaux/index.html"))
    assert site_text("No act of this kind has been published yet.") in page


def test_an_act_page_shows_its_record_and_links_its_pdf(live: Path) -> None:
    html = _read(live, "actes/budget-2027/index.html")
    assert "Budget primitif 2027" in html and "2026-DEL-07" in html
    assert "Jeanne Dupont, Maire" in html
    assert '<time datetime="2026-12-12">' in html  # the council meeting
    assert f"<code>{FILE.sha256}</code>" in html
    assert "../../actes/budget-2027/acte.pdf" in _links(html)
    assert site_text("Put online on %(when)s", when="").strip() in html
    assert "14:05" in html  # 13:05 UTC, in Paris
    assert (live / "actes/budget-2027/acte.pdf").read_bytes() == PDF


def test_a_page_without_online_time_does_not_invent_one(live: Path) -> None:
    html = _read(live, "actes/tarifs/index.html")
    assert site_text("Put online on %(when)s", when="").strip() not in html


def test_the_replaced_act_and_its_correction_point_at_each_other(live: Path) -> None:
    old = _read(live, "actes/circulation/index.html")
    assert "../../actes/circulation-2/" in _links(old)
    assert site_text("Replaced by") in old
    new = _read(live, "actes/circulation-2/index.html")
    assert "../../actes/circulation/" in _links(new)
    listing = _read(live, "actes/index.html")
    assert site_text("Replaced by no. %(number)s", number="2025-015") in listing


def test_a_site_without_acts_has_no_acts_section(tmp_path: Path) -> None:
    build_site(site_content(), site_dir=tmp_path, release_name="r1", themes_dir=THEMES_DIR,
               translations_dir=TRANSLATIONS_DIR)  # fmt: skip
    assert not (tmp_path / "live" / "actes").exists()
    assert not (tmp_path / "live" / DELIBERATIONS_CSV).exists()


def test_size_label_is_french_with_the_exact_bytes(live: Path) -> None:
    big = replace(FILE, size=1_234_567)
    site = site_content(acts=(replace(BUDGET, file=big),))
    from app.publishing.acts import acts_context
    from app.publishing.theming import load_translations

    translations = load_translations(TRANSLATIONS_DIR, "fr")
    context = acts_context(site, lang="fr", translations=translations)
    data = context["ACTS"]["budget-2027"]["file"]
    assert data["size_label"] == translations.gettext("%(size)s MB") % {"size": "1,2"}
    assert data["size_exact"] == "1\u202f234\u202f567"


# --- open data ---------------------------------------------------------------------------

SCDL_PATTERNS = {
    "COLL_SIRET": r"^(\d{14})?$",
    "DELIB_DATE": r"^\d{4}-\d{2}-\d{2}$",
    "DELIB_MATIERE_CODE": r"^(\d\.\d{1,2})?$",
    "BUDGET_ANNEE": r"^([0-9]{4}(/[0-9]{4})?)?$",
    "PREF_DATE": r"^(\d{4}-\d{2}-\d{2})?$",
    **{name: r"^(\d+)?$" for name in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
                                      "VOTE_ABSTENTION")},
    "DELIB_URL": r"^https?://\S+\.pdf$",
}  # fmt: skip


def test_deliberations_csv_follows_the_scdl_schema(live: Path) -> None:
    data = (live / DELIBERATIONS_CSV).read_bytes()
    assert data == deliberations_csv(site_content(acts=ACTS))
    text = data.decode("utf-8")
    assert text.split("\r\n")[0] == ",".join(SCDL_FIELDS)
    assert SCDL_FIELDS == (
        "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE",
        "DELIB_MATIERE_NOM", "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID",
        "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
        "VOTE_ABSTENTION", "DELIB_URL",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 1  # deliberations only
    [row] = rows
    for name, pattern in SCDL_PATTERNS.items():
        assert re.match(pattern, row[name]), (name, row[name])
    assert row == row | {
        "COLL_NOM": "Aurignac", "COLL_SIRET": "", "DELIB_ID": "2026-DEL-07",
        "DELIB_DATE": "2026-12-12", "DELIB_MATIERE_CODE": "7.1",
        "DELIB_MATIERE_NOM": "finances locales/décisions budgétaires",
        "DELIB_OBJET": "Budget primitif 2027", "VOTE_REEL": "11", "VOTE_POUR": "9",
        "VOTE_CONTRE": "1", "VOTE_ABSTENTION": "1",
        "DELIB_URL": "http://127.0.0.1:8000/aurignac/actes/budget-2027/acte.pdf",
    }  # fmt: skip
    assert row["BUDGET_ANNEE"] == row["BUDGET_NOM"] == row["PREF_ID"] == row["PREF_DATE"] == ""


def test_the_siret_and_a_missing_subject_in_the_csv() -> None:
    site = site_content(siret="21310028000019", acts=(replace(BUDGET, subject=""),))
    [row] = list(csv.DictReader(io.StringIO(deliberations_csv(site).decode(), newline="")))
    assert (row["COLL_SIRET"], row["DELIB_MATIERE_CODE"], row["DELIB_MATIERE_NOM"]) == (
        "21310028000019", "", "",
    )  # fmt: skip


def test_every_actes_subject_name_has_the_schema_shape() -> None:
    from app.acts.kinds import SUBJECT_CODES

    assert len(SUBJECT_CODES) == 7 + 3 + 6 + 5 + 8 + 5 + 10 + 9 + 4
    for code in SUBJECT_CODES:
        assert re.match(r"^\d\.\d{1,2}$", code)
        name = subject_name(code)
        assert name.count("/") == 1 and name == name.lower()
        assert "," not in name and "(" not in name


# --- validity and preview -----------------------------------------------------------------


def test_acts_pages_are_valid_html(live: Path, tmp_path: Path) -> None:
    pages = {
        path: _read(live, path)
        for path in ("actes/index.html", "actes/arretes/index.html",
                     "actes/proces-verbaux/index.html", "actes/budget-2027/index.html",
                     "actes/circulation/index.html")
    }  # fmt: skip
    assert {path: _parse_errors(html) for path, html in pages.items()} == {
        path: [] for path in pages
    }
    assert _nu_errors(pages, tmp_path / "nu") == {}


def test_the_preview_renders_the_act_page_with_the_theme() -> None:
    from app.publishing.acts import render_act_preview

    html = render_act_preview(
        site_content(acts=(OLD_ORDER,)),
        replace(CORRECTION, published_at=None),
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
        static_url="/admin/themes/bastide/static",
    )
    assert "preview-banner" in html and "Acte 2025-015" in html
    assert f"<code>{FILE.sha256}</code>" in html
    assert "http://127.0.0.1:8000/aurignac/actes/circulation/" in _links(html)
