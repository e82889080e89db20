"""Acceptance of the themes: three themes × two communes with different colours (one
#ffff00), real builds served by ``bastide serve``'s site server, opened in Chromium.

Screenshots (printed paths, in the test's output folder) show six distinct sites; axe-core
(WCAG 2.1 A/AA and best practices) finds nothing at 360 and 1280 px, with a menu link
focused and a link visited and hovered; the footer reaches the bottom of a short page; the h1 keeps
its distance from the menu; no request leaves the site; the Nu HTML checker finds no
error on the home and 404 pages."""

from __future__ import annotations

import itertools
import socket
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image, ImageChops
from werkzeug.serving import make_server

from app.config import PROJECT_ROOT
from app.publishing.colors import contrast_ratio
from app.serving import LiveSites
from tests.publishing.publishing_samples import site_content
from tests.themes.samples import THEMES, build, coat_of_arms, header_photo

sys.path.insert(0, str(PROJECT_ROOT / "tests" / "publishing"))
from test_html_validity import _nu_errors

pytestmark = pytest.mark.browser

WCAG_AND_BEST_PRACTICE = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}
WIDTHS = (360, 1280)
# Two communes: Aurignac picks #ffff00 (corrected) and has a coat of arms and a photo;
# Castelnaudary picks #e2001a (used as is) and has neither.
COMMUNES = {
    "aurignac": {"color": "#ffff00", "identity": True},
    "castelnaudary": {"color": "#e2001a", "identity": False},
}


@dataclass(frozen=True)
class Site:
    theme: str
    commune: str
    slug: str
    url: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _content(commune: str, theme: str, slug: str, url: str, files: Path):
    base = replace(site_content(), slug=slug, live_url=url, theme=theme)
    if commune == "castelnaudary":
        base = replace(
            base, name="Castelnaudary", insee="11076", postal_codes=("11400",),
            town_hall_address="Place de la République\n11400 Castelnaudary",
        )  # fmt: skip
    options = COMMUNES[commune]
    if not options["identity"]:
        return replace(base, main_color=options["color"])
    logo, photo = coat_of_arms(files), header_photo(files)
    return replace(
        base, main_color=options["color"], display_name="Aurignac-en-Comminges", logo=logo,
        header_photo=photo, header_photo_credit="Photo Jean Martin", media=(logo, photo),
    )  # fmt: skip


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[dict[tuple[str, str], Site]]:
    """The six sites built and served on a local port (the embedded site server)."""
    root = tmp_path_factory.mktemp("themes")
    sites_dir, files = root / "sites", root / "files"
    port = _free_port()
    sites = {}
    for theme, commune in itertools.product(THEMES, COMMUNES):
        slug = f"{commune}-{theme}"
        url = f"http://127.0.0.1:{port}/{slug}/"
        build(_content(commune, theme, slug, url, files), sites_dir / slug, files)
        sites[(theme, commune)] = Site(theme, commune, slug, url)
    server = make_server("127.0.0.1", port, LiveSites(sites_dir), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield sites
    server.shutdown()
    thread.join(10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots of the themes: {folder}")
    return folder


@pytest.fixture
def tab(chromium):
    context = chromium.new_context(locale="fr-FR", bypass_csp=True)  # to inject axe itself
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AND_BEST_PRACTICE)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def _focus_menu_link(page) -> dict:
    """Tab from the top until a link of the main menu has the focus; its colours."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.site-nav')"):
            break
    else:
        raise AssertionError("no menu link reached with the keyboard")
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return {color: s.color, background: s.backgroundColor,
                visible: document.activeElement.matches(':focus-visible')}; }"""
    )


def _hex(rgb: str) -> str:
    values = [int(float(v)) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    return "#" + "".join(f"{v:02x}" for v in values)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("theme", "commune"), list(itertools.product(THEMES, COMMUNES)))
