"""A clerk publishes an alert, a monthly event and a municipal act in real Chromium; the
resident's site shows them within seconds: the alert on every page, the event on the
right dates, the act's PDF byte for byte with its SHA-256."""

from __future__ import annotations

import hashlib
import urllib.parse
import urllib.request
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfWriter

from app.config import TIMEZONE
from tests.browser.test_clerk_journey import _wait_for_text
from tests.browser.test_directory_journey import _sign_in_invited_clerk

pytestmark = pytest.mark.browser
ADMIN = "/admin/c/aurignac"


def _local(moment: datetime) -> str:
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M")


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local server
        return response.read()


def test_an_alert_published_by_the_clerk_shows_on_every_page(platform, page):
    _sign_in_invited_clerk(platform, page)
    page.goto(f"{platform.base_url}{ADMIN}/alerts/new")
    page.get_by_label("Message").fill("Coupure de courant rue Haute ce matin")
    page.get_by_label("Urgence").check()
    page.get_by_label("Fin", exact=True).fill(_local(datetime.now(UTC) + timedelta(minutes=2)))
    page.get_by_role("button", name="Publier").click()
    assert page.locator(".error").count() == 0, page.content()
    site = f"{platform.base_url}/aurignac/"
    _wait_for_text(site, "Coupure de courant rue Haute ce matin")
    for path in ("", "annuaire/", "mentions-legales/", "alertes/", "agenda/", "actualites/"):
        page.goto(site + path)
        banner = page.get_by_role("region", name="Alertes en cours")
        assert "Coupure de courant rue Haute ce matin" in banner.inner_text(), path
        assert "Urgence" in banner.inner_text()
        assert page.locator("[aria-live], [role=alert]").count() == 0
    feed = _fetch(site + "alertes/atom.xml").decode()
    assert "Coupure de courant rue Haute ce matin" in feed


def test_a_monthly_event_and_an_act_reach_the_site(platform, page, tmp_path):
    _sign_in_invited_clerk(platform, page)
    today = date.today()
    first = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    first_sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    page.goto(f"{platform.base_url}{ADMIN}/events/new")
    page.get_by_label("Titre").fill("Vide-grenier du dimanche")
    page.get_by_label("Date", exact=True).fill(first_sunday.isoformat())
    page.get_by_label(
        "Chaque mois, un jour de la semaine (par exemple le premier dimanche)"
    ).check()
    page.get_by_label("Jusqu'au").fill((first_sunday + timedelta(days=120)).isoformat())
    page.get_by_role("button", name="Publier").click()
    assert page.locator(".error").count() == 0, page.content()
    event = f"{platform.base_url}/aurignac/agenda/vide-grenier-du-dimanche/"
    _wait_for_text(event, "Vide-grenier du dimanche")
    page.goto(event)
    second = (first_sunday + timedelta(days=35)).replace(day=1)
    second_sunday = second + timedelta(days=(6 - second.weekday()) % 7)
    assert second_sunday.isoformat() in page.content()  # the next occurrence is listed
    feed = _fetch(f"{platform.base_url}/aurignac/agenda/agenda.ics").decode()
    assert "RRULE:FREQ=MONTHLY;" in feed and "BYDAY=1SU" in feed

    writer, buffer = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    pdf = tmp_path / "arrete-2026-040.pdf"
    pdf.write_bytes(buffer.getvalue())
    page.goto(f"{platform.base_url}{ADMIN}/acts/new")
    page.get_by_label("Type d'acte").select_option(label="Arrêté")
    page.get_by_label("Numéro").fill("2026-040")
    page.get_by_label("Titre").fill("Arrêté portant réglementation du stationnement")
    page.get_by_label("Date de l'acte").fill(today.isoformat())
    page.get_by_label("PDF de l'acte").set_input_files(str(pdf))
    page.get_by_role("button", name="Publier").click()
    assert page.locator(".error").count() == 0, page.content()
    acts = f"{platform.base_url}/aurignac/actes/"
    _wait_for_text(acts, "Arrêté portant réglementation du stationnement")
    page.goto(acts)
    page.get_by_role("link", name="Arrêté portant réglementation du stationnement").click()
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    _wait_for_text(page.url, "Mis en ligne le")  # recorded when the site went live
    page.reload()
    assert digest in page.content()
    link = page.get_by_role("link", name="Télécharger l'acte").get_attribute("href")
    served = _fetch(urllib.parse.urljoin(page.url, link))
    assert served == pdf.read_bytes()
