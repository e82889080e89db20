"""Acceptance: the three legal pages of a commune onboarded from its INSEE code, built by
the real pipeline, checked item by item against DINUM's model declaration, LCEN art. 6-III
and RGPD art. 13 — first as onboarded (every missing value said, with who to ask), then
with every value filled through the settings service."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.config import TIMEZONE
from app.models import AccessibilityStatus, Commune, Page, User
from app.publishing.legal import SCHEMA_SLUG, action_plan_slug
from app.site_settings.services import update_site_profile
from tests.conftest import publish_directly

MISSING = "information pas encore renseignée : renseignez-vous auprès de la mairie."
LIVE_URL = "http://127.0.0.1:8000/castelnaudary/"

FILLED = {
    "town_hall_address": "Mairie\nPlace de la République\n11400 Castelnaudary",
    "town_hall_phone": "04 68 00 00 00",
    "town_hall_email": "mairie@castelnaudary.example",
    "publication_director": "Patrick Maugard",
    "director_capacity": "Maire",
    "dpo_name": "Claire Martin",
    "dpo_email": "dpd@castelnaudary.example",
    "dpo_address": "Centre de gestion de l'Aude\n11000 Carcassonne",
    "accessibility_status": AccessibilityStatus.PARTIELLEMENT,
    "accessibility_audit_date": date(2026, 3, 2),
    "accessibility_audit_rate": 75.0,
    "accessibility_auditor": "Access42",
    "accessibility_declared_on": date(2026, 3, 15),
    "accessibility_non_compliant": "- Les cartes n'ont pas d'équivalent textuel\n- Des PDF anciens",
    "accessibility_derogations": "Les bulletins municipaux de 2010 à 2015",
    "accessibility_exempt": "Les fichiers bureautiques publiés avant 2018",
    "accessibility_contact_url": "https://www.castelnaudary.example/contact",
}


@pytest.fixture
def fresh(onboard, build_commune):
    """The legal pages of Castelnaudary just after onboarding (no host configured)."""
    return build_commune(onboard("11076"))


@pytest.fixture
def filled(onboard, build_commune, database, settings, make_user):
    """The legal pages once every value is filled, the host set by the IT team and the
    schéma pluriannuel and this year's action plan published."""
    commune_id = onboard("11076")
    user_id = make_user("it@bastide.test", admin=True).id
    year = datetime.now(TIMEZONE).year
    with database.unit_of_work() as session:
        commune = session.get(Commune, commune_id)
        update_site_profile(session, settings, commune, FILLED, session.get(User, user_id))
        for slug, title in ((SCHEMA_SLUG, "Schéma pluriannuel"), (action_plan_slug(year), "Plan")):
            publish_directly(session, Page(commune_id=commune_id, title=title, slug=slug, body="x"))
    return build_commune(commune_id, host=True), year


# --- as onboarded: each required item present, each missing value said


def test_legal_notice_of_a_fresh_commune(fresh) -> None:
    page = fresh["mentions-legales"]
    assert page.headings[0] == (1, "Mentions légales")
    assert "Ce site est édité par : Mairie de Castelnaudary." in page.text  # publisher
    assert "Mairie Mairie" not in page.text
    assert "Code INSEE 11076" in page.text  # identifier
    assert f"Adresse postale : {MISSING}" in page.text  # address, phone: said missing
    assert f"Numéro de téléphone : {MISSING}" in page.text
    assert "Directeur de la publication" in page.heading_texts()
    assert f"Nom du directeur de la publication : {MISSING}" in page.text
    assert "Qualité du directeur de la publication (maire, président…) : " + MISSING in page.text
    assert "Hébergement" in page.heading_texts()  # host: the platform setting is missing
    for what in ("Nom de l'hébergeur", "Adresse de l'hébergeur", "Téléphone de l'hébergeur"):
        assert f"{what} : {MISSING}" in page.text
    assert "Crédits" in page.heading_texts()
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in page.text  # the default licence
    assert "Bastide, logiciel libre publié sous licence AGPL-3.0" in page.text
    assert "Pelican" in page.text


