"""An act's life online: published byte for byte, its first time online recorded by the
build that put it live, kept online two months, corrected by a new act, never replaced."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from sqlalchemy import select, update
from werkzeug.test import Client

from app.builds.services import request_build
from app.builds.worker import ONLINE_DATES_REASON
from app.config import TIMEZONE
from app.models import AuditEntry, Build, Commune, MunicipalAct, Release
from app.serving import make_platform_app
from tests.acts.conftest import (
    act_form,
    acts,
    acts_url,
    admin_text,
    page_text,
    pdf_bytes,
    post_multipart,
    sha256,
    site_text,
)
from tests.conftest import post_form

DELIBERATION = {
    "kind": "deliberation",
    "number": "2026-DEL-07",
    "title": "Budget primitif 2027",
    "act_date": "2026-12-14",
    "session_date": "2026-12-12",
    "subject": "7.1",
    "voters": "11",
    "votes_for": "9",
    "votes_against": "1",
    "abstentions": "1",
}


class ClosingClient(Client):
    """Reads and closes each response (no file handle left open)."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        response.get_data()
        response.close()
        return response


@pytest.fixture
def live_site(settings, database):
    """GET a path of a commune's live site, as residents do."""
    server = ClosingClient(make_platform_app(settings))
    return lambda path: server.get(path)


def _rebuild(database, commune) -> None:
    with database.unit_of_work() as session:
        request_build(session, session.get(Commune, commune.id), reason="test")


def _live_page(settings, commune, path: str) -> str:
    return (settings.sites_dir / commune.slug / "live" / path).read_text(encoding="utf-8")


def test_a_published_act_is_served_byte_for_byte_with_its_fingerprint(
    create_act, database, settings, commune, live_site
):
    data = pdf_bytes()
    assert create_act(data, **DELIBERATION).status_code == 302
    [act] = acts(database)
    page = live_site(f"/{commune.slug}/actes/{act.slug}/")
    assert page.status_code == 200
    text = html.unescape(page.get_data(as_text=True))
    served = live_site(f"/{commune.slug}/actes/{act.slug}/arrete-2026-001.pdf")
    assert served.status_code == 200
    assert served.get_data() == data
    assert sha256(served.get_data()) in re.findall(r"<code>([0-9a-f]{64})</code>", text)
    assert site_text("Exact size: %(size)s bytes.", size=str(len(data))) in text
    assert "Budget primitif 2027" in text and "2026-DEL-07" in text


def test_online_since_is_the_live_time_of_the_build_and_shows_at_once(
    create_act, database, settings, commune
):
    before = datetime.now(UTC)
    create_act(pdf_bytes())
    [act] = acts(database)
    with database.session() as session:
        first_live = session.scalar(
            select(Release.live_since)
            .where(Release.commune_id == commune.id)
            .order_by(Release.id)
            .limit(1)
        )
        reasons = session.scalars(select(Build.reason).order_by(Build.id)).all()
    assert act.online_since is not None and act.online_since == first_live
    assert act.online_since >= before  # set by the build, not copied from anything earlier
    # The worker publishes the date itself: a follow-up build, nobody pressing anything.
    assert reasons[-1] == ONLINE_DATES_REASON
    page = f"actes/{act.slug}/index.html"
    prefix = site_text("Put online on %(when)s", when="").strip()
    local = act.online_since.astimezone(TIMEZONE)
    shown = html.unescape(_live_page(settings, commune, page))
    assert prefix in shown and local.strftime("%H:%M") in shown and str(local.year) in shown


def test_a_later_build_keeps_the_first_online_time(create_act, database, commune):
    create_act(pdf_bytes())
    [first] = acts(database)
    _rebuild(database, commune)
    [again] = acts(database)
    assert again.online_since == first.online_since


def test_an_act_cannot_leave_the_site_in_its_first_two_months(
    client, create_act, database, commune, settings
):
    create_act(pdf_bytes())
    [act] = acts(database)
    response = post_form(client, acts_url(commune, f"{act.id}/unpublish"))
    assert response.status_code == 403
    day = act.online_since.astimezone(TIMEZONE)
    message = (
        "An act stays online for at least two months: this one went online on %(date)s and "
        "may be removed from %(earliest)s. To correct it, publish a corrected version."
    )
    earliest = (act.online_since + timedelta(days=61)).astimezone(TIMEZONE)
    expected = admin_text(
        message, date=day.strftime("%d/%m/%Y"), earliest=earliest.strftime("%d/%m/%Y")
    )
    assert expected in page_text(response)
    assert (settings.sites_dir / commune.slug / "live" / "actes" / act.slug).is_dir()
    [still] = acts(database)
    assert still.published_revision_id is not None


def test_after_two_months_an_act_may_leave_the_site_and_it_is_audited(
    client, create_act, database, commune, settings
):
    create_act(pdf_bytes())
    [act] = acts(database)
    with database.unit_of_work() as session:
        long_ago = datetime.now(UTC) - timedelta(days=62)
        session.execute(update(MunicipalAct).values(online_since=long_ago))
    response = post_form(client, acts_url(commune, f"{act.id}/unpublish"))
    assert response.status_code == 302
    with database.session() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-1] == "municipal_act.unpublished"
    assert not (settings.sites_dir / commune.slug / "live" / "actes").exists()


