"""The directory on a built site: index by category, one page per entry with its hours
right on holidays and exceptional closures, the town hall on the home page and footer,
schema.org data and the precomputed status line."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from publishing_samples import LIBRARY, TOWN_HALL, HtmlScan, site_content

from app.config import TIMEZONE

# Thursday 24 December 2026, 10:00 in Aurignac: Christmas Eve, the library's inventory.
NOW = datetime(2026, 12, 24, 10, 0, tzinfo=TIMEZONE)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, build) -> Path:
    site_dir = tmp_path_factory.mktemp("directory")
    build(site_content(), site_dir, "r1", now=NOW)
    return site_dir / "live"


def read(path: Path) -> HtmlScan:
    return HtmlScan(path.read_text(encoding="utf-8"))


def test_the_directory_lists_entries_by_category(site: Path) -> None:
    doc = read(site / "annuaire" / "index.html")
    headings = [h for h in doc.text.split(" ") if h]
    assert "Mairie et services municipaux" in doc.text
    assert doc.text.index("Mairie et services municipaux") < doc.text.index("Équipements")
    hrefs = [a["href"] for a in doc.find("a")]
    assert "../annuaire/mairie/" in hrefs and "../annuaire/bibliotheque/" in hrefs
    assert headings  # the page has text


def test_an_entry_page_shows_contacts_weekly_hours_and_the_next_days(site: Path) -> None:
    doc = read(site / "annuaire" / "bibliotheque" / "index.html")
    text = doc.text
    assert (
        "<h1>Bibliothèque municipale</h1>"
        in (site / "annuaire" / "bibliotheque" / "index.html").read_text()
    )
    hrefs = [a["href"] for a in doc.find("a")]
    assert "tel:+33561000020" in hrefs and "tel:+33612345678" in hrefs
    assert "05 61 00 00 20" in text and "06 12 34 56 78" in text
    assert "Mercredi 14 h – 18 h" in text
    assert "Lundi Fermé" in text
    # The next 7 days from Thursday 24 December: the inventory closure, then Christmas.
    assert "Jeudi 24 décembre : Fermé — Inventaire" in text
    assert "Vendredi 25 décembre : Fermé — Noël · Inventaire" in text
    assert "Mercredi 30 décembre : 14 h – 18 h" in text
    html = (site / "annuaire" / "bibliotheque" / "index.html").read_text()
    assert "<p>Le <strong>mercredi</strong>, heure du conte.</p>" in html  # sanitised Markdown
    assert "Accès de plain-pied." in text
    assert "Informations vérifiées le 2 novembre 2026" in text
    osm = [h for h in hrefs if "openstreetmap.org" in h]
    assert osm == ["https://www.openstreetmap.org/?mlat=43.2167&mlon=0.8833#map=18/43.2167/0.8833"]


def test_the_summary_is_escaped(site: Path) -> None:
    html = (site / "annuaire" / "bibliotheque" / "index.html").read_text()
    assert "Prêt de livres &amp; jeux &lt;gratuit&gt;." in html


def test_entry_pages_carry_schema_org_data(site: Path) -> None:
    html = (site / "annuaire" / "bibliotheque" / "index.html").read_text()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "CivicStructure" and data["name"] == LIBRARY.name
    assert data["telephone"] == "+33561000020"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 43.2167, "longitude": 0.8833}
    specifications = data["openingHoursSpecification"]
    days = {d for s in specifications for d in s.get("dayOfWeek", [])}
    assert days == {"https://schema.org/Wednesday", "https://schema.org/Saturday"}
    closed = [s for s in specifications if "validFrom" in s]
    assert closed[0]["validFrom"] == "2026-12-24" and closed[0]["opens"] == "00:00"
    town_hall = (site / "annuaire" / "mairie" / "index.html").read_text()
    assert '"@type":"GovernmentOffice"' in town_hall


def test_the_status_line_is_precomputed_for_the_coming_days(site: Path) -> None:
    doc = read(site / "annuaire" / "mairie" / "index.html")
    [status] = doc.find("p", **{"data-hours-status": ""})
    data = json.loads(status["data-segments"])
    minute = int(NOW.timestamp()) // 60
    current = [s for s in data["s"] if s[0] <= minute][-1]
    assert data["t"][current[2]] == "Ouvert · ferme à 12\u00a0h" and current[1] == 1
    assert data["e"] - minute >= 7 * 24 * 60  # a week ahead: the daily rebuild keeps it
    assert "hidden" in status  # shown only by the script, which knows the reader's time


def test_the_home_page_shows_the_town_hall_and_useful_contacts(site: Path) -> None:
    doc = read(site / "index.html")
    assert "Mairie d'Aurignac" in doc.text and "Contacts utiles" in doc.text
    assert "Lundi 9 h – 12 h, 14 h – 17 h" in doc.text
    assert doc.find("p", **{"data-hours-status": ""})
    assert doc.find("script", src="./theme/js/hours.js")
    hrefs = [a["href"] for a in doc.find("a")]
    assert "./annuaire/bibliotheque/" in hrefs and "./annuaire/" in hrefs


def test_every_page_footer_shows_the_town_hall_hours(site: Path) -> None:
    for path in [site / "horaires" / "index.html", site / "mentions-legales" / "index.html"]:
        doc = read(path)
        assert "Horaires de la mairie" in doc.text
        assert "Samedi Fermé" in doc.text
        assert not doc.find("script")  # no status line, so no script on ordinary pages


def test_a_site_without_entries_has_an_empty_directory(build, tmp_path: Path) -> None:
    build(site_content(entries=()), tmp_path, "r1", now=NOW)
    doc = read(tmp_path / "live" / "annuaire" / "index.html")
    assert "L'annuaire est vide pour l'instant." in doc.text
    assert "Contacts utiles" not in read(tmp_path / "live" / "index.html").text


def test_home_page_stays_small_with_the_directory(site: Path) -> None:
    size = (site / "index.html").stat().st_size
    assert size < 12_000, size
    assert TOWN_HALL.hours  # the sample town hall has hours, so the status data is included
