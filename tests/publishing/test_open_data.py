"""The directory as open data: a CSV that follows the SCDL « équipements » schema field by
field, and a JSON file with every field, both under the Licence Ouverte."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from publishing_samples import site_content

from app.publishing.content import EntryContent
from app.publishing.open_data import (
    directory_csv,
    directory_json,
    open_data_files,
    split_street,
)

SCHEMA = json.loads((Path(__file__).parent / "scdl_equipements_fields.json").read_text("utf-8"))
FIELDS = {field["name"]: field for field in SCHEMA["fields"]}
# Unknown to Bastide, left empty rather than made up (the first three are required).
UNKNOWN_TO_BASTIDE = {
    "COLL_SIRET", "EQUIP_UID", "EQUIP_CODE", "ADR_CLE_INTEROP", "ERP_ID", "ERP_TYPE",
    "ERP_CATEGORIE",
}  # fmt: skip
E164 = re.compile(r"\+[1-9]\d{6,14}")
PUBLISHED = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
GENERATED = datetime(2025, 3, 1, 6, 0, tzinfo=UTC)

TOWN_HALL = EntryContent(
    slug="mairie",
    name="Mairie d’Aurignac",
    category="mairie",
    published_at=PUBLISHED,
    summary="Accueil, état civil, urbanisme",
    body="Le secrétariat vous reçoit.\n\nSur rendez-vous le samedi.",
    street="1 bis, place de l’Œuvre",
    postal_code="31420",
    town="Aurignac",
    phones=("+33561989008", "+33612345678"),
    email="mairie@aurignac.example",
    website="https://www.aurignac.example/",
    hours="Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
    latitude=43.2167,
    longitude=0.00005,
    accessibility="Accès de plain-pied",
    last_checked_on=date(2025, 1, 31),
    is_town_hall=True,
)
SCHOOL = EntryContent(
    slug="ecole",
    name='École « Les Tilleuls », dite "la petite"',
    category="ecoles",
    published_at=PUBLISHED,
    street="Chemin du Bourg",
    town="L'Isle-en-Dodon",
    phones=("+442071234567890",),  # too long for EQUIP_TEL: only in the JSON file
)
DOCTOR = EntryContent(
    slug="cabinet-medical",
    name="Cabinet médical",
    category="sante",
    published_at=PUBLISHED,
    provided_by="Cœur et Coteaux du Comminges",
)
SITE = site_content(entries=(SCHOOL, DOCTOR, TOWN_HALL))


def csv_rows(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def schema_problems(name: str, value: str) -> list[str]:
    """What the schema says is wrong with a non-empty value of field ``name``."""
    field, problems = FIELDS[name], []
    if field["type"] == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            return ["not an integer"]
        number = int(value)
        if not field.get("minimum", number) <= number <= field.get("maximum", number):
            problems.append("out of bounds")
    if field["type"] == "number" and not re.fullmatch(r"[+-]?\d+(\.\d+)?", value):
        problems.append("not a number with a decimal point")
    if "pattern" in field and not re.fullmatch(field["pattern"], value):
        problems.append(f"does not match {field['pattern']}")
    if len(value) < field.get("minLength", 0) or len(value) > field.get("maxLength", len(value)):
        problems.append("wrong length")
    if "enum" in field and value not in field["enum"]:
        problems.append("not in the list")
    if field.get("format") == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        problems.append("not an e-mail address")
    if field.get("format") == "uri":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append("not a URI")
    return problems


def test_the_csv_has_the_schema_columns_in_order_in_its_dialect():
    dialect = SCHEMA["dialect"]
    text = directory_csv(SITE).decode(dialect["encoding"])
    assert not text.startswith("\ufeff")
    lines = text.split(dialect["lineTerminator"])
    assert lines[0].split(dialect["delimiter"]) == [field["name"] for field in SCHEMA["fields"]]
    assert len(lines) == 1 + len(SITE.entries) + 1 and lines[-1] == ""
    assert not any("\r" in line or "\n" in line for line in lines)


def test_every_value_matches_the_schema_field_types_and_constraints():
    _, rows = csv_rows(directory_csv(SITE))
    assert len(rows) == 3
    problems = {
        (row["EQUIP_NOM"], name): schema_problems(name, value)
        for row in rows
        for name, value in row.items()
        if value
    }
    assert {key: found for key, found in problems.items() if found} == {}
    for row in rows:
        assert [name for name in UNKNOWN_TO_BASTIDE if row[name]] == []
        assert row["COLL_NOM"] == "Aurignac" and row["EQUIP_THEME"] and row["EQUIP_TYPE"]
        assert row["EQUIP_TEL"] == "" or E164.fullmatch(row["EQUIP_TEL"])


def test_an_entry_with_every_field_fills_every_column_bastide_knows():
    _, rows = csv_rows(directory_csv(SITE))
    town_hall = rows[0]  # the town hall comes first, then by name
    assert [name for name in FIELDS if name not in UNKNOWN_TO_BASTIDE and not town_hall[name]] == []
    assert town_hall == town_hall | {
        "EQUIP_THEME": "Equipement administratif",
        "EQUIP_TYPE": "Mairie",
        "EQUIP_NOM": "Mairie d’Aurignac",
        "ADR_NUMERO": "1 bis",
        "ADR_NOMVOIE": "place de l'OEuvre",
        "ADR_CODEPOSTAL": "31420",
        "ADR_COMMUNE": "Aurignac",
        "EQUIP_LAT": "43.2167",
        "EQUIP_LONG": "0.00005",
        "EQUIP_OUVERTURE": "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
        "EQUIP_TEL": "+33561989008",
        "EQUIP_EMAIL": "mairie@aurignac.example",
        "EQUIP_WEB": "https://www.aurignac.example/",
    }
    assert [row["EQUIP_NOM"] for row in rows] == [TOWN_HALL.name, DOCTOR.name, SCHOOL.name]


def test_quotes_commas_and_names_survive_the_csv():
    _, rows = csv_rows(directory_csv(SITE))
    school = rows[2]
    assert school["EQUIP_NOM"] == SCHOOL.name
    assert (school["ADR_NUMERO"], school["ADR_NOMVOIE"]) == ("99999", "Chemin du Bourg")
    assert school["ADR_COMMUNE"] == "L Isle-en-Dodon"  # the schema's pattern has no apostrophe
    assert school["EQUIP_TEL"] == ""
    assert school["EQUIP_THEME"] == "Equipement d'enseignement"
    assert b'"' + SCHOOL.name.replace('"', '""').encode() + b'"' in directory_csv(SITE)


@pytest.mark.parametrize(
    ("street", "number", "rest"),
    [
        ("12 bis, rue de la Paix", "12 bis", "rue de la Paix"),
        ("12bis rue de la Paix", "12 bis", "rue de la Paix"),
        ("36/38 avenue Ardouin", "36/38", "avenue Ardouin"),
        ("7 B rue Haute", "7 b", "rue Haute"),
        ("3 quater allée des Pins", "3 qua", "allée des Pins"),
        ("3 allée des Pins", "3", "allée des Pins"),
        ("Lieu-dit Le Bourg", "99999", "Lieu-dit Le Bourg"),
        ("", "", ""),
    ],
)
def test_the_street_is_split_into_number_and_name(street, number, rest):
    assert split_street(street) == (number, rest)


def test_the_json_file_has_every_field_and_the_licence():
    document = json.loads(directory_json(SITE, generated_at=GENERATED))
    assert document["licence"] == "Licence Ouverte 2.0"
    assert document["licence_url"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert document["producteur"] == {
        "nom": "Aurignac",
        "code_insee": "31028",
        "site_web": "http://127.0.0.1:8000/aurignac/",
    }
    assert document["genere_le"] == "2025-03-01T07:00:00+01:00"
    town_hall, doctor, school = document["fiches"]
    assert town_hall == town_hall | {
        "slug": "mairie",
        "url": "http://127.0.0.1:8000/aurignac/annuaire/mairie/",
        "nom": TOWN_HALL.name,
        "categorie": "mairie",
        "description": TOWN_HALL.summary,
        "texte": TOWN_HALL.body,
        "adresse": TOWN_HALL.street,
        "code_postal": "31420",
        "commune": "Aurignac",
        "telephones": ["+33561989008", "+33612345678"],
        "courriel": TOWN_HALL.email,
        "site_web": TOWN_HALL.website,
        "horaires": TOWN_HALL.hours,
        "latitude": 43.2167,
        "longitude": 0.00005,
        "accessibilite": TOWN_HALL.accessibility,
        "verifie_le": "2025-01-31",
        "mairie": True,
        "fournie_par": None,
        "publiee_le": "2024-05-01T10:30:00+02:00",
    }
    assert town_hall["categorie_libelle"]
    assert school["telephones"] == ["+442071234567890"] and school["latitude"] is None
    assert doctor["fournie_par"] == "Cœur et Coteaux du Comminges"
    assert doctor["verifie_le"] is None


def test_a_commune_without_entries_publishes_a_header_and_no_entry():
    empty = replace(SITE, entries=())
    files = open_data_files(empty, generated_at=GENERATED)
    assert set(files) == {"donnees/annuaire.csv", "donnees/annuaire.json"}
    header = ",".join(field["name"] for field in SCHEMA["fields"])
    assert files["donnees/annuaire.csv"] == f"{header}\r\n".encode()
    assert json.loads(files["donnees/annuaire.json"])["fiches"] == []


def test_the_files_are_the_same_for_the_same_content():
    assert open_data_files(SITE, generated_at=GENERATED) == open_data_files(
        replace(SITE, entries=tuple(reversed(SITE.entries))), generated_at=GENERATED
    )
