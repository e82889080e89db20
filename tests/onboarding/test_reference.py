"""The shipped reference data: look-ups, errors, and equality with the maintainer script."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from app.config import PROJECT_ROOT
from app.onboarding.errors import OnboardingError
from app.reference import (
    DelegatedCommune,
    InvalidCode,
    UnknownCommune,
    UnknownEpci,
    epci_of_commune,
    find_commune,
    find_epci,
    reference_version,
)
from app.reference.catalog import DATA_DIR

REFERENCE_DIR = PROJECT_ROOT.parent / "shared" / "reference" / "decoupage-administratif-6.0.0"


def test_find_commune_returns_the_reference_fields():
    commune = find_commune("11076")
    assert (commune.name, commune.department) == ("Castelnaudary", "11")
    assert commune.postal_codes == ("11400",)
    assert commune.population == 12151


def test_corsican_codes_are_accepted_in_any_case():
    assert find_commune("2a004").insee == "2A004"


def test_a_code_shared_by_a_current_and_a_delegated_commune_is_the_current_one():
    assert find_commune("01015").name == "Arboys en Bugey"


@pytest.mark.parametrize(
    ("code", "parent"),
    [
        ("01039", "01138"),  # commune déléguée (Béon -> Culoz-Béon)
        ("01120", "01262"),  # commune associée (Cordieux -> Montluel)
        ("13201", "13055"),  # arrondissement municipal of Marseille
        ("14548", "14406"),  # former code of a merged commune
    ],
)
def test_a_code_that_is_no_longer_a_commune_names_the_commune_to_use(code, parent):
    with pytest.raises(DelegatedCommune) as raised:
        find_commune(code)
    assert raised.value.parent.insee == parent
    assert f"utilisez le code INSEE {parent}" in str(raised.value)


@pytest.mark.parametrize("code", ["1234", "123456", "2C001", "ABCDE", ""])
def test_malformed_insee_codes_are_explained(code):
    with pytest.raises(InvalidCode, match="n'est pas un code INSEE"):
        find_commune(code)


def test_unknown_commune_and_unknown_epci():
    with pytest.raises(UnknownCommune, match="99999"):
        find_commune("99999")
    with pytest.raises(UnknownEpci, match="123456789"):
        find_epci("123456789")
    with pytest.raises(InvalidCode, match="SIREN"):
        find_epci("20007264")


def test_reference_errors_are_onboarding_errors():
    with pytest.raises(OnboardingError):
        find_commune("99999")


def test_epci_look_ups():
    epci = find_epci("200072643")
    assert (epci.name, epci.kind, len(epci.members)) == (
        "CC Coeur et Coteaux du Comminges",
        "CC",
        104,
    )
    assert epci_of_commune("11076").siren == "200035855"
    assert epci_of_commune("29155") is None  # Ouessant belongs to no EPCI


def test_shipped_data_is_small_and_attributed():
    size = sum(path.stat().st_size for path in DATA_DIR.iterdir())
    assert size < 1_000_000
    attribution = (DATA_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "MIT License" in attribution and reference_version() in attribution


@pytest.mark.skipif(not REFERENCE_DIR.is_dir(), reason="the Etalab dataset is not beside the repo")
def test_regenerating_from_the_dataset_gives_the_shipped_files(tmp_path):
    script = PROJECT_ROOT / "scripts" / "regenerate_reference.py"
    subprocess.run(
        [sys.executable, str(script), str(REFERENCE_DIR), "--output", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("communes.json.gz", "epci.json.gz"):
        # Compare the JSON, not the gzip stream, which may differ between zlib versions.
        assert gzip.decompress((tmp_path / name).read_bytes()) == gzip.decompress(
            (DATA_DIR / name).read_bytes()
        ), f"{name} is stale: run scripts/regenerate_reference.py"
    assert (tmp_path / "ATTRIBUTION.md").read_bytes() == (DATA_DIR / "ATTRIBUTION.md").read_bytes()
