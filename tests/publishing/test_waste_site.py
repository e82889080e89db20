"""Waste collection on the sites: what an agent enters in the admin reaches the page and
the calendar feed of every commune the zone covers, and of the intercommunality.

Builds run for real here (the test queue runs tasks at once); to look at Christmas 2026,
the site is rebuilt as the daily rebuild would on 20 December.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from publishing_samples import HtmlScan, page, site_content
from sqlalchemy import select

from app.builds.snapshot import load_site_content
from app.config import PROJECT_ROOT, TIMEZONE
from app.content.errors import SlugTaken
from app.models import Commune, Intercommunality, Membership, WasteZone
from app.pages.services import PageDraft, save_page
from app.publishing.export import ExportError, export_content
from app.publishing.pipeline import build_site
from app.tenancy import find_site_by_slug
from tests.conftest import post_form, put_sites_online

BASE = "/admin/e/cc-comminges/waste"
FEED = "collecte-des-dechets/aurignac-centre-bourg.ics"
FRIDAY_ROUND = {
    "stream": "menagers",
    "recurrence": "weekly",
    "weekday": "4",
    "every_weeks": "1",
    "holiday_rule": "next_day",
}
BEFORE_CHRISTMAS = datetime(2026, 12, 20, 6, tzinfo=TIMEZONE)
CHRISTMAS_NOTE = "Décalée : vendredi 25 décembre (Noël) → samedi 26 décembre"


@pytest.fixture
def epci(database, make_commune, make_user) -> Intercommunality:
    """CC du Comminges (Aurignac, Boulogne) and its agent."""
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-comminges", name="CC du Comminges",
                                kind="CC")  # fmt: skip
        session.add(epci)
    for slug, name in (("aurignac", "Aurignac"), ("boulogne", "Boulogne")):
        make_commune(slug=slug, name=name, intercommunality_id=epci.id)
    agent = make_user("agent@cc-comminges.test")
    with database.unit_of_work() as session:
        session.add(Membership(user_id=agent.id, intercommunality_id=epci.id, role="publisher"))
    put_sites_online(database, "aurignac", "boulogne")  # their own publications did that
    return epci


def _set_up_the_friday_round(client, login, database) -> int:
    """The agent's zone for the centre of Aurignac, collected on Fridays, next day on holidays."""
    login("agent@cc-comminges.test")
    with database.session() as session:
        aurignac = session.scalar(select(Commune).where(Commune.slug == "aurignac"))
    zone = {"name": "Aurignac – centre bourg", "communes": [str(aurignac.id)]}
    assert post_form(client, f"{BASE}/zones/new", zone).status_code == 302
    with database.session() as session:
        zone_id = session.scalar(select(WasteZone.id))
    response = post_form(client, f"{BASE}/zones/{zone_id}/rounds/new", FRIDAY_ROUND)
    assert response.status_code == 302, response.get_data(as_text=True)
    return zone_id


def _rebuild_as_of(database, settings, slug: str, when: datetime) -> Path:
    """What the daily rebuild publishes on ``when``'s day; returns the live folder."""
    with database.session() as session:
        content = load_site_content(session, settings, find_site_by_slug(session, slug))
    build_site(
        content,
        site_dir=settings.sites_dir / slug,
        release_name=f"as-of-{when:%Y%m%d}",
        themes_dir=PROJECT_ROOT / "themes",
        translations_dir=PROJECT_ROOT / "translations",
        now=when,
    )
    return settings.sites_dir / slug / "live"


def test_the_feed_parses_and_gives_the_next_dates_across_a_holiday_shift(
    client, login, epci, database, settings
):
    _set_up_the_friday_round(client, login, database)
    # The round's save built the sites it concerns, with today's dates.
    assert (settings.sites_dir / "aurignac" / "live" / FEED).is_file()
    assert (settings.sites_dir / "cc-comminges" / "live" / FEED).is_file()
    assert not (settings.sites_dir / "boulogne").exists()  # not covered: not rebuilt

    live = _rebuild_as_of(database, settings, "aurignac", BEFORE_CHRISTMAS)
    calendar = Calendar.from_ical((live / FEED).read_bytes())
    assert str(calendar["x-wr-calname"]) == "Collecte des déchets – Aurignac – centre bourg"
    events = {
        event.decoded("dtstart"): (str(event["summary"]), str(event.get("description", "")))
        for event in calendar.walk("VEVENT")
    }
    assert date(2026, 12, 25) not in events
    assert events[date(2026, 12, 26)] == ("Collecte : ordures ménagères", CHRISTMAS_NOTE)
    upcoming = sorted(day for day in events if day >= date(2026, 12, 20))[:3]
    assert upcoming == [date(2026, 12, 26), date(2027, 1, 2), date(2027, 1, 8)]
    assert events[date(2027, 1, 8)] == ("Collecte : ordures ménagères", "")

    shown = HtmlScan((live / "collecte-des-dechets" / "index.html").read_text(encoding="utf-8"))
    assert "Samedi 26 décembre " + CHRISTMAS_NOTE in shown.text
    assert shown.find("a", href=f"../{FEED}", type="text/calendar")
    home = HtmlScan((live / "index.html").read_text(encoding="utf-8"))
    assert home.find("a", href="./collecte-des-dechets/")  # the footer's link


def test_the_intercommunality_site_lists_every_zone_with_its_communes(
    client, login, epci, database, settings
):
    _set_up_the_friday_round(client, login, database)
    live = _rebuild_as_of(database, settings, "cc-comminges", BEFORE_CHRISTMAS)
    shown = HtmlScan((live / "collecte-des-dechets" / "index.html").read_text(encoding="utf-8"))
    assert "Aurignac – centre bourg" in shown.text
    assert re.search(r"Commune ?: Aurignac", shown.text)  # the communes the zone covers
    assert "Samedi 26 décembre" in shown.text
    calendar = Calendar.from_ical((live / FEED).read_bytes())
    assert str(calendar["url"]) == "http://127.0.0.1:8000/cc-comminges/"


def test_deleting_the_zone_takes_its_page_and_feed_off_the_sites(
    client, login, epci, database, settings
):
    zone_id = _set_up_the_friday_round(client, login, database)
    assert post_form(client, f"{BASE}/zones/{zone_id}/delete").status_code == 302
    for slug in ("aurignac", "cc-comminges"):
        live = settings.sites_dir / slug / "live"
        assert (live / "index.html").is_file(), slug
        assert not (live / "collecte-des-dechets").exists(), slug
        assert "collecte-des-dechets" not in (live / "index.html").read_text(encoding="utf-8")


def test_a_site_without_zones_has_no_page_and_no_link(build, tmp_path) -> None:
    build(site_content(waste_zones=()), tmp_path, "r1")
    live = tmp_path / "live"
    assert not (live / "collecte-des-dechets").exists()
    assert "collecte-des-dechets" not in (live / "index.html").read_text(encoding="utf-8")


def test_the_page_address_is_reserved(tmp_path, database, make_commune) -> None:
    with pytest.raises(ExportError, match="réservée"):
        export_content(site_content(pages=(page("collecte-des-dechets", "X", 1),)), tmp_path)
    commune = make_commune(slug="aurignac", name="Aurignac")
    draft = PageDraft(title="Collecte", slug="collecte-des-dechets", body="", menu_position=0)
    with database.unit_of_work() as session, pytest.raises(SlugTaken, match="réservée"):
        save_page(session, session.get(Commune, commune.id), None, draft, None, None)
