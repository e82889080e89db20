"""Reference data of French communes and intercommunalities (Etalab, MIT licence)."""

from app.reference.catalog import (
    DelegatedCommune,
    InvalidCode,
    ReferenceCommune,
    ReferenceDataError,
    ReferenceEpci,
    UnknownCommune,
    UnknownEpci,
    epci_of_commune,
    find_commune,
    find_epci,
    normalize_insee,
    normalize_siren,
    reference_version,
)

__all__ = [
    "DelegatedCommune",
    "InvalidCode",
    "ReferenceCommune",
    "ReferenceDataError",
    "ReferenceEpci",
    "UnknownCommune",
    "UnknownEpci",
    "epci_of_commune",
    "find_commune",
    "find_epci",
    "normalize_insee",
    "normalize_siren",
    "reference_version",
]
