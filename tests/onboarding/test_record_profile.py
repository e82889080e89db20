"""The identity, legal and accessibility tables of a record: written, read back, checked."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from app.onboarding.errors import RecordError
from app.onboarding.profile_fields import PROFILE_FIELDS, default_profile
from app.onboarding.records import read_record, record_path, write_record

from .helpers import edit
from .test_records import RECORD

FILLED = dataclasses.replace(
    RECORD,
    publication_director="Marie Dupont",
    profile=default_profile()
    | {
        "display_name": "L'Isle-en-Dodon, bastide du Comminges",
        "main_color": "#7a2e1f",
        "header_photo_credit": "Photo : J. Martin",
        "director_capacity": "Maire",
        "dpo_name": "Centre de gestion de la Haute-Garonne",
        "dpo_email": "dpd@cdg31.example",
        "dpo_address": "590 rue Buissonnière, 31670 Labège",
        "accessibility_audit_date": date(2026, 3, 15),
        "accessibility_audit_rate": 72.5,
        "accessibility_auditor": "Cabinet Exemple",
        "accessibility_declared_on": date(2026, 4, 1),
        "accessibility_non_compliant": "Les PDF anciens ne sont pas balisés.",
        "accessibility_contact_url": "https://www.example.org/contact",
    },
)


@pytest.fixture
def written(settings):
    path = record_path(settings, FILLED.slug)
    write_record(path, FILLED, settings)
    return path


def test_every_profile_value_is_written_in_its_table_and_read_back(settings, written):
    assert read_record(written, settings) == FILLED
    text = written.read_text(encoding="utf-8")
    for table in ("[identity]", "[legal]", "[accessibility]"):
        assert table in text
    assert 'dpo_email = "dpd@cdg31.example"' in text
    assert "audit_date = 2026-03-15" in text  # a TOML date, not a string


def test_a_record_without_the_new_tables_reads_with_defaults(settings):
    path = record_path(settings, RECORD.slug)
    write_record(path, RECORD, settings)
    assert "[identity]" not in path.read_text(encoding="utf-8")
    assert read_record(path, settings).profile == default_profile()


def test_every_field_has_a_distinct_place_in_the_file():
    places = [(f.table, f.key) for f in PROFILE_FIELDS]
    assert len(places) == len(set(places))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('main_color = "#7a2e1f"', 'main_color = "rouge"', "n'est pas valide"),
        ('dpo_email = "dpd@cdg31.example"', 'dpo_email = "dpd"', "n'est pas valide"),
        ("audit_rate = 72.5", "audit_rate = 140", "pourcentage entre 0 et 100"),
        ("audit_date = 2026-03-15", 'audit_date = "hier"', "doit être une date"),
        ("[identity]", '[identity]\nlogo = "blason.png"', "numéro d'un fichier"),
        ("[identity]", '[identity]\nslogan = "x"', "clé inconnue « slogan »"),
        (
            'auditor = "Cabinet Exemple"',
            'auditor = "' + "x" * 201 + '"',
            "trop long",
        ),
    ],
)
def test_bad_profile_values_name_the_key_and_its_line(settings, written, old, new, message):
    edit(written, old, new)
    with pytest.raises(RecordError, match=message) as raised:
        read_record(written, settings)
    assert raised.value.line is not None
    assert f"ligne {raised.value.line} :" in str(raised.value)
