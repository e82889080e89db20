"""The alert form: a short message, a level, a link, and a window that always ends,
31 days after its start at most."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from app.alerts.services import check_alert_schedule, clean_link
from app.config import TIMEZONE
from app.content.errors import ContentError
from app.content.services import Schedule
from app.models import Alert, AuditEntry, Intercommunality
from tests.alerts.helpers import _nu_errors, _parse_errors, alert_form, in_hours, local
from tests.conftest import post_form

NEW = "/admin/c/aurignac/alerts/new"


def _alerts(database) -> list[Alert]:
    with database.session() as session:
        return list(session.scalars(select(Alert)))


def _refused(response, field: str, text: str = "") -> None:
    """Refused with HTTP 400, the reason next to ``field`` (``text``: in French)."""
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 400, html
    assert f'<p class="error" id="{field}-error">{text}' in html


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        ("", "", "Une alerte doit avoir une fin"),
        ("", local(in_hours(32 * 24)), "Une alerte s'affiche 31 jours au plus"),
        (local(in_hours(24)), local(in_hours(24 + 31 * 24 + 1)), "Une alerte s'affiche 31 jours"),
        # The kernel's rules (its message is the kernel's).
        (local(in_hours(48)), local(in_hours(24)), ""),
        ("", local(in_hours(-1)), ""),
    ],
    ids=["no end", "end 32 days on", "end 31 days after a future start", "end before start",
         "end passed"],
)  # fmt: skip
def test_the_window_is_refused_without_an_end_or_longer_than_31_days(
    client, login, publisher, database, start, end, error
):
    login(publisher.email)
    form = alert_form(publish_at=start, unpublish_at=end, publish="1")
    response = post_form(client, NEW, form)
    _refused(response, "unpublish_at", error)
    assert "Route de la Forêt barrée pour travaux" in response.get_data(as_text=True)
    assert _alerts(database) == []


def test_a_window_of_exactly_31_days_from_a_future_start_is_accepted(
    client, login, publisher, database
):
    login(publisher.email)
    start = in_hours(24)
    form = alert_form(publish_at=local(start), unpublish_at=local(start + timedelta(days=31)))
    assert post_form(client, NEW, form | {"save": "1"}).status_code == 302
    [saved] = _alerts(database)
    assert saved.publish_at == start and saved.unpublish_at == start + timedelta(days=31)


def test_the_window_rule_checks_the_kernel_rules_first():
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    check_alert_schedule(Schedule(None, now + timedelta(days=31)), now)
    with pytest.raises(ContentError) as refused:
        check_alert_schedule(Schedule(now + timedelta(days=6 * 366), None), now)
    assert refused.value.field == "publish_at"  # the kernel's "more than five years away"
    with pytest.raises(ContentError) as refused:
        check_alert_schedule(Schedule(None, now + timedelta(days=31, minutes=1)), now)
    assert refused.value.field == "unpublish_at"


def test_saving_an_alert_audits_its_window_with_it(client, login, publisher, database):
    login(publisher.email)
    assert post_form(client, NEW, alert_form(publish="1")).status_code == 302
    with database.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["alert.created", "alert.published"]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("https://www.vigicrues.gouv.fr/", "https://www.vigicrues.gouv.fr/"),
        ("http://meteo.example.fr/alerte", "http://meteo.example.fr/alerte"),
        ("www.commune.fr/travaux", "https://www.commune.fr/travaux"),
        ("/travaux/", "/travaux/"),
        ("/annuaire/mairie/#horaires", "/annuaire/mairie/#horaires"),
        ("", ""),
    ],
)
def test_a_link_is_a_web_address_or_a_page_of_the_site(typed, kept):
    assert clean_link(typed) == kept


@pytest.mark.parametrize(
    "typed",
    ["javascript:alert(1)", "//evil.example/", "/\\evil.example", "ftp://x.fr/a", "mairie",
     "data:text/html,x", "/travaux/<script>"],
)  # fmt: skip
def test_other_links_are_refused(client, login, publisher, database, typed):
    with pytest.raises(ContentError):
        clean_link(typed)
    login(publisher.email)
    response = post_form(client, NEW, alert_form(link=typed, save="1"))
    _refused(response, "link")
    assert _alerts(database) == []


def test_an_intercommunality_alert_links_to_a_full_address():
    epci = Intercommunality(siren="200072643", slug="cc", name="CC", kind="CC")
    with pytest.raises(ContentError) as refused:
        clean_link("/travaux/", epci)
    assert refused.value.field == "link"
    assert clean_link("https://cc.example.fr/travaux/", epci) == "https://cc.example.fr/travaux/"


def test_the_message_is_short_and_the_level_one_of_three(client, login, publisher, database):
    login(publisher.email)
    too_long = post_form(client, NEW, alert_form(message="x" * 301, save="1"))
    assert too_long.status_code == 400
    unknown = post_form(client, NEW, alert_form(level="rouge", save="1"))
    assert unknown.status_code == 400
    assert _alerts(database) == []
    spaced = alert_form(message="  Coupure d'eau\r\n  rue Haute  ", save="1")
    assert post_form(client, NEW, spaced).status_code == 302
    [saved] = _alerts(database)
    assert saved.message == "Coupure d'eau rue Haute"


def test_the_form_labels_the_levels_and_the_window_in_french(client, login, publisher):
    login(publisher.email)
    html = unescape(client.get(NEW).get_data(as_text=True))
    for label in ("Information", "Vigilance", "Urgence"):
        assert f">{label}</label>" in html
    assert 'type="radio"' in html and 'value="urgence"' in html
    assert "<legend>Quand l'alerte s'affiche</legend>" in html
    assert '<label for="publish_at">Début</label>' in html
    assert '<label for="unpublish_at">Fin</label>' in html
    assert "au plus 31 jours après son début" in html
    assert 'name="slug"' not in html and 'name="body"' not in html


def test_the_list_shows_level_message_start_end_and_status(client, login, publisher):
    login(publisher.email)
    start = in_hours(24)
    form = alert_form(level="urgence", publish_at=local(start),
                      unpublish_at=local(start + timedelta(days=2)), publish="1")  # fmt: skip
    post_form(client, NEW, form)
    html = client.get("/admin/c/aurignac/alerts/").get_data(as_text=True)
    headings = ["Niveau", "Message", "Début", "Fin", "État"]
    assert all(f'<th scope="col">{heading}</th>' in html for heading in headings)
    assert re.search(r"<td[^>]*>Urgence</td>", html)
    assert "Route de la Forêt barrée pour travaux</a>" in html
    assert start.astimezone(TIMEZONE).strftime("%d/%m/%Y %H:%M") in html
    assert 'class="badge warn"' in html  # the kernel's "scheduled" status


def test_the_alert_screens_are_valid_html(client, login, publisher, tmp_path):
    login(publisher.email)
    post_form(client, NEW, alert_form(level="urgence", publish="1"))
    pages = {url: client.get(url) for url in (NEW, "/admin/c/aurignac/alerts/",
                                               "/admin/c/aurignac/alerts/1")}  # fmt: skip
    pages["refused"] = post_form(client, NEW, alert_form(unpublish_at="", save="1"))
    assert [r.status_code for r in pages.values()] == [200, 200, 200, 400]
    html = {url: response.get_data(as_text=True) for url, response in pages.items()}
    assert {url: errors for url in html if (errors := _parse_errors(html[url]))} == {}
    assert _nu_errors(html, tmp_path) == {}