def test_each_theme_is_accessible_in_every_state(served, tab, shots, theme, commune, width):
    site = served[(theme, commune)]
    tab.set_viewport_size({"width": width, "height": 900})
    assert tab.goto(site.url).status == 200
    tab.screenshot(path=shots / f"{theme}-{commune}-{width}.png", full_page=True)
    print(f"  {shots / f'{theme}-{commune}-{width}.png'}")
    assert _violations(tab) == [], "home"
    assert tab.evaluate("document.documentElement.scrollWidth") <= width

    # A link visited (the page it leads to opened, then back) and hovered, a menu link
    # focused.
    tab.goto(f"{site.url}ecole/")
    tab.go_back()
    tab.hover(".site-nav a[href$='ecole/']")
    assert _violations(tab) == [], "menu link visited and hovered"
    focused = _focus_menu_link(tab)
    assert focused["visible"]
    ratio = contrast_ratio(_hex(focused["color"]), _hex(focused["background"]))
    assert ratio >= 4.5, f"focused menu link {focused}: {ratio:.2f}"
    tab.screenshot(path=shots / f"{theme}-{commune}-{width}-focus.png")
    assert _violations(tab) == [], "menu link focused"

    # A page: the h1 keeps its distance from the menu; the 404 page, with its layout.
    tab.goto(f"{site.url}ecole/")
    gap = tab.evaluate(
        """() => document.querySelector('main h1').getBoundingClientRect().top
                 - document.querySelector('.site-nav').getBoundingClientRect().bottom"""
    )
    assert gap >= 16, f"the h1 is {gap} px from the menu"
    assert _violations(tab) == [], "page"
    missing = tab.goto(f"{site.url}nulle/part/")
    assert missing.status == 404
    assert tab.locator("footer.site-footer").count() == 1
    assert _violations(tab) == [], "404"
    outside = [url for url in tab.requested if not url.startswith(site.url)]
    assert outside == []


@pytest.mark.parametrize("theme", THEMES)
def test_the_footer_reaches_the_bottom_of_a_short_page(served, tab, theme):
    site = served[(theme, "castelnaudary")]
    tab.set_viewport_size({"width": 1280, "height": 2000})
    tab.goto(f"{site.url}nulle/part/")
    bottom = tab.evaluate("document.querySelector('footer').getBoundingClientRect().bottom")
    assert bottom >= 2000 - 1


@pytest.mark.parametrize("theme", THEMES)
def test_a_printed_page_has_no_navigation_and_is_black_on_white(served, tab, theme):
    site = served[(theme, "aurignac")]
    tab.goto(site.url)
    tab.emulate_media(media="print")
    assert tab.locator(".site-nav").is_hidden()
    assert tab.locator(".site-search").is_hidden()
    colours = tab.evaluate(
        """() => { const h = getComputedStyle(document.querySelector('h1'));
        const b = getComputedStyle(document.body);
        return [h.color, b.backgroundColor]; }"""
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    after = tab.evaluate(
        """() => getComputedStyle(document.querySelector('main a[href^="https"]'), '::after')
                 .content"""
    )
    assert "https://www.service-public.fr/" in after


def test_the_six_sites_look_different(served, tab, shots):
    tab.set_viewport_size({"width": 1280, "height": 900})
    images = {}
    for (theme, commune), site in served.items():
        tab.goto(site.url)
        path = shots / f"top-{theme}-{commune}.png"
        tab.screenshot(path=path)
        images[(theme, commune)] = Image.open(path).convert("RGB")
    for (first, a), (second, b) in itertools.combinations(images.items(), 2):
        difference = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 16 else 0)
        share = sum(difference.histogram()[255:]) / (a.width * a.height)
        assert share > 0.05, f"{first} and {second} look alike ({share:.1%} of pixels differ)"


def _fetch(url: str) -> str:
    """A page as the server sends it (the 404 page comes with its status)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local server
            return response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.read().decode()


def test_home_and_404_pages_of_each_theme_are_valid_html(served, tmp_path):
    pages = {}
    for site in served.values():
        pages[f"{site.slug}/index.html"] = _fetch(site.url)
        pages[f"{site.slug}/404.html"] = _fetch(f"{site.url}nulle/part/")
    assert "not-found-ways" in pages["aurignac-gazette/404.html"]
    assert _nu_errors(pages, tmp_path / "nu") == {}
