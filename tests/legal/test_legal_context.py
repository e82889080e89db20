"""The legal pages' data and their rendering for the cases a single commune cannot show:
credits of the photos, an address starting with "Mairie", an intercommunality, a rate
formatted per language, the action plan of another year."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from publishing_samples import site_content

from app.publishing.content import FileContent, LegalContent, MediaContent, PageContent
from app.publishing.legal import address_lines, publisher_name
from app.publishing.legal_context import legal_context, text_items
from app.publishing.preview import render_theme_template

from .conftest import THEMES_DIR, TRANSLATIONS_DIR, Page

FILE = FileContent(sha256="0" * 64, size=1, filename="x.jpg", media_type="image/jpeg")


def _render(content, template: str, slug: str) -> Page:
    html = render_theme_template(
        content,
        template,
        {"page_name": f"{slug}/index"},
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
        static_url="/admin/themes/bastide/static",
    )
    return Page(html)


def _image(number: int, title: str, credit: str, kind: str = "image") -> MediaContent:
    return MediaContent(id=number, kind=kind, title=title, file=FILE, credit=credit)


@pytest.mark.parametrize(
    ("address", "publisher", "lines"),
    [
        ("Mairie\n1 place X\n31420 Aurignac", "Mairie d'Aurignac", ["1 place X", "31420 Aurignac"]),
        ("MAIRIE D'AURIGNAC\n1 place X", "Mairie d'Aurignac", ["1 place X"]),
        ("1 place de la Mairie\n31420 Aurignac", "Mairie d'Aurignac",
         ["1 place de la Mairie", "31420 Aurignac"]),
        ("CC du Comminges\n1 rue Y", "CC du Comminges", ["1 rue Y"]),
        ("  \n1   rue Y \n\n", "CC du Comminges", ["1 rue Y"]),
    ],
)  # fmt: skip
def test_the_address_never_repeats_the_publisher(address, publisher, lines) -> None:
    assert address_lines(address, publisher) == lines


def test_the_publisher_of_a_commune_is_its_town_hall() -> None:
    assert publisher_name("Aurignac", False) == "Mairie d'Aurignac"
    assert publisher_name("Le Fousseret", False) == "Mairie du Fousseret"
    assert publisher_name("CC du Comminges", True) == "CC du Comminges"


def test_credits_come_from_the_header_photo_and_the_library_images_shown() -> None:
    header = _image(1, "La halle", "")
    content = site_content(
        header_photo=header,
        header_photo_credit="Photo : Marie Dupont",
        media=(
            header,
            _image(2, "L'église", "© Jean Martin"),
            _image(3, "Sans crédit", ""),
            _image(4, "Budget", "© Trésor", kind="document"),
            _image(5, "L'église", "© Jean Martin"),  # the same credit once
        ),
    )
    credits = legal_context(content)["LEGAL"]["credits"]
    assert credits == [
        {"title": "La halle", "credit": "Photo : Marie Dupont"},
        {"title": "L'église", "credit": "© Jean Martin"},
    ]
    page = _render(content, "legal_notice.html", "mentions-legales")
    assert "La halle – Photo : Marie Dupont" in page.text
    assert "L'église – © Jean Martin" in page.text


def test_an_intercommunality_publishes_under_its_name_and_siren() -> None:
    content = site_content(
        name="CC Cœur et Coteaux du Comminges",
        siren="200072643",
        town_hall_address="CC Cœur et Coteaux du Comminges\n4 rue du Lac\n31800 Saint-Gaudens",
    )
    notice = _render(content, "legal_notice.html", "mentions-legales")
    assert "édité par : CC Cœur et Coteaux du Comminges. 4 rue du Lac" in notice.text
    assert "SIREN 200072643" in notice.text and "Code INSEE" not in notice.text
    assert "renseignez-vous auprès de l'intercommunalité" in notice.text
    assert "Mairie" not in notice.text


@pytest.mark.parametrize(("lang", "rate"), [("fr", "87,5\xa0%"), ("en", "87.5%")])
def test_the_audit_rate_is_formatted_per_language(lang, rate) -> None:
    content = site_content(legal=LegalContent(accessibility_audit_rate=87.5))
    assert legal_context(content, lang=lang)["LEGAL"]["audit_rate"] == rate


def test_a_rate_of_zero_is_still_a_result() -> None:
    content = site_content(legal=LegalContent(accessibility_audit_rate=0.0))
    page = _render(content, "accessibility_statement.html", "accessibilite")
    assert "0 % des critères du RGAA version 4.1 sont respectés." in page.text
    assert "Aucun audit" not in page.text


def test_only_the_action_plan_of_the_current_year_is_linked() -> None:
    published = datetime(2025, 1, 5, tzinfo=UTC)
    old = PageContent("plan-action-accessibilite-2025", "Plan 2025", "x", 90, published)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    data = legal_context(site_content(pages=(old,)), now=now)["LEGAL"]
    assert data["action_plan"] is None and data["schema"] is None
    data = legal_context(site_content(pages=(old,)), now=now.replace(year=2025))["LEGAL"]
    assert data["action_plan"] == {"url": f"{old.slug}/", "title": "Plan 2025", "year": 2025}


def test_lists_are_one_item_per_line_without_their_bullets() -> None:
    assert text_items("- Cartes\n\n* PDF anciens\n2. Vidéos\n  • Formulaire ") == [
        "Cartes", "PDF anciens", "Vidéos", "Formulaire"
    ]  # fmt: skip


def test_the_statement_is_dated_and_names_the_audit() -> None:
    legal = LegalContent(
        accessibility_audit_rate=50.0,
        accessibility_audit_date=date(2026, 2, 1),
        accessibility_declared_on=date(2026, 2, 10),
    )
    page = _render(site_content(legal=legal), "accessibility_statement.html", "accessibilite")
    assert "L'audit de conformité révèle que : 50 % des critères" in page.text
    assert "Date de l'audit : 1 février 2026." in page.text
    assert "Cette déclaration a été établie le 10 février 2026." in page.text
    assert "Aucune non-conformité n'a été relevée." in page.text  # audited, none listed


@pytest.mark.parametrize(
    ("status", "wording"),
    [
        ("non", "est non conforme avec"),
        ("partiellement", "est partiellement conforme avec"),
        ("totalement", "est totalement conforme avec"),
        ("inconnu", "est non conforme avec"),
    ],
)
def test_the_statement_states_the_status(status, wording) -> None:
    content = site_content(accessibility_status=status)
    page = _render(content, "accessibility_statement.html", "accessibilite")
    assert f"Le site http://127.0.0.1:8000/aurignac/ {wording} le référentiel" in page.text


def test_record_data_is_escaped() -> None:
    content = site_content(
        name="<script>x</script>",
        publication_director="<b>Jeanne</b>",
        legal=LegalContent(accessibility_non_compliant="<img src=x onerror=alert(1)>"),
    )
    for template, slug in [
        ("legal_notice.html", "mentions-legales"),
        ("accessibility_statement.html", "accessibilite"),
        ("personal_data.html", "donnees-personnelles"),
    ]:
        html = _render(content, template, slug).html
        assert "<script>x" not in html and "<b>Jeanne" not in html and "<img src=x" not in html


def test_french_names_keep_lang_fr_on_another_language_s_page() -> None:
    content = site_content(legal=LegalContent(accessibility_exempt="Les cartes anciennes"))
    html = render_theme_template(
        content,
        "accessibility_statement.html",
        {"page_name": "oc/accessibilite/index", "SITE_LANG": "oc"},
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
        static_url="/admin/themes/bastide/static",
    )
    assert '<span lang="fr">Mairie d&#39;Aurignac</span>' in html
    assert '<li><span lang="fr">Les cartes anciennes</span></li>' in html
    french = _render(content, "accessibility_statement.html", "accessibilite").html
    assert '<span lang="fr">' not in french
