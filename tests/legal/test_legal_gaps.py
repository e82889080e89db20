"""The required values the legal pages miss: the same list from a built site's content and
from a database row, shown on the site and flagged in the platform's communes list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from publishing_samples import site_content
from sqlalchemy import event

from app.models import Intercommunality
from app.publishing.content import HostContent, LegalContent
from app.publishing.legal_gaps import legal_gaps, missing_values

HOST = HostContent(
    "SIVU du Comminges", "12 rue des Serveurs, 31800 Saint-Gaudens", "05 61 00 11 22"
)
COMPLETE_LEGAL = LegalContent(
    director_capacity="Maire",
    dpo_name="Claire Martin",
    dpo_email="dpd@aurignac.example",
    accessibility_declared_on=date(2026, 3, 15),
)
COMPLETE_ROW = {
    "town_hall_address": "1 place de la Mairie\n31420 Aurignac",
    "town_hall_phone": "05 61 98 90 08",
    "publication_director": "Jeanne Dupont",
    "director_capacity": "Maire",
    "dpo_name": "Claire Martin",
    "dpo_address": "CDG 31, 31000 Toulouse",
    "accessibility_declared_on": date(2026, 3, 15),
}


def test_a_complete_site_misses_nothing() -> None:
    assert legal_gaps(site_content(legal=COMPLETE_LEGAL, host=HOST)) == []


@pytest.mark.parametrize(
    ("change", "label"),
    [
        ({"town_hall_address": ""}, "adresse postale de la mairie"),
        ({"town_hall_phone": "  "}, "téléphone de la mairie"),
        ({"publication_director": ""}, "nom du directeur de la publication"),
        ({"legal": replace(COMPLETE_LEGAL, director_capacity="")}, "qualité du directeur"),
        ({"legal": replace(COMPLETE_LEGAL, dpo_name="")}, "nom du délégué à la protection"),
        ({"legal": replace(COMPLETE_LEGAL, dpo_email="")}, "courriel ou adresse du délégué"),
        ({"host": replace(HOST, name="")}, "nom de l'hébergeur (réglage de la plateforme)"),
        ({"host": replace(HOST, address="")}, "adresse de l'hébergeur"),
        ({"host": replace(HOST, phone="")}, "téléphone de l'hébergeur"),
        ({"legal": replace(COMPLETE_LEGAL, accessibility_declared_on=None)}, "date de la décl"),
    ],
)
def test_each_missing_value_is_named(change, label) -> None:
    gaps = legal_gaps(site_content(**{"legal": COMPLETE_LEGAL, "host": HOST, **change}))
    assert len(gaps) == 1 and gaps[0].startswith(label)


def test_the_accessibility_contact_is_missing_only_without_any_way_to_write() -> None:
    bare = {"town_hall_address": "", "town_hall_email": "", "legal": COMPLETE_LEGAL}
    assert "accessibility_contact" in missing_values(site_content(**bare))
    with_form = replace(COMPLETE_LEGAL, accessibility_contact_url="https://x.example/contact")
    assert "accessibility_contact" not in missing_values(
        site_content(**{**bare, "legal": with_form})
    )
    assert "accessibility_contact" not in missing_values(
        site_content(**{**bare, "town_hall_email": "mairie@x.example"})
    )


def test_an_intercommunality_is_told_about_its_seat() -> None:
    site = site_content(siren="200072643", town_hall_address="", legal=COMPLETE_LEGAL, host=HOST)
    assert legal_gaps(site) == ["adresse postale du siège"]


def test_a_row_and_its_site_content_miss_the_same_values(make_commune) -> None:
    commune = make_commune(publication_director="Jeanne Dupont", town_hall_phone="05 61 98 90 08")
    content = site_content(
        town_hall_address="",
        town_hall_email="",
        legal=LegalContent(content_licence="Licence Ouverte"),
    )
    assert legal_gaps(commune, HOST) == legal_gaps(replace(content, host=HOST))
    assert "adresse postale de la mairie" in legal_gaps(commune, HOST)


def test_the_communes_list_flags_incomplete_legal_notices_in_one_query(
    app, client, login, make_user, make_commune, database
) -> None:
    make_commune(slug="aurignac", name="Aurignac")
    make_commune(slug="boussan", name="Boussan", **COMPLETE_ROW)
    with database.unit_of_work() as session:
        session.add(Intercommunality(siren="200072643", slug="cc-comminges", name="CC", kind="CC"))
    make_user("it@bastide.test", admin=True)
    login("it@bastide.test")
    settings = app.config["BASTIDE_SETTINGS"]
    app.config["BASTIDE_SETTINGS"] = replace(
        settings, host_name=HOST.name, host_address=HOST.address, host_phone=HOST.phone
    )
    statements: list[str] = []
    engine = database.engine
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        html = client.get("/admin/platform/communes").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    rows = {row.split("</tr>")[0] for row in html.split("<tr>")[1:]}
    aurignac = next(row for row in rows if ">Aurignac<" in row)
    boussan = next(row for row in rows if ">Boussan<" in row)
    assert "mentions incomplètes" in aurignac
    assert "adresse postale de la mairie" in aurignac and "nom du délégué" in aurignac
    assert "mentions incomplètes" not in boussan and "complètes" in boussan
    epci = html.split("SIREN 200072643")[1].split("</li>")[0]
    assert "mentions incomplètes" in epci and "adresse postale du siège" in epci
    # No query per commune: adding communes adds none.
    make_commune(slug="cassagne", name="Cassagne")
    count = len(statements)
    statements.clear()
    event.listen(engine, "before_cursor_execute", listen)
    try:
        client.get("/admin/platform/communes")
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert len(statements) == count
