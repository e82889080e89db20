"""A clerk builds a directory entry's hours with the weekday form, publishes, and residents
see the weekly table and an "open now" line that is right at chosen instants, on
Christmas Day (PH off) and during an exceptional closure, in real Chromium."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import expect

from app.builds.snapshot import load_site_content
from app.config import PROJECT_ROOT, TIMEZONE, Settings
from app.db import Database
from app.models import Commune
from app.publishing.pipeline import build_site
from tests.browser.conftest import accept_invitation
from tests.browser.test_clerk_journey import _wait_for_text

pytestmark = pytest.mark.browser
ENTRY = "annuaire/bibliotheque-municipale/"


def _sign_in_invited_clerk(platform, page) -> None:
    platform.cli("onboard", "--insee", "31028")
    link = platform.invitation_link(
        "user", "add", "mairie@aurignac.test", "--commune", "aurignac", "--role", "publisher"
    )
    platform.start()
    accept_invitation(page, link)


def _fill_week(page) -> None:
    """Mon, Tue, Thu, Fri 9-12 and 14-17 through the form; closed on Wednesdays."""
    monday = page.get_by_role("group", name="Lundi")
    monday.get_by_label("Ouvre à", exact=True).fill("09:00")
    monday.get_by_label("Ferme à", exact=True).fill("12:00")
    monday.get_by_label("Puis rouvre à").fill("14:00")
    monday.get_by_label("Puis ferme à").fill("17:00")
    for day in ("Mardi", "Jeudi", "Vendredi"):
        page.get_by_role("group", name=day).get_by_label("Comme le lundi").check()
    expect(page.get_by_label("Fermé les jours fériés")).to_be_checked()
    closures = page.get_by_role("group", name="Fermetures ou ouvertures exceptionnelles")
    closures.get_by_label("Du").first.fill("2026-12-24")
    closures.get_by_label("Au", exact=True).first.fill("2026-12-24")
    closures.get_by_label("Motif affiché aux habitants").first.fill("Inventaire")


def _rebuild_as_of(platform, when: datetime, target) -> None:
    """What the daily rebuild publishes on ``when``'s day, into ``target``."""
    settings = Settings.from_env(platform.env)
    database = Database(settings)
    try:
        with database.session() as session:
            commune = session.query(Commune).filter_by(slug="aurignac").one()
            content = load_site_content(session, settings, commune)
    finally:
        database.dispose()
    build_site(
        content,
        site_dir=target,
        release_name="r1",
        themes_dir=PROJECT_ROOT / "themes",
        translations_dir=PROJECT_ROOT / "translations",
        now=when,
    )


def test_hours_from_the_weekday_form_are_right_on_holidays_and_closures(
    platform, page, chromium, tmp_path
):
    _sign_in_invited_clerk(platform, page)
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Annuaire", exact=True
    ).click()
    page.get_by_role("link", name="Nouvelle fiche").click()
    page.get_by_label("Nom", exact=True).fill("Bibliothèque municipale")
    page.get_by_label("Catégorie").select_option("equipements")
    page.get_by_label("Numéros de téléphone").fill("05 61 00 20 20")
    _fill_week(page)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_role("status").first).to_contain_text("Publication enregistrée")
    expression = page.get_by_label("Expression des horaires (OpenStreetMap)")
    expect(expression).to_have_value(
        'Mo-Tu,Th-Fr 09:00-12:00,14:00-17:00; PH off; 2026 Dec 24 off "Inventaire"'
    )

    # The live site shows the weekly table.
    _wait_for_text(f"{platform.base_url}/aurignac/{ENTRY}", "Semaine habituelle")
    resident = page.context.new_page()
    resident.goto(f"{platform.base_url}/aurignac/{ENTRY}")
    week = resident.get_by_role("table", name="Semaine habituelle")
    expect(week.get_by_role("row", name="Lundi")).to_contain_text("9 h – 12 h, 14 h – 17 h")
    expect(week.get_by_role("row", name="Mercredi")).to_contain_text("Fermé")

    # The site as the daily rebuild of Monday 21 December 2026 writes it, read at chosen
    # instants with the browser's clock frozen there.
    _rebuild_as_of(platform, datetime(2026, 12, 21, 0, 5, tzinfo=TIMEZONE), tmp_path / "site")
    url = (tmp_path / "site" / "live" / ENTRY / "index.html").as_uri()
    expected = {
        datetime(2026, 12, 21, 11, 0): ("Ouvert · ferme à 12 h", "open"),
        datetime(2026, 12, 21, 12, 30): ("Fermé · ouvre à 14 h", "closed"),
        datetime(2026, 12, 22, 18, 0): ("Fermé · ouvre lundi à 9 h", "closed"),
        datetime(2026, 12, 24, 10, 0): ("Fermé · ouvre lundi à 9 h", "closed"),  # closure
        datetime(2026, 12, 25, 10, 0): ("Fermé · ouvre lundi à 9 h", "closed"),  # Noël
        datetime(2026, 12, 28, 9, 30): ("Ouvert · ferme à 12 h", "open"),
    }
    for instant, (sentence, state) in expected.items():
        context = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris")
        tab = context.new_page()
        tab.clock.set_fixed_time(instant.replace(tzinfo=TIMEZONE))
        tab.goto(url)
        status = tab.locator("[data-hours-status]")
        expect(status).to_have_text(sentence.replace(" h", "\u00a0h"))
        expect(status).to_have_attribute("data-state", state)
        context.close()

    # Without JavaScript, the next 7 days already tell the truth.
    context = chromium.new_context(locale="fr-FR", java_script_enabled=False)
    tab = context.new_page()
    tab.goto(url)
    days = tab.locator(".hours-upcoming")
    expect(days).to_contain_text("Jeudi 24 décembre : Fermé — Inventaire")
    expect(days).to_contain_text("Vendredi 25 décembre : Fermé — Noël")
    expect(tab.locator("[data-hours-status]")).to_be_hidden()
    context.close()