def test_accessibility_statement_of_a_fresh_commune(fresh) -> None:
    page = fresh["accessibilite"]
    assert page.headings[0] == (1, "Déclaration d'accessibilité")
    assert "article 47 de la loi n° 2005-102 du 11 février 2005" in page.text
    assert f"Cette déclaration d'accessibilité s'applique au site {LIVE_URL}." in page.text
    assert f"Le site {LIVE_URL} est non conforme avec le référentiel général" in page.text
    assert "RGAA), version 4.1" in page.text
    assert "Aucun audit de conformité n'a encore été réalisé." in page.text
    headings = page.heading_texts()
    for heading in [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Contenus non soumis à l'obligation d'accessibilité",
        "Établissement de cette déclaration d'accessibilité",
        "Technologies utilisées pour la réalisation du site",
        "Environnement de test",
        "Outils pour évaluer l'accessibilité",
        "Pages du site ayant fait l'objet de la vérification de conformité",
        "Retour d'information et contact",
        "Voies de recours",
    ]:
        assert heading in headings
    assert "Aucune non-conformité n'est encore listée" in page.text  # empty lists said
    assert "Aucun contenu ne fait l'objet d'une dérogation" in page.text
    assert "Aucun contenu du site n'est déclaré hors du champ" in page.text
    assert f"Date de cette déclaration : {MISSING}" in page.text
    for tool in ("HTML5", "CSS", "JavaScript (amélioration progressive", "Chromium", "axe-core"):
        assert tool in page.text
    assert "Validateur Nu HTML" in page.text
    checked = {
        "Page d'accueil": "../",
        "Mairie": "../annuaire/mairie/",
        "Annuaire des services": "../annuaire/",
        "Actualités": "../actualites/",
        "Agenda": "../agenda/",
        "Page de recherche": "../recherche/",
        "Mentions légales": "../mentions-legales/",
        "Déclaration d'accessibilité": "../accessibilite/",
        "Données personnelles": "../donnees-personnelles/",
    }
    assert checked.items() <= page.links.items()
    # Contact: never empty; without any contact value, the town hall itself, flagged.
    assert "Rendez-vous à la Mairie de Castelnaudary aux heures d'ouverture." in page.text
    assert "Courriel, formulaire de contact ou adresse postale pour l'accessibilité" in page.text
    assert page.links["Écrire un message au Défenseur des droits (formulaire en ligne)"] == (
        "https://formulaire.defenseurdesdroits.fr/"
    )
    assert page.links["Contacter le délégué du Défenseur des droits dans votre région"] == (
        "https://www.defenseurdesdroits.fr/carte-des-delegues"
    )
    assert "Défenseur des droits Libre réponse 71120 75342 Paris CEDEX 07" in page.text
    assert "Schéma pluriannuel" not in page.text  # not published yet: no link


def test_personal_data_page_of_a_fresh_commune(fresh) -> None:
    page = fresh["donnees-personnelles"]
    assert page.headings[0] == (1, "Données personnelles")
    assert "article 13" in page.text
    assert "Le responsable du traitement est : Mairie de Castelnaudary." in page.text
    assert "Délégué à la protection des données" in page.heading_texts()
    assert "(RGPD, article 37)" in page.text  # the DPO is mandatory
    assert f"Nom du délégué à la protection des données : {MISSING}" in page.text
    assert f"Courriel ou adresse postale du délégué à la protection des données : {MISSING}" in (
        page.text
    )
    assert "Finalité : assurer la sécurité" in page.text  # purposes and legal basis
    assert "mission d'intérêt public" in page.text and "6-1-e" in page.text
    assert "en qualité de sous-traitant (RGPD, article 28)" in page.text  # recipients
    assert "conservés un an au plus" in page.text  # retention
    for right in ("d'accès", "de rectification", "à l'effacement", "à la limitation du "
                  "traitement", "d'opposition", "à la portabilité"):  # fmt: skip
        assert f"droit {right}" in page.text
    assert "Pour les exercer, écrivez au délégué" in page.text
    assert page.links["www.cnil.fr/fr/plaintes"] == "https://www.cnil.fr/fr/plaintes"
    assert "Aucune donnée n'est transférée hors de l'Union européenne." in page.text
    assert "ne dépose aucun cookie et n'utilise ni traceur" in page.text


