"""Onboarding services shared by the command line and the web admin.

Reference data -> ``CommuneRecord`` -> database rows + ``communes/<slug>.toml``.
Services only flush; the caller's unit of work is the one commit point.

Record files are written by an ``on_commit`` callback: nothing reaches the disk when the
transaction rolls back. The opposite order (write, then delete on failure) could leave a
file behind if the process died between the two steps; with this order the worst case is
a committed row whose file write failed, which re-running ``bastide onboard`` repairs
(the record is rebuilt from the row) and ``bastide sync`` reports.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.builds.services import last_publication, request_build
from app.config import Settings
from app.db import on_commit
from app.directory.services import ensure_town_hall
from app.models import Commune
from app.onboarding import naming
from app.onboarding.errors import OnboardingError, RecordError, RecordsInvalid
from app.onboarding.records import (
    read_record,
    record_files,
    record_path,
    records_by_insee,
    write_record,
)
from app.onboarding.rows import (
    Applied,
    Outcome,
    apply_record,
    audit_commune,
    commune_by_insee,
    record_from_row,
    upsert_intercommunality,
)
from app.onboarding.schema import (
    CommuneRecord,
    validate_hostname,
    validate_slug,
    validate_theme,
)
from app.reference import ReferenceCommune, epci_of_commune, find_commune, find_epci

DEFAULT_THEME = "bastide"
__all__ = [
    "OnboardResult",
    "OnboardingError",
    "Outcome",
    "SyncReport",
    "onboard_commune",
    "onboard_epci",
    "prepare_commune",
    "sync_records",
]


@dataclass(frozen=True)
class OnboardResult:
    """What onboarding did to one commune."""

    record: CommuneRecord
    outcome: Outcome
    path: Path
    changes: tuple[str, ...] = ()


@dataclass
class SyncReport:
    """What ``sync_records`` did, commune slugs by outcome."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    without_record: list[str] = field(default_factory=list)  # rows with no record file


def prepare_commune(
    session: Session,
    settings: Settings,
    insee: str,
    slug: str | None = None,
    theme: str | None = None,
    hostname: str | None = None,
    *,
    index: dict[str, Path] | None = None,
) -> CommuneRecord:
    """Build and validate the record of a commune; writes nothing.

    An onboarded commune keeps its record (slug, host names, theme, town hall, legal
    information); only the fields that come from the reference data are refreshed, so
    re-running changes nothing unless the reference data did. ``index`` (INSEE -> record
    file) saves a directory scan per commune when onboarding a whole EPCI.
    """
    reference = find_commune(insee)
    existing = _existing_record(session, settings, reference.insee, index)
    record = _from_reference(existing, reference) if existing else None
    if record is None:
        new_slug = slug or naming.default_slug(session, settings, reference)
        record = CommuneRecord(
            insee=reference.insee,
            slug=new_slug,
            name=reference.name,
            department=reference.department,
            hostnames=(naming.default_hostname(new_slug, settings),),
            theme=DEFAULT_THEME,
        )
        record = _from_reference(record, reference)
    if slug and slug != record.slug:
        record = naming.renamed(record, slug, settings)
    if slug:
        naming.ensure_slug_free(session, settings, validate_slug(slug), reference.insee)
    if hostname:
        host = validate_hostname(hostname.strip().lower().rstrip("."))
        others = tuple(name for name in record.hostnames if name != host)
        record = dataclasses.replace(record, hostnames=(host, *others))
    if theme:
        record = dataclasses.replace(record, theme=theme)
    validate_theme(record.theme, settings)
    for host in record.hostnames:
        naming.ensure_hostname_free(session, host, reference.insee)
    return record


def onboard_commune(
    session: Session, settings: Settings, record: CommuneRecord, actor: str
) -> OnboardResult:
    """Upsert the EPCI and Commune rows, write the record file on commit, audit changes."""
    applied = apply_record(session, record, actor)
    _follow_record_change(session, settings, applied)
    ensure_town_hall(session, applied.commune)
    path = record_path(settings, record.slug)
    file_changed = _file_differs(path, record, settings)
    renamed_from = (
        record_path(settings, applied.previous_slug)
        if applied.previous_slug and applied.previous_slug != record.slug
        else None
    )
    if file_changed or renamed_from:
        on_commit(session, lambda: _write_file(path, record, settings, renamed_from))
    outcome = applied.outcome
    if outcome is Outcome.UNCHANGED and file_changed:
        outcome = Outcome.UPDATED
    if outcome is not Outcome.UNCHANGED:
        details = {"record_file": path.name, "record_written": file_changed}
        audit_commune(session, dataclasses.replace(applied, outcome=outcome), actor, **details)
    return OnboardResult(record, outcome, path, applied.changes)


def _follow_record_change(session: Session, settings: Settings, applied: Applied) -> None:
    """A changed record changes the site: move its folder on a rename, rebuild it."""
    if applied.outcome is not Outcome.UPDATED:
        return
    commune = applied.commune
    if applied.previous_slug and applied.previous_slug != commune.slug:
        old, new = settings.sites_dir / applied.previous_slug, settings.sites_dir / commune.slug
        on_commit(session, partial(_move_site_folder, old, new))
    if last_publication(session, commune) is not None:
        request_build(session, commune, reason="fiche de la commune modifiée")


def _move_site_folder(old: Path, new: Path) -> None:
    """Serve the renamed commune's site under its new slug only (the live link is relative)."""
    if old.exists() and not new.exists():
        old.rename(new)


