"""Look-ups in the shipped reference data: communes by INSEE code, EPCI by SIREN.

The data (``data/*.json.gz``, see ``data/ATTRIBUTION.md``) is read on first use and kept
in memory: about 0.2 s and a few MiB, paid only by the commands that onboard communes.
Error names say what happened (``UnknownCommune``), hence the N818 waivers.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.onboarding.errors import OnboardingError

DATA_DIR = Path(__file__).with_name("data")
INSEE_PATTERN = re.compile(r"^(?:\d{2}|2[AB])\d{3}$")
SIREN_PATTERN = re.compile(r"^\d{9}$")
CURRENT = "commune-actuelle"
FORMER = "ancien-code"
KIND_LABELS = {
    "commune-deleguee": ("d'une commune déléguée", "rattachée à"),
    "commune-associee": ("d'une commune associée", "rattachée à"),
    "arrondissement-municipal": ("d'un arrondissement municipal", "de"),
    FORMER: ("d'une ancienne commune", "fusionnée dans"),
}


class ReferenceDataError(OnboardingError):
    """A code that does not designate what was asked for (message in French, for people).

    Reference data only serves onboarding, so its errors are onboarding errors: callers
    catch ``OnboardingError`` once and still see the precise type.
    """


class InvalidCode(ReferenceDataError):
    """The code does not have the format of an INSEE code or of a SIREN."""


class UnknownCommune(ReferenceDataError):
    """No commune has this INSEE code."""


class DelegatedCommune(ReferenceDataError):
    """The code no longer designates a commune of its own (delegated, associated, merged
    commune or municipal arrondissement); ``parent`` is the commune it belongs to."""

    def __init__(self, message: str, parent: ReferenceCommune | None = None):
        super().__init__(message)
        self.parent = parent


class UnknownEpci(ReferenceDataError):
    """No EPCI has this SIREN."""


@dataclass(frozen=True)
class ReferenceCommune:
    """A current commune as the reference data describes it."""

    insee: str
    name: str
    department: str
    postal_codes: tuple[str, ...]
    population: int | None


@dataclass(frozen=True)
class ReferenceEpci:
    """An intercommunality (EPCI with its own tax system) and its member communes."""

    siren: str
    name: str
    kind: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class _Catalog:
    """Raw records indexed by code; objects are built on look-up (35,000 dataclasses
    would cost more than the JSON decoding itself)."""

    version: str
    communes: dict[str, dict]
    # Codes that are not current communes: code -> (kind, parent INSEE or "").
    others: dict[str, tuple[str, str]]
    epcis: dict[str, dict]
    epci_of: dict[str, str]

    def commune(self, insee: str) -> ReferenceCommune | None:
        raw = self.communes.get(insee)
        if raw is None:
            return None
        return ReferenceCommune(
            insee=raw["code"],
            name=raw["nom"],
            department=raw["departement"],
            postal_codes=tuple(raw.get("codesPostaux", ())),
            population=raw.get("population"),
        )

    def epci(self, siren: str) -> ReferenceEpci | None:
        raw = self.epcis.get(siren)
        if raw is None:
            return None
        return ReferenceEpci(raw["code"], raw["nom"], raw["type"], tuple(raw["membres"]))


def _read(name: str) -> dict:
    with gzip.open(DATA_DIR / name, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _catalog() -> _Catalog:
    data = _read("communes.json.gz")
    communes: dict[str, dict] = {}
    others: dict[str, tuple[str, str]] = {}
    for raw in data["communes"]:
        if raw["type"] == CURRENT:
            communes[raw["code"]] = raw
            for former in raw.get("anciensCodes", ()):
                others.setdefault(former, (FORMER, raw["code"]))
        else:
            others[raw["code"]] = (raw["type"], raw.get("chefLieu") or raw.get("commune") or "")
    epcis = {raw["code"]: raw for raw in _read("epci.json.gz")["epci"]}
    epci_of = {insee: siren for siren, raw in epcis.items() for insee in raw["membres"]}
    return _Catalog(data["version"], communes, others, epcis, epci_of)


def reference_version() -> str:
    """Version of the Etalab dataset the shipped data was derived from."""
    return _catalog().version


def normalize_insee(insee: str) -> str:
    """Return the INSEE code upper-cased, or raise ``InvalidCode`` if it is malformed."""
    code = insee.strip().upper()
    if not INSEE_PATTERN.match(code):
        raise InvalidCode(
            f"« {insee} » n'est pas un code INSEE : il faut 5 caractères, des chiffres "
            "(2A ou 2B en tête pour la Corse), par exemple 11076."
        )
    return code


def normalize_siren(siren: str) -> str:
    """Return the SIREN without spaces, or raise ``InvalidCode`` if it is malformed."""
    code = siren.replace(" ", "").strip()
    if not SIREN_PATTERN.match(code):
        raise InvalidCode(
            f"« {siren} » n'est pas un numéro SIREN : il faut 9 chiffres, par exemple 200072643."
        )
    return code


def find_commune(insee: str) -> ReferenceCommune:
    """The current commune with this INSEE code (raises a ``ReferenceDataError`` otherwise)."""
    code = normalize_insee(insee)
    catalog = _catalog()
    commune = catalog.commune(code)  # found too when a delegated commune shares the code
    if commune is not None:
        return commune
    if code in catalog.others:
        kind, parent_code = catalog.others[code]
        raise _delegated(code, kind, catalog.commune(parent_code))
    raise UnknownCommune(
        f"aucune commune n'a le code INSEE {code} (données de référence {catalog.version})."
    )


def _delegated(code: str, kind: str, parent: ReferenceCommune | None) -> DelegatedCommune:
    what, link = KIND_LABELS.get(kind, (f"d'une entité de type {kind}", "rattachée à"))
    if parent is None:
        return DelegatedCommune(
            f"le code INSEE {code} est celui {what}, qui n'est plus une commune à part entière."
        )
    return DelegatedCommune(
        f"le code INSEE {code} est celui {what} {link} {parent.name} : "
        f"utilisez le code INSEE {parent.insee}.",
        parent,
    )


def find_epci(siren: str) -> ReferenceEpci:
    """The EPCI with this SIREN (raises a ``ReferenceDataError`` otherwise)."""
    code = normalize_siren(siren)
    catalog = _catalog()
    epci = catalog.epci(code)
    if epci is None:
        raise UnknownEpci(
            f"aucune intercommunalité (EPCI) n'a le numéro SIREN {code} "
            f"(données de référence {catalog.version})."
        )
    return epci


def epci_of_commune(insee: str) -> ReferenceEpci | None:
    """The EPCI a current commune belongs to, or None (a few islands belong to none)."""
    commune = find_commune(insee)
    catalog = _catalog()
    return catalog.epci(catalog.epci_of.get(commune.insee, ""))