def test_no_heading_of_a_fresh_commune_is_empty(fresh) -> None:
    for slug, page in fresh.items():
        sections = page.html.split("<h2")[1:]
        for section in sections:
            body = section.split("</h2>", 1)[1].split("<h2", 1)[0]
            assert "<p" in body or "<ul" in body or "<h3" in body, (slug, section[:80])


# --- every value filled


def test_legal_notice_with_every_value(filled) -> None:
    pages, _year = filled
    page = pages["mentions-legales"]
    assert "pas encore renseignée" not in page.text
    # The record's first address line "Mairie" is not repeated after the publisher.
    assert (
        "Ce site est édité par : Mairie de Castelnaudary. Place de la République "
        "11400 Castelnaudary Téléphone : 04 68 00 00 00 Courriel : mairie@castelnaudary.example"
    ) in page.text
    assert page.links["04 68 00 00 00"] == "tel:+33468000000"
    assert page.links["mairie@castelnaudary.example"] == "mailto:mairie@castelnaudary.example"
    assert "Patrick Maugard, Maire" in page.text
    assert (
        "Le site est hébergé par : SIVU Informatique du Comminges 12 rue des Serveurs "
        "31800 Saint-Gaudens Téléphone : 05 61 00 11 22"
    ) in page.text
    assert page.links["05 61 00 11 22"] == "tel:+33561001122"


def test_accessibility_statement_with_every_value(filled) -> None:
    pages, year = filled
    page = pages["accessibilite"]
    assert "pas encore renseignée" not in page.text
    assert f"Le site {LIVE_URL} est partiellement conforme" in page.text
    assert "en raison des non-conformités et des dérogations énumérées ci-dessous" in page.text
    assert "L'audit de conformité réalisé par Access42 révèle que :" in page.text
    assert "75 % des critères du RGAA version 4.1 sont respectés." in page.text
    assert "Date de l'audit : 2 mars 2026." in page.text
    assert "Les cartes n'ont pas d'équivalent textuel Des PDF anciens" in page.text
    assert "Les bulletins municipaux de 2010 à 2015" in page.text
    assert "Les fichiers bureautiques publiés avant 2018" in page.text
    assert "Aucune non-conformité" not in page.text and "Aucun contenu ne" not in page.text
    assert "Cette déclaration a été établie le 15 mars 2026." in page.text
    assert page.links["Envoyer un message par le formulaire de contact"] == (
        "https://www.castelnaudary.example/contact"
    )
    assert page.links["mairie@castelnaudary.example"] == "mailto:mairie@castelnaudary.example"
    assert "Courrier : Mairie de Castelnaudary, Place de la République, 11400" in page.text
    assert "Rendez-vous à la Mairie" not in page.text
    assert page.links["Schéma pluriannuel de mise en accessibilité"] == f"../{SCHEMA_SLUG}/"
    assert page.links[f"Plan d'action {year}"] == f"../{action_plan_slug(year)}/"


def test_personal_data_page_with_every_value(filled) -> None:
    pages, _year = filled
    page = pages["donnees-personnelles"]
    assert "pas encore renseignée" not in page.text
    assert (
        "Le responsable du traitement est : Mairie de Castelnaudary, représentée par "
        "Patrick Maugard."
    ) in page.text
    assert "Claire Martin Courriel : dpd@castelnaudary.example" in page.text
    assert page.links["dpd@castelnaudary.example"] == "mailto:dpd@castelnaudary.example"
    assert "Centre de gestion de l'Aude 11000 Carcassonne" in page.text
    assert "(RGPD, article 28) : SIVU Informatique du Comminges, 12 rue des Serveurs" in page.text


def test_the_three_pages_pass_the_nu_html_checker(fresh, filled, tmp_path) -> None:
    from test_html_validity import _nu_errors

    pages = {f"fresh {slug}": page.html for slug, page in fresh.items()}
    pages |= {f"filled {slug}": page.html for slug, page in filled[0].items()}
    assert _nu_errors(pages, tmp_path / "nu") == {}