def onboard_epci(
    session: Session,
    settings: Settings,
    siren: str,
    actor: str,
    progress: Callable[[OnboardResult], None] | None = None,
) -> list[OnboardResult]:
    """Onboard the EPCI row and every member commune; ``progress`` is called per commune."""
    epci = find_epci(siren)
    row = upsert_intercommunality(session, epci.siren, epci.name, epci.kind, actor)
    if not row.hostnames:
        row.hostnames = [naming.default_hostname(row.slug, settings)]
    index = records_by_insee(settings)
    results = []
    for insee in epci.members:
        record = prepare_commune(session, settings, insee, index=index)
        result = onboard_commune(session, settings, record, actor)
        results.append(result)
        if progress is not None:
            progress(result)
    return results


def sync_records(session: Session, settings: Settings, actor: str = "system") -> SyncReport:
    """Apply every record file to the database; if any file is broken, apply none."""
    records = _read_all_records(session, settings)
    report = SyncReport()
    for record in records:
        applied = apply_record(session, record, actor)
        ensure_town_hall(session, applied.commune)
        if applied.outcome is not Outcome.UNCHANGED:
            audit_commune(session, applied, actor, source="sync")
            _follow_record_change(session, settings, applied)
        getattr(report, str(applied.outcome)).append(record.slug)
    declared = {record.insee for record in records}
    rows = session.execute(select(Commune.insee, Commune.slug).order_by(Commune.slug))
    report.without_record = [slug for insee, slug in rows if insee not in declared]
    return report


def _read_all_records(session: Session, settings: Settings) -> list[CommuneRecord]:
    """Read and cross-check every record file; raise ``RecordsInvalid`` listing all problems."""
    records: list[CommuneRecord] = []
    errors: list[RecordError] = []
    for path in record_files(settings):
        try:
            record = read_record(path, settings)
            find_commune(record.insee)  # a record must name a commune of the reference data
            records.append(record)
        except RecordError as error:
            errors.append(error)
        except OnboardingError as error:  # unknown or delegated INSEE code
            errors.append(RecordError(path, str(error), _line_of(path, "insee")))
    errors += _conflicts(session, settings, records)
    if errors:
        raise RecordsInvalid(errors)
    return records


def _line_of(path: Path, key: str) -> int | None:
    """Line number of ``key = ...`` in a record file, to point the reader at it."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.split("=", 1)[0].strip() == key:
            return number
    return None


def _conflicts(
    session: Session, settings: Settings, records: list[CommuneRecord]
) -> list[RecordError]:
    """Problems between files, or with rows that have no file: same INSEE, slug or host."""
    errors = []
    insee_count = Counter(record.insee for record in records)
    host_count = Counter(host for record in records for host in record.hostnames)
    declared = set(insee_count)
    rows: dict[str, str] = {}
    hosts_of_rows: dict[str, str] = {}  # host names of communes that have no record
    for insee, slug, hostnames in session.execute(
        select(Commune.insee, Commune.slug, Commune.hostnames)
    ):
        rows[slug] = insee
        if insee not in declared:
            hosts_of_rows.update(dict.fromkeys(hostnames or (), insee))
    for record in records:
        path = record_path(settings, record.slug)
        problems = []
        if insee_count[record.insee] > 1:
            problems.append(f"le code INSEE {record.insee} figure dans plusieurs fiches.")
        problems += [
            f"le nom d'hôte {host} figure dans plusieurs fiches."
            for host in record.hostnames
            if host_count[host] > 1
        ]
        problems += [
            f"le nom d'hôte {host} sert déjà la commune {hosts_of_rows[host]} en base."
            for host in record.hostnames
            if host in hosts_of_rows
        ]
        owner = rows.get(record.slug)
        if owner and owner != record.insee and owner not in declared:
            problems.append(f"l'identifiant {record.slug} est celui de la commune {owner} en base.")
        errors += [RecordError(path, problem) for problem in problems]
    return errors


def _existing_record(
    session: Session, settings: Settings, insee: str, index: dict[str, Path] | None
) -> CommuneRecord | None:
    """The record of an already onboarded commune: its file, else its row, else None."""
    commune = commune_by_insee(session, insee)
    if commune is not None:
        path = record_path(settings, commune.slug)
        if not path.exists():
            return record_from_row(commune)
    else:
        path = (records_by_insee(settings) if index is None else index).get(insee)
        if path is None:
            return None
    record = read_record(path, settings)
    if record.insee != insee:
        problem = f"cette fiche déclare le code INSEE {record.insee} au lieu de {insee}."
        raise RecordError(path, problem)
    return record


def _from_reference(record: CommuneRecord, reference: ReferenceCommune) -> CommuneRecord:
    """``record`` with the fields that come from the reference data refreshed."""
    epci = epci_of_commune(reference.insee)
    return dataclasses.replace(
        record,
        name=reference.name,
        department=reference.department,
        postal_codes=reference.postal_codes,
        population=reference.population,
        epci_siren=epci.siren if epci else None,
        epci_name=epci.name if epci else "",
        epci_kind=epci.kind if epci else "",
    )


def _file_differs(path: Path, record: CommuneRecord, settings: Settings) -> bool:
    try:
        return not path.exists() or read_record(path, settings) != record
    except RecordError:
        return True


def _write_file(path: Path, record: CommuneRecord, settings: Settings, old: Path | None) -> None:
    write_record(path, record, settings)
    if old is not None and old != path and old.exists():
        old.unlink()
