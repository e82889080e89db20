"""Every field of a commune record is checked against its type, range and column length."""

from __future__ import annotations

import pytest

from app.onboarding.errors import RecordError
from app.onboarding.records import read_record, record_path, write_record
from tests.onboarding.helpers import edit
from tests.onboarding.test_records import RECORD


@pytest.fixture
def written(settings):
    path = record_path(settings, RECORD.slug)
    assert write_record(path, RECORD, settings) is True
    return path


@pytest.mark.parametrize(
    ("old", "new", "message", "line_shows"),
    [
        ("population = 2003", "population = 100000000000000000000", "entre 0 et", "population"),
        ("population = 2003", "population = -5", "entre 0 et 10 000 000", "population"),
        ("population = 2003", "population = 20.5", "nombre entier", "population"),
        ("population = 2003", "population = true", "nombre entier", "population"),
        ('name = "L\'Isle-en-Dodon"', 'name = "' + "x" * 2_000_000 + '"', "200 au plus", "name"),
        ('name = "L\'Isle-en-Dodon"', 'name = "Isle\\u0000"', "caractère de contrôle", "name"),
        ('name = "L\'Isle-en-Dodon"', "name = 31", "texte entre guillemets", "name"),
        ('slug = "l-isle-en-dodon"', 'slug = "' + "a" * 5000 + '"', "80 au plus", "slug"),
        (
            '"l-isle-en-dodon.communes.localhost"',
            '"' + "a" * 300 + '.fr"',
            "253 au plus",
            "hostnames",
        ),
        (
            '"l-isle-en-dodon.communes.localhost"',
            ", ".join(f'"h{n}.example.fr"' for n in range(60)),
            "trop d'éléments",
            "hostnames",
        ),
        ('kind = "CC"', 'kind = "Communauté de communes"', "8 au plus", "kind"),
        ('phone = ""', 'phone = "' + "0" * 41 + '"', "40 au plus", "phone"),
        ('address = ""', 'address = "' + "rue " * 80 + '"', "300 au plus", "address"),
    ],
    ids=[
        "population-10e20",
        "population-negative",
        "population-float",
        "population-bool",
        "name-2MB",
        "name-NUL",
        "name-number",
        "slug-long",
        "hostname-long",
        "hostnames-many",
        "epci-kind-long",
        "phone-long",
        "address-long",
    ],
)
def test_a_bad_field_names_the_file_the_line_and_the_limit(
    settings, written, old, new, message, line_shows
) -> None:
    edit(written, old, new)
    with pytest.raises(RecordError, match=message) as raised:
        read_record(written, settings)
    lines = written.read_text(encoding="utf-8").splitlines()
    assert line_shows in lines[raised.value.line - 1]
    assert str(raised.value).startswith(f"{written.name}, ligne {raised.value.line} : ")
    assert len(str(raised.value)) < 300  # one sentence, not the 2 MB value


def test_sync_of_a_record_with_a_huge_population_exits_2(bastide, settings) -> None:
    path = record_path(settings, RECORD.slug)
    write_record(path, RECORD, settings)
    edit(path, "population = 2003", "population = 100000000000000000000")
    result = bastide("sync")
    assert result.exit_code == 2
    assert "population" in result.output and "Traceback" not in result.output
