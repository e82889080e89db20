"""The library's screens in real Chromium: a clerk sends a photo and a scanned PDF with
the form, without a mouse; axe-core finds nothing at 360 and 1280 px, nothing scrolls
sideways."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import Platform
from tests.media.conftest import image_bytes, pdf_bytes

pytestmark = pytest.mark.browser

CLERK = "mairie@castelnaudary.test"
LIBRARY = "/admin/c/castelnaudary/media/"
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "best-practice"]}}  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    platform = Platform(tmp_path_factory.mktemp("media"))
    output = platform.cli("demo", "--no-serve")
    platform.password = re.search(rf"{re.escape(CLERK)}\s+(\S+)", output).group(1)
    platform.start()
    yield platform
    platform.stop()


def _violations(page) -> list[str]:
    results = Axe().run(page, options=RULES)
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in results.response["violations"]]


def _check(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    assert _violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_a_clerk_sends_files_with_the_keyboard_and_every_screen_passes_axe(
    demo,
    chromium,
    tmp_path,
):
    context = chromium.new_context(locale="fr-FR", bypass_csp=True)  # to inject axe itself
    page = context.new_page()
    page.goto(f"{demo.base_url}/admin/login")
    page.get_by_label("Adresse e-mail").fill(CLERK)
    page.get_by_label("Mot de passe", exact=True).fill(demo.password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/admin/(?!login).*"))
    page.goto(f"{demo.base_url}{LIBRARY}")

    photo = tmp_path / "lavoir.jpg"
    photo.write_bytes(image_bytes((1600, 1200)))
    page.locator("#file").set_input_files(str(photo))  # the file dialog is the system's
    page.locator("#file").focus()
    page.keyboard.press("Tab")  # to the title, then send without an alternative text
    page.keyboard.type("Le lavoir")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#alt_text-error").is_visible()  # refused: no alternative text
    for width in (360, 1280):
        _check(page, width)

    page.locator("#file").set_input_files(str(photo))
    page.locator("#alt_text").fill("Le lavoir fleuri")
    page.locator("#credit").fill("© Photo : Jean")
    with page.expect_navigation():
        page.locator("#credit").press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Le lavoir"
    assert page.locator("main img").evaluate("img => img.naturalWidth") > 0  # served
    for width in (360, 1280):
        _check(page, width)

    scan = tmp_path / "arrete-scanne.pdf"
    scan.write_bytes(pdf_bytes())
    page.goto(f"{demo.base_url}{LIBRARY}")
    page.locator("#file").set_input_files(str(scan))
    with page.expect_navigation():
        page.locator("#title").press("Enter")
    assert page.locator(".flash-error").count() >= 1  # a scan without text is flagged
    for width in (360, 1280):
        _check(page, width)

    page.goto(f"{demo.base_url}{LIBRARY}")
    thumbnail = page.locator("main table img").first  # the demo's photo is listed too
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    for width in (360, 1280):
        _check(page, width)
    context.close()
