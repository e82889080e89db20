"""Alerts on a built site: the banner on every page, most severe first, never a live
region; the /alertes/ page; the Atom feed; valid HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import pytest

from app.config import PROJECT_ROOT
from app.publishing.alerts import alerts_context, atom_feed
from app.publishing.pipeline import build_site
from app.publishing.theming import load_translations
from tests.alerts.helpers import (
    BANNER,
    _nu_errors,
    _parse_errors,
    alert,
    site_content,
    site_pages,
)

THEMES_DIR, TRANSLATIONS_DIR = PROJECT_ROOT / "themes", PROJECT_ROOT / "translations"
ATOM = "{http://www.w3.org/2005/Atom}"
ALERTS = (
    alert(1, "information", "Marché déplacé place du Foirail", started=-5),
    alert(2, "urgence", "Coupure d'eau rue Haute", started=-3, link="/travaux/"),
    alert(3, "vigilance", "Vigilance orange orages", started=-2,
          link="https://vigilance.meteofrance.fr/"),
    alert(4, "urgence", "Route de la Forêt fermée", started=-1, provided_by="CC du Comminges"),
    alert(5, "urgence", "Alerte déjà terminée", started=-30, ends=-1),
)  # fmt: skip
IN_ORDER = [
    "Route de la Forêt fermée",  # urgence, started an hour ago
    "Coupure d&#39;eau rue Haute",  # urgence, started three hours ago
    "Vigilance orange orages",
    "Marché déplacé place du Foirail",
]


def _build(content, site_dir: Path) -> Path:
    build_site(
        content,
        site_dir=site_dir,
        release_name="r1",
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
    )
    return site_dir / "live"


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Path:
    return _build(site_content(alerts=ALERTS), tmp_path_factory.mktemp("alerts"))


@pytest.fixture(scope="module")
def quiet(tmp_path_factory) -> Path:
    return _build(site_content(), tmp_path_factory.mktemp("quiet"))


def _feed(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(data)  # noqa: S314 - the feed our build just wrote


def _banner(html: str) -> str:
    match = re.search(r'<section class="alerts".*?</section>', html, re.DOTALL)
    assert match, "no alerts banner"
    return match.group(0)


def test_the_banner_is_on_every_page_type(live: Path) -> None:
    pages = site_pages(live)
    page_types = {"index.html", "horaires/index.html", "annuaire/index.html",
                  "annuaire/bibliotheque/index.html", "mentions-legales/index.html",
                  "collecte-des-dechets/index.html", "alertes/index.html"}  # fmt: skip
    assert page_types <= set(pages)
    assert [name for name, html in pages.items() if html.count(BANNER) != 1] == []
    # Right after the header, before the page's own content.
    home = pages["index.html"]
    assert home.index("</header>") < home.index(BANNER) < home.index('<main id="contenu"')


def test_the_banner_lists_the_most_severe_first_then_the_newest(live: Path) -> None:
    banner = _banner((live / "horaires" / "index.html").read_text())
    positions = [banner.index(message) for message in IN_ORDER]
    assert positions == sorted(positions)
    assert "Alerte déjà terminée" not in banner


def test_each_alert_says_its_level_end_link_and_source_in_words(live: Path) -> None:
    banner = unescape(_banner((live / "horaires" / "index.html").read_text()))
    assert banner.count("<strong>Urgence\u00a0:</strong>") == 2
    assert "<strong>Vigilance\u00a0:</strong>" in banner
    assert "<strong>Information\u00a0:</strong>" in banner
    assert 'class="alert alert-urgence"' in banner
    assert re.search(r"\(jusqu'au (1er )?\d* ?\w+ à \d+\u00a0h", banner)
    assert "Communiqué par CC du Comminges" in banner
    # A page of the site is linked relative to the page; other sites as typed.
    assert '<a href="../travaux/">En savoir plus</a>' in banner
    assert '<a href="https://vigilance.meteofrance.fr/">En savoir plus</a>' in banner
    assert 'aria-label="Alertes en cours"' in banner


def test_the_banner_is_never_a_live_region(live: Path) -> None:
    for name, html in site_pages(live).items():
        # The banner (the search page's results are a live region of their own).
        banner = html[html.index("<!--alerts-->") : html.index("<!--/alerts-->")]
        assert 'class="alerts"' in banner, name
        assert "aria-live" not in banner, name
        assert 'role="alert"' not in banner, name
        assert 'role="status"' not in banner, name


def test_a_site_without_alerts_has_no_banner_and_says_so(quiet: Path) -> None:
    pages = site_pages(quiet)
    assert [name for name, html in pages.items() if 'class="alerts"' in html] == []
    assert "Aucune alerte en cours." in pages["alertes/index.html"]
    feed = _feed((quiet / "alertes" / "atom.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed" and feed.findall(f"{ATOM}entry") == []


def test_the_alerts_page_lists_each_alert_with_its_anchor(live: Path) -> None:
    html = unescape((live / "alertes" / "index.html").read_text())
    main = html.split('<main id="contenu"')[1]
    for item_id in (1, 2, 3, 4):
        assert f'<li id="alerte-{item_id}"' in main
    assert 'id="alerte-5"' not in html
    assert "Affichée jusqu'au" in main and "Communiqué par CC du Comminges" in main
    assert "<h1>Alertes en cours</h1>" in main
    assert 'type="application/atom+xml" href="../alertes/atom.xml"' in html


def test_the_feed_is_atom_with_stable_ids(live: Path) -> None:
    feed = _feed((live / "alertes" / "atom.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "tag:127.0.0.1,2026:aurignac/alertes"
    assert feed.findtext(f"{ATOM}title") == "Alertes – Aurignac"
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated")).tzinfo is not None
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://127.0.0.1:8000/aurignac/alertes/atom.xml"
    assert links["alternate"] == "http://127.0.0.1:8000/aurignac/alertes/"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Aurignac"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "tag:127.0.0.1,2026:alerte-4",
        "tag:127.0.0.1,2026:alerte-2",
        "tag:127.0.0.1,2026:alerte-3",
        "tag:127.0.0.1,2026:alerte-1",
    ]
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Urgence\u00a0: Route de la Forêt fermée"
    assert first.findtext(f"{ATOM}summary").startswith("Route de la Forêt fermée (jusqu'au ")
    published = datetime.fromisoformat(first.findtext(f"{ATOM}published"))
    assert abs(published - ALERTS[3].starts_at) < timedelta(seconds=1)
    assert datetime.fromisoformat(first.findtext(f"{ATOM}updated")) >= published
    [link] = first.findall(f"{ATOM}link")
    assert link.get("href") == "http://127.0.0.1:8000/aurignac/alertes/#alerte-4"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "CC du Comminges"


def test_feed_ids_do_not_change_between_builds_and_titles_are_short() -> None:
    translations = load_translations(TRANSLATIONS_DIR, "fr")
    long_message = alert(7, "information", "Travaux " + "très " * 70)
    content = site_content(alerts=(long_message,), live_url="https://www.aurignac.fr/")
    now = datetime.now(UTC)
    feeds = [atom_feed(content, now + timedelta(hours=h), "fr", translations) for h in (0, 1)]
    ids = [[e.text for e in _feed(feed).iter(f"{ATOM}id")] for feed in feeds]
    expected = ["tag:www.aurignac.fr,2026:alertes", "tag:www.aurignac.fr,2026:alerte-7"]
    assert ids[0] == ids[1] == expected
    title = _feed(feeds[0]).findtext(f"{ATOM}entry/{ATOM}title")
    assert len(title) <= 95 and title.endswith("…")


def test_the_context_drops_ended_alerts_and_orders_by_severity() -> None:
    translations = load_translations(TRANSLATIONS_DIR, "fr")
    content = site_content(alerts=ALERTS)
    context = alerts_context(content, lang="fr", translations=translations, now=datetime.now(UTC))
    assert [a["id"] for a in context["ALERTS"]] == [4, 2, 3, 1]
    assert context["ALERTS_URL"] == "alertes/"
    first = context["ALERTS"][0]
    assert first["anchor"] == "alerte-4" and first["level_label"] == "Urgence"
    assert first["provided_by"] == "CC du Comminges"
    later = datetime.now(UTC) + timedelta(days=2)
    assert alerts_context(content, lang="fr", translations=translations, now=later)["ALERTS"] == []


def test_until_label_is_french_wall_time() -> None:
    translations = load_translations(TRANSLATIONS_DIR, "fr")
    end = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)  # 18 h in Paris (winter time)
    shown = alert(8, "information", "x")
    content = site_content(alerts=(shown.__class__(**{**vars(shown), "ends_at": end}),))
    now = datetime(2026, 11, 27, tzinfo=UTC)
    [data] = alerts_context(content, lang="fr", translations=translations, now=now)["ALERTS"]
    assert data["until_label"] == "jusqu'au 28 novembre à 18\u00a0h"


def test_the_alerts_pages_pass_the_html_checkers(live: Path, quiet: Path, tmp_path: Path) -> None:
    pages = {
        "alertes": (live / "alertes" / "index.html").read_text(),
        "alertes (none)": (quiet / "alertes" / "index.html").read_text(),
        "home with banner": (live / "index.html").read_text(),
        "page with banner": (live / "horaires" / "index.html").read_text(),
    }
    assert {name: errors for name in pages if (errors := _parse_errors(pages[name]))} == {}
    assert _nu_errors(pages, tmp_path / "nu") == {}
