"""The whole journey in real Chromium: invitation, sign-in, edit, publish, see it live."""

from __future__ import annotations

import re
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accept_invitation

pytestmark = pytest.mark.browser


def _site_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
        return response.read().decode()


def _wait_for_text(url: str, text: str, timeout: float = 20) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if text in _site_text(url):
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not on {url} after {timeout} s")


def test_demo_clerk_edits_a_page_and_residents_see_it_within_seconds(platform, page):
    """What `make demo` runs: set-up, builds, then the admin and the sites on one port."""
    platform.start("demo")
    output = platform.output.read_text()
    password = re.search(r"mairie@castelnaudary\.test\s+(\S+)", output).group(1)

    page.goto(f"{platform.base_url}/admin/")
    page.get_by_label("Adresse e-mail").fill("mairie@castelnaudary.test")
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("main").get_by_role("link", name="Pages", exact=True).click()
    page.get_by_role("link", name="La mairie").click()
    write_in_editor(page, "Horaires", "Fermée le 24 décembre.")
    page.get_by_role("button", name="Publier").click()
    site = f"{platform.base_url}/castelnaudary/la-mairie/"
    assert _wait_for_text(site, "Fermée le 24 décembre.", timeout=10) < 10


def write_in_editor(page, *paragraphs: str) -> None:
    """Replace the text in the rich-text editor, typing as the clerk would."""
    box = page.locator("[role=textbox][contenteditable=true]")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for index, paragraph in enumerate(paragraphs):
        if index:
            page.keyboard.press("Enter")
        page.keyboard.type(paragraph)


def test_invited_clerk_writes_a_page_and_residents_see_it(platform, page):
    platform.cli("onboard", "--insee", "31028")
    link = platform.invitation_link(
        "user", "add", "mairie@aurignac.test", "--commune", "aurignac", "--role", "publisher"
    )
    platform.start()

    # The invitation: choose a password, land signed in.
    accept_invitation(page, link)
    page.get_by_role("button", name="Se déconnecter").click()

    # Sign in as the clerk would, every day.
    page.get_by_label("Adresse e-mail").fill("mairie@aurignac.test")
    page.get_by_label("Mot de passe", exact=True).fill("un mot de passe solide")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aurignac")

    # Write a page and publish it.
    page.get_by_role("link", name="Pages", exact=True).first.click()
    page.get_by_role("link", name="Nouvelle page").click()
    page.get_by_label("Titre", exact=True).fill("Horaires de la mairie")
    write_in_editor(page, "Ouverture", "Le lundi de 9 h à 12 h.")
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_role("status").first).to_contain_text("Publication enregistrée")
    site = f"{platform.base_url}/aurignac/horaires-de-la-mairie/"
    _wait_for_text(site, "Le lundi de 9 h à 12 h.")

    # Edit it: the change is live within a few seconds.
    write_in_editor(page, "Ouverture", "Le mardi de 14 h à 17 h.")
    page.get_by_role("button", name="Publier").click()
    elapsed = _wait_for_text(site, "Le mardi de 14 h à 17 h.", timeout=15)
    assert elapsed < 15

    # The resident's view, in the browser: the page is in the menu of the home page.
    resident = page.context.new_page()
    resident.goto(f"{platform.base_url}/aurignac/")
    expect(resident.locator("html")).to_have_attribute("lang", "fr")
    resident.get_by_role("link", name="Horaires de la mairie").first.click()
    expect(resident.get_by_text("Le mardi de 14 h à 17 h.")).to_be_visible()

    # And the clerk's dashboard says it is online.
    page.goto(f"{platform.base_url}/admin/c/aurignac/")
    expect(page.locator(".site-status")).to_have_text(re.compile(r"En ligne depuis \d\d:\d\d:\d\d"))
