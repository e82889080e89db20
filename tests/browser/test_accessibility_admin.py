"""The admin's screens in real Chromium: on a 320 px phone no screen scrolls sideways, axe
finds nothing at 360 and 1280 px; lists read as labelled values; a clerk fills the legal
values. A module of its own (with its own demo) so that it runs next to the resident pages'
checks instead of after them."""

# ruff: noqa: F811 - the imported fixtures are the test functions' parameters (the session
# fixture `chromium` comes from conftest: importing it here would start a second Playwright)

from __future__ import annotations

import time

import pytest

from tests.browser.test_accessibility import (  # noqa: F401
    ADMIN_SCREENS,
    CLERK,
    COMMUNE,
    PHONE,
    WCAG_AA_AND_BEST_PRACTICE,
    _violations,
    demo,
    open_screen,
    sessions,
    signed_in,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", autouse=True)
def builds_done(demo, chromium, sessions):
    """The follow-up builds the demo queues at start (acts' « mis en ligne le ») are over:
    a dashboard waiting for a build refreshes itself, which axe rightly reports."""
    context = chromium.new_context(locale="fr-FR", storage_state=sessions[CLERK])
    page = context.new_page()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page.goto(f"{demo.base_url}{COMMUNE}/")
        if page.locator('meta[http-equiv="refresh"]').count() == 0:
            break
        time.sleep(1)
    else:
        pytest.fail("the demo's builds did not finish")
    context.close()


@pytest.mark.parametrize("screen", ADMIN_SCREENS, ids=str)
def test_admin_screens_fit_a_phone_and_have_no_violation(demo, signed_in, screen):
    """On a 320 px phone no screen scrolls sideways; axe finds nothing at 360 and 1280 px
    (one visit of the screen, resized)."""
    page = signed_in(screen.account, viewport=PHONE, bypass_csp=True)  # to inject axe
    open_screen(page, demo, screen)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{screen.name} is {scroll_width} px wide at 320 px"
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        violations = _violations(page, WCAG_AA_AND_BEST_PRACTICE)
        assert violations == [], f"{screen.name} at {width} px: {violations}"


def test_a_list_reads_as_labelled_values_on_a_phone(demo, signed_in):
    page = signed_in(CLERK, viewport=PHONE)
    page.goto(f"{demo.base_url}{COMMUNE}/pages/")
    first_row = page.locator("main table tbody tr").first
    cell = first_row.locator("td[data-label]").first
    label = page.evaluate(
        "cell => getComputedStyle(cell, '::before').content", cell.element_handle()
    )
    assert label == '"Menu"'
    assert first_row.evaluate("row => getComputedStyle(row).display") == "block"
    assert (
        page.locator("main table thead").is_hidden()
        or page.locator("main table thead").bounding_box()["width"] <= 1
    )


def test_a_clerk_fills_the_dpo_and_creates_the_multi_year_plan(demo, signed_in):
    page = signed_in(CLERK)
    page.goto(f"{demo.base_url}{COMMUNE}/")
    page.locator("main a[href$='/settings/identity']").click()  # from the dashboard
    page.locator("a[href$='/settings/legal']").first.click()
    page.locator("#dpo_name").fill("Claire Martin")
    page.locator("main form button.primary").click()
    page.wait_for_load_state()
    assert page.locator("#dpo_name").input_value() == "Claire Martin"
    assert page.locator(".flash-success").count() == 1
    page.locator("form[action$='/accessibility-page/schema'] button").click()
    page.wait_for_url("**/pages/*")
    assert "# Politique d'accessibilité" in page.locator("textarea").first.input_value()