def _edit_form(act, data: bytes | None, **overrides):
    form = {
        "kind": act.kind,
        "number": act.number,
        "title": act.title,
        "act_date": act.act_date.isoformat(),
        "version": str(act.version),
        "save": "1",
    }
    if data is not None:
        form["file"] = (BytesIO(data), "nouveau.pdf")
    return form | overrides


def test_the_pdf_of_an_online_act_cannot_be_replaced(client, create_act, database, commune):
    create_act(pdf_bytes())
    [act] = acts(database)
    other = pdf_bytes().replace(b"595", b"596")  # a valid PDF, other bytes
    assert other != pdf_bytes()
    response = post_multipart(client, acts_url(commune, str(act.id)), _edit_form(act, other))
    assert response.status_code == 400
    date = act.online_since.astimezone(TIMEZONE).strftime("%d/%m/%Y")
    message = (
        "This act has been online since %(date)s: its PDF can no longer be replaced. "
        "Publish a corrected version instead."
    )
    assert admin_text(message, date=date) in page_text(response)
    [same] = acts(database)
    assert same.file_id == act.file_id
    # Its other fields stay editable, and sending the same file again is no change.
    form = _edit_form(act, pdf_bytes(), title="Arrêté de circulation rue Haute (titre corrigé)")
    assert post_multipart(client, acts_url(commune, str(act.id)), form).status_code == 302
    [edited] = acts(database)
    assert edited.title.endswith("(titre corrigé)") and edited.file_id == act.file_id


def test_the_edit_screen_shows_the_publication_record(client, create_act, database, commune):
    data = pdf_bytes()
    create_act(data, publish=False)
    [act] = acts(database)
    text = page_text(client.get(acts_url(commune, str(act.id))))
    assert admin_text("Not online yet") in text
    assert sha256(data) in text and "arrete-2026-001.pdf" in text
    assert admin_text("Publish a corrected version") not in text
    with database.unit_of_work() as session:
        session.execute(
            update(MunicipalAct).values(online_since=datetime(2026, 11, 20, 9, 30, tzinfo=UTC))
        )
    text = page_text(client.get(acts_url(commune, str(act.id))))
    assert admin_text("Not online yet") not in text
    assert "2026" in text and admin_text("Publish a corrected version") in text
    assert f"acts/new?replaces={act.id}" in text


def test_a_new_act_is_signed_by_the_publication_director_as_mayor(
    client, login, publisher, commune, database
):
    with database.unit_of_work() as session:
        session.get(Commune, commune.id).publication_director = "Jeanne Martin"
    login(publisher.email)
    text = page_text(client.get(acts_url(commune, "new")))
    assert 'value="Jeanne Martin"' in text and 'value="Maire"' in text


def test_a_correction_replaces_the_act_and_both_stay_listed(
    client, create_act, database, commune, settings
):
    create_act(pdf_bytes(), number="2026-001")
    [old] = acts(database)
    form_page = client.get(acts_url(commune, f"new?replaces={old.id}"))
    assert form_page.status_code == 200
    assert f'name="replaces" type="hidden" value="{old.id}"' in form_page.get_data(as_text=True)
    correction = pdf_bytes().replace(b"595", b"596")
    response = create_act(correction, number="2026-002", replaces=str(old.id))
    assert response.status_code == 302
    old, new = acts(database)
    assert new.replaces_id == old.id
    listing = html.unescape(_live_page(settings, commune, "actes/index.html"))
    assert f"actes/{old.slug}/" in listing and f"actes/{new.slug}/" in listing
    old_page = html.unescape(_live_page(settings, commune, f"actes/{old.slug}/index.html"))
    assert site_text("Replaced by") in old_page
    assert re.search(rf'href="[./]*/actes/{new.slug}/"[^>]*>[^<]*2026-002', old_page)
    new_page = html.unescape(_live_page(settings, commune, f"actes/{new.slug}/index.html"))
    assert site_text("Replaces") in new_page
    assert re.search(rf'href="[./]*/actes/{old.slug}/"[^>]*>[^<]*2026-001', new_page)
    # An act is replaced once.
    again = create_act(correction, number="2026-003", slug="autre", replaces=str(old.id))
    assert again.status_code == 400
    message = admin_text("This act is already replaced by act %(number)s.", number="2026-002")
    assert message in page_text(again)
    assert len(acts(database)) == 2


def test_only_an_act_of_the_same_owner_can_be_corrected(
    client, login, publisher, commune, make_commune, database
):
    other = make_commune(slug="boulogne", name="Boulogne")
    with database.unit_of_work() as session:
        foreign = MunicipalAct(commune_id=other.id, kind="arrete", number="9", title="Autre",
                               slug="autre", act_date=datetime(2026, 1, 1).date())  # fmt: skip
        session.add(foreign)
    login(publisher.email)
    assert client.get(acts_url(commune, f"new?replaces={foreign.id}")).status_code == 404
    response = post_multipart(
        client,
        acts_url(commune, "new"),
        act_form(pdf_bytes(), title="Correction", replaces=str(foreign.id), save="1"),
    )
    assert response.status_code == 400
    assert admin_text("The act to correct was not found.") in page_text(response)
