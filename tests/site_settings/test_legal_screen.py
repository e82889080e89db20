"""The legal notice and accessibility screen: every value the legal pages need, checked
with the record's own checks (400 with the form kept and a French message per field),
what the pages still miss, and the buttons that create the schéma and the action plan."""

from __future__ import annotations

import html
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.config import TIMEZONE
from app.models import AccessibilityStatus, AuditEntry, Page
from tests.conftest import post_form

from .conftest import commune_row as _commune

URL = "/admin/c/aurignac/settings/legal"
VALUES = {
    "town_hall_address": "Mairie\r\n1 place de la Mairie\r\n31420 Aurignac",
    "town_hall_phone": "05 61 98 90 08",
    "town_hall_email": "mairie@aurignac.example",
    "publication_director": "Jeanne Dupont",
    "director_capacity": "Maire",
    "dpo_name": "Claire Martin",
    "dpo_email": "dpd@cdg31.example",
    "dpo_address": "CDG 31\r\n31000 Toulouse",
    "content_licence": "Licence Ouverte 2.0",
    "accessibility_status": "partiellement",
    "accessibility_audit_date": "2026-03-02",
    "accessibility_audit_rate": "87,5",
    "accessibility_auditor": "Access42",
    "accessibility_declared_on": "2026-03-15",
    "accessibility_non_compliant": "Cartes sans alternative",
    "accessibility_derogations": "",
    "accessibility_exempt": "",
    "accessibility_contact_url": "https://aurignac.example/contact",
}


def test_every_value_is_saved_and_the_gaps_disappear(signed_in, database, settings) -> None:
    before = html.unescape(signed_in.get(URL).get_data(as_text=True))
    assert "mentions incomplètes" in before and "nom du délégué à la protection" in before
    assert post_form(signed_in, URL, VALUES).status_code == 302
    commune = _commune(database)
    assert commune.town_hall_address == "Mairie\r\n1 place de la Mairie\r\n31420 Aurignac"
    assert (commune.publication_director, commune.director_capacity) == ("Jeanne Dupont", "Maire")
    assert (commune.dpo_name, commune.dpo_email) == ("Claire Martin", "dpd@cdg31.example")
    assert commune.accessibility_status == AccessibilityStatus.PARTIELLEMENT
    assert commune.accessibility_audit_date == date(2026, 3, 2)
    assert commune.accessibility_audit_rate == 87.5
    assert commune.accessibility_declared_on == date(2026, 3, 15)
    after = html.unescape(signed_in.get(URL).get_data(as_text=True))
    assert 'value="Claire Martin"' in after and 'value="87.5"' in after
    # Only the platform's host is left (the IT team's settings).
    assert "nom du délégué" not in after and "nom de l'hébergeur" in after


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("dpo_email", "dpd-at-cdg31",
         "Courriel du délégué à la protection des données : « dpd-at-cdg31 » n'est pas valide"),
        ("accessibility_audit_rate", "beaucoup",
         "Taux de critères respectés (%) : doit être un pourcentage entre 0 et 100."),
        ("accessibility_audit_rate", "120", "doit être un pourcentage entre 0 et 100."),
        ("accessibility_audit_date", "15/03/2026", "Date de l'audit : doit être une date"),
        ("accessibility_contact_url", "javascript:alert(1)", "n'est pas valide (exemple : https://www.mairie.fr/contact)"),
        ("accessibility_status", "presque", "Choisissez l'un des trois états."),
        ("town_hall_phone", "0" * 41, "Téléphone : est trop long (41 caractères, 40 au plus)."),
        ("town_hall_email", "mairie.aurignac", "Courriel : « mairie.aurignac » n'est pas valide"),
    ],
)  # fmt: skip
def test_bad_input_gets_400_with_the_form_kept(signed_in, database, field, value, message):
    response = post_form(signed_in, URL, VALUES | {field: value})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert message in page
    assert 'value="Claire Martin"' in page  # the other values are kept
    assert "has-error" in page  # the field in error is marked
    assert _commune(database).dpo_name == ""  # nothing saved


def test_an_intercommunality_fills_its_seat(client, login, epci, database) -> None:
    login("agent@cc-comminges.test")
    url = "/admin/e/cc-comminges/settings/legal"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "Le siège" in page and "adresse postale du siège" in page
    assert post_form(client, url, VALUES).status_code == 302


# --- schéma pluriannuel and action plan


@pytest.mark.parametrize(
    ("kind", "slug", "headings"),
    [
        ("schema", "schema-pluriannuel-accessibilite",
         ["# Politique d'accessibilité", "# Organisation interne",
          "# Ressources humaines et financières",
          "# Prise en compte de l'accessibilité dans les marchés", "# Recrutement et formation",
          "# Planification", "# Bilan"]),
        ("plan", "plan-action-accessibilite-{year}",
         ["# Actions prévues en {year}", "# Audits et contrôles", "# Formation des agents",
          "# Bilan de l'année précédente"]),
    ],
)  # fmt: skip
def test_a_button_creates_the_draft_page_and_opens_its_editor(
    signed_in, database, kind, slug, headings
) -> None:
    year = datetime.now(TIMEZONE).year
    slug = slug.format(year=year)
    response = post_form(signed_in, f"/admin/c/aurignac/settings/accessibility-page/{kind}")
    assert response.status_code == 303
    with database.session() as session:
        page = session.scalar(select(Page).where(Page.slug == slug))
        assert page is not None and page.published_revision_id is None  # a draft
        audited = session.scalar(
            select(AuditEntry.action).where(AuditEntry.action.like("%created"))
        )
    assert response.headers["Location"].endswith(f"/admin/c/aurignac/pages/{page.id}")
    for heading in headings:
        assert heading.format(year=year) in page.body.splitlines()
    assert audited is not None
    # Once it exists, the screen links to it instead of offering to create it again.
    screen = signed_in.get(URL).get_data(as_text=True)
    assert f'href="/admin/c/aurignac/pages/{page.id}"' in screen
    again = post_form(signed_in, f"/admin/c/aurignac/settings/accessibility-page/{kind}")
    assert again.headers["Location"] == response.headers["Location"]
    with database.session() as session:
        assert len(session.scalars(select(Page).where(Page.slug == slug)).all()) == 1


def test_the_buttons_need_the_csrf_token(signed_in) -> None:
    response = signed_in.post("/admin/c/aurignac/settings/accessibility-page/schema")
    assert response.status_code == 400
