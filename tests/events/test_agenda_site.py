"""The agenda on a site: coming dates by month, the archive, event pages with schema.org
data, the iCalendar files, valid HTML; and the clerk's preview."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time
from html import unescape
from pathlib import Path

import pytest
from icalendar import Calendar
from publishing_samples import THEMES_DIR, TRANSLATIONS_DIR
from test_html_validity import _nu_errors, _parse_errors

from app.config import TIMEZONE
from app.publishing.events import event_feeds, events_context
from app.publishing.pipeline import build_site
from app.publishing.theming import load_translations
from tests.conftest import post_form
from tests.events.samples import CONCERT, MARKET, NOW, OLD_FAIR, agenda_site

NBSP = "\u00a0"


def _context(site=None, now=NOW):
    translations = load_translations(TRANSLATIONS_DIR, "fr")
    return events_context(site or agenda_site(), lang="fr", translations=translations, now=now)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("agenda")
    build_site(
        agenda_site(),
        site_dir=site_dir,
        release_name="r1",
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
        now=NOW,
    )
    return site_dir / "live"


def _dates(context, slug: str) -> list[str]:
    return [
        row["start_iso"]
        for month in context["AGENDA_MONTHS"]
        for row in month["events"]
        if row["slug"] == slug
    ]


def test_a_first_sunday_event_is_listed_on_its_dates():
    assert _dates(_context(), "vide-grenier") == [
        "2026-12-06", "2027-01-03", "2027-02-07", "2027-03-07", "2027-04-04", "2027-05-02",
        "2027-06-06",
    ]  # fmt: skip


def test_the_agenda_is_by_month_and_skips_cancelled_dates():
    context = _context()
    assert [month["label"] for month in context["AGENDA_MONTHS"]][:2] == [
        "Décembre 2026",
        "Janvier 2027",
    ]
    december = _dates(context, "marche")[:4]
    assert december == [f"2026-12-{d}T08:00+01:00" for d in ("05", "12", "19")] + [
        "2027-01-02T08:00+01:00"
    ]


def test_a_past_event_leaves_the_agenda_for_the_archive():
    evening = datetime.combine(CONCERT.starts_on, time(21), TIMEZONE).astimezone(UTC)
    assert _dates(_context(now=evening), "concert") == ["2026-11-20T20:30+01:00"]
    context = _context()  # five days later
    assert _dates(context, "concert") == []
    archived = [row["slug"] for month in context["AGENDA_PAST_MONTHS"] for row in month["events"]]
    assert archived == ["concert"]  # the 2025 fair is more than twelve months old


def test_the_next_events_for_the_home_page():
    rows = _context()["EVENTS_NEXT"]
    assert [row["title"] for row in rows] == ["Marché de plein vent", "Vide-grenier", "Festival"]
    market, flea_market, festival = rows
    assert market == market | {
        "url": "agenda/marche/",
        "start_iso": "2026-12-05T08:00+01:00",
        "when_label": f"samedi 5 décembre 2026, de 8{NBSP}h à 12{NBSP}h",
        "place": "Mairie d'Aurignac",
    }
    assert flea_market["when_label"] == "dimanche 6 décembre 2026 (toute la journée)"
    assert festival["when_label"] == "du 11 au 13 décembre 2026"


def test_an_event_page_says_how_it_repeats():
    events = _context()["EVENTS"]
    assert events["marche"]["repeat_label"] == "Tous les samedis jusqu'au 30 juin 2027"
    assert events["vide-grenier"]["repeat_label"] == (
        "Le premier dimanche de chaque mois, jusqu'au 30 juin 2027"
    )
    assert events["marche"]["cancelled"] == ["samedi 26 décembre 2026"]
    assert events["concert"]["is_past"] and not events["marche"]["is_past"]


def _calendar(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_the_feeds_keep_the_rule_and_the_cancelled_dates():
    files = event_feeds(
        agenda_site(),
        generated_at=NOW,
        lang="fr",
        translations=load_translations(TRANSLATIONS_DIR, "fr"),
    )
    agenda = _calendar(files["agenda/agenda.ics"])
    assert str(agenda["X-WR-CALNAME"]) == "Aurignac – agenda"
    assert str(agenda["PRODID"]) and str(agenda["VERSION"]) == "2.0"
    assert [tz["TZID"] for tz in agenda.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = {str(e["UID"]): e for e in agenda.walk("VEVENT")}
    assert set(events) == {
        "marche@127.0.0.1", "vide-grenier@127.0.0.1", "concert@127.0.0.1", "festival@127.0.0.1"
    }  # fmt: skip
    market = events["marche@127.0.0.1"]
    assert market["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=SA"
    assert market["DTSTART"].params["TZID"] == "Europe/Paris"
    assert market.decoded("DTSTART") == datetime(2026, 12, 5, 8, tzinfo=TIMEZONE)
    assert market.decoded("DTEND") == datetime(2026, 12, 5, 12, tzinfo=TIMEZONE)
    assert [d.dt for d in market["EXDATE"].dts] == [datetime(2026, 12, 26, 8, tzinfo=TIMEZONE)]
    assert str(market["LOCATION"]) == "Mairie d'Aurignac, 1 place de la Mairie, 31420 Aurignac"
    assert str(market["URL"]) == "http://127.0.0.1:8000/aurignac/agenda/marche/"
    assert "DTSTAMP" in market and str(market["SUMMARY"]) == "Marché de plein vent"
    festival = events["festival@127.0.0.1"]
    assert (festival.decoded("DTSTART"), festival.decoded("DTEND")) == (
        date(2026, 12, 11),
        date(2026, 12, 14),
    )  # an all-day end is exclusive
    flea = events["vide-grenier@127.0.0.1"]
    assert flea["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20270630;BYDAY=1SU"
    old = _calendar(files[f"agenda/{OLD_FAIR.slug}.ics"])
    assert [str(e["UID"]) for e in old.walk("VEVENT")] == ["foire-2025@127.0.0.1"]


def _json_ld(html: str) -> dict:
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(data)


def test_event_pages_carry_schema_org_data(live):
    market = _json_ld((live / "agenda/marche/index.html").read_text())
    assert market == market | {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": MARKET.title,
        "startDate": "2026-12-05T08:00+01:00",
        "endDate": "2026-12-05T12:00+01:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "isAccessibleForFree": True,
    }
    assert market["location"]["address"]["streetAddress"] == "1 place de la Mairie"
    assert market["organizer"]["name"] == "Comité des fêtes"
    assert market["offers"]["price"] == 0
    assert market["eventSchedule"]["byDay"] == ["https://schema.org/Saturday"]
    assert market["eventSchedule"]["exceptDate"] == ["2026-12-26"]
    html = (live / "agenda/concert/index.html").read_text()
    concert = _json_ld(html)  # its title holds "</script>": escaped, it parses back
    assert concert["name"] == CONCERT.title
    assert concert["offers"] == concert["offers"] | {"price": "8", "priceCurrency": "EUR"}


def test_the_built_agenda_links_everything(live):
    agenda = (live / "agenda/index.html").read_text()
    assert 'href="../agenda/marche/"' in agenda and 'href="../agenda/archives/"' in agenda
    assert 'href="../agenda/agenda.ics"' in agenda
    assert "Foire 2025" not in agenda and "Concert" not in agenda
    archive = (live / "agenda/archives/index.html").read_text()
    assert "Concert &lt;/script&gt;&lt;b&gt;" in archive
    market = (live / "agenda/marche/index.html").read_text()
    assert 'href="../../annuaire/mairie/"' in market  # the place's directory entry
    assert 'href="../../annuaire/bibliotheque/"' in market  # the organiser's
    assert "Gratuit" in market and "Ajouter à mon agenda (.ics)" in market
    assert 'href="../../agenda/marche.ics"' in market
    assert (live / "agenda/marche.ics").is_file() and (live / "agenda/agenda.ics").is_file()
    concert = (live / "agenda/concert/index.html").read_text()
    assert 'href="https://billets.example.fr/concert"' in concert
    assert "<strong>concert</strong>" in concert


def test_a_site_without_events_has_an_empty_agenda(tmp_path):
    build_site(
        agenda_site(events=()),
        site_dir=tmp_path,
        release_name="r1",
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
        now=NOW,
    )
    html = unescape((tmp_path / "live/agenda/index.html").read_text())
    assert "Aucun événement n'est prévu pour le moment." in html
    assert (tmp_path / "live/agenda/archives/index.html").is_file()


def test_agenda_pages_are_valid_html(live, client, login, publisher, tmp_path):
    names = ("agenda", "agenda/archives", "agenda/marche", "agenda/concert", "agenda/festival")
    pages = {name: (live / name / "index.html").read_text() for name in names}
    login(publisher.email)
    url = "/admin/c/aurignac/events"
    form = {"title": "Marché", "starts_on": "2026-12-05", "start_time": "08:00",
            "repeat": "weekly", "repeat_until": "2027-06-30", "save": "1"}  # fmt: skip
    assert post_form(client, f"{url}/new", form).status_code == 302
    for screen in ("/", "/new", "/1", "/1/duplicate"):
        pages[f"admin {screen}"] = client.get(url + screen).get_data(as_text=True)
    refused = post_form(client, f"{url}/new", form | {"ends_on": "2026-12-01"})
    pages["admin form with errors"] = refused.get_data(as_text=True)
    preview = post_form(client, f"{url}/preview", form | {"exceptions": "12/12/2026"})
    pages["preview"] = preview.get_data(as_text=True)
    assert {name: errors for name, html in pages.items() if (errors := _parse_errors(html))} == {}
    assert _nu_errors(pages, tmp_path / "nu") == {}


def test_the_preview_shows_the_draft_with_its_dates(client, login, editor):
    login(editor.email)
    form = {"title": "Vide-grenier", "starts_on": "2026-12-06", "repeat": "monthly_nth",
            "repeat_until": "2027-06-30", "is_free": "y"}  # fmt: skip
    response = post_form(client, "/admin/c/aurignac/events/preview", form)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "preview-banner" in html
    assert "Le premier dimanche de chaque mois, jusqu'au 30 juin 2027" in unescape(html)
    assert _json_ld(html)["eventSchedule"]["byMonthWeek"] == 1
