"""The record file: slugs, stable and atomic writing, and messages for broken hand edits."""

from __future__ import annotations

import dataclasses
import os

import pytest

from app.models import AccessibilityStatus
from app.onboarding.errors import RecordError
from app.onboarding.records import read_record, record_path, to_toml, write_record
from app.onboarding.schema import CommuneRecord
from app.text import slugify

from .helpers import edit

RECORD = CommuneRecord(
    insee="31239",
    slug="l-isle-en-dodon",
    name="L'Isle-en-Dodon",
    department="31",
    postal_codes=("31230",),
    population=2003,
    epci_siren="200072643",
    epci_name="CC Coeur et Coteaux du Comminges",
    epci_kind="CC",
    hostnames=("l-isle-en-dodon.communes.localhost",),
    town_hall_email="mairie@example.org",
    accessibility_status=AccessibilityStatus.PARTIELLEMENT,
)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Saint-Gaudens", "saint-gaudens"),
        ("Castelnaudary", "castelnaudary"),
        ("L'Isle-en-Dodon", "l-isle-en-dodon"),
        ("Œuilly", "oeuilly"),
        ("Îles Éparses de l'océan Indien", "iles-eparses-de-l-ocean-indien"),
        ("Saint-Étienne-de-Tulmont (Tarn)", "saint-etienne-de-tulmont-tarn"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


@pytest.fixture
def written(settings):
    path = record_path(settings, RECORD.slug)
    assert write_record(path, RECORD, settings) is True
    return path


def test_a_written_record_reads_back_equal(settings, written):
    assert read_record(written, settings) == RECORD
    text = written.read_text(encoding="utf-8")
    assert "[town_hall]" in text and "[legal]" in text and "[epci]" in text


def test_writing_the_same_record_again_leaves_the_file_alone(settings, written):
    os.utime(written, ns=(10**18, 10**18))
    before = written.stat()
    assert write_record(written, RECORD, settings) is False
    after = written.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_hand_written_comments_survive_an_unchanged_write(settings, written):
    edit(written, 'theme = "bastide"', 'theme = "bastide"  # choisi par la mairie')
    write_record(written, RECORD, settings)
    assert "# choisi par la mairie" in written.read_text(encoding="utf-8")


def test_a_changed_record_is_replaced_atomically(settings, written):
    changed = dataclasses.replace(RECORD, town_hall_phone="05 61 00 00 00")
    assert write_record(written, changed, settings) is True
    assert read_record(written, settings) == changed
    assert [p.name for p in settings.communes_dir.iterdir()] == [written.name]  # no temp file left


def test_serialisation_is_stable():
    assert to_toml(RECORD) == to_toml(dataclasses.replace(RECORD))


def test_a_toml_syntax_error_names_the_file_and_the_line(settings, written):
    edit(written, 'phone = ""', 'phone = "05 61')
    with pytest.raises(RecordError) as raised:
        read_record(written, settings)
    line = next(n for n, text in enumerate(written.read_text().splitlines(), 1) if "05 61" in text)
    assert raised.value.line == line
    assert f"l-isle-en-dodon.toml, ligne {line}" in str(raised.value)


@pytest.mark.parametrize(
    ("old", "new", "message", "line_shows"),
    [
        (
            'accessibility_status = "partiellement"',
            'accessibility_status = "oui"',
            "non, partiellement, totalement",
            "accessibility_status",
        ),
        ('theme = "bastide"', 'theme = "inconnu"', "le thème « inconnu » n'existe pas", "theme"),
        ('slug = "l-isle-en-dodon"', 'slug = "L_Isle"', "« L_Isle » est invalide", "slug"),
        ('slug = "l-isle-en-dodon"', 'slug = "isle"', "devrait s'appeler isle.toml", "slug"),
        ('insee = "31239"', 'insee = "3123"', "n'est pas un code INSEE", "insee"),
        ('insee = "31239"', "", "la clé obligatoire « insee » manque", None),
        ("population = 2003", 'population = "2003"', "nombre entier", "population"),
        ('"l-isle-en-dodon.communes.localhost"', '"Mairie Isle.fr"', "nom d'hôte", "hostnames"),
        ('theme = "bastide"', 'theme = "bastide"\nhostname = "x"', "clé inconnue", "hostname ="),
        ('email = "mairie@example.org"', 'email = "mairie"', "adresse électronique", "email"),
    ],
)
def test_invalid_values_are_reported_with_their_line(
    settings, written, old, new, message, line_shows
):
    edit(written, old, new)
    with pytest.raises(RecordError, match=message) as raised:
        read_record(written, settings)
    assert raised.value.path == written
    if line_shows is None:
        assert raised.value.line is None
    else:
        lines = written.read_text(encoding="utf-8").splitlines()
        assert line_shows in lines[raised.value.line - 1]
        assert f"ligne {raised.value.line} :" in str(raised.value)
