"""Onboarding services: validation without side effects, file writes bound to the commit,
re-onboarding that keeps hand edits, and sync from the records alone."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from sqlalchemy import event, select

from app.models import Commune, Intercommunality
from app.onboarding import services
from app.onboarding.errors import HostnameTaken, RecordError, RecordsInvalid, SlugTaken
from app.onboarding.queries import communes_with_last_publication
from app.onboarding.records import read_record, record_path
from app.onboarding.rows import Outcome

from .helpers import edit


@pytest.fixture
def onboard(database, settings):
    """Onboard one commune in its own unit of work; returns the result."""

    def run(insee: str, **options) -> services.OnboardResult:
        with database.unit_of_work() as session:
            record = services.prepare_commune(session, settings, insee, **options)
            return services.onboard_commune(session, settings, record, actor="test")

    return run


def test_prepare_writes_nothing(database, settings, count):
    with database.unit_of_work() as session:
        record = services.prepare_commune(session, settings, "11076")
    assert (record.slug, record.epci_siren) == ("castelnaudary", "200035855")
    assert not settings.communes_dir.exists() or not any(settings.communes_dir.iterdir())
    assert count(Commune) == 0


def test_a_rolled_back_onboarding_leaves_no_file_and_no_row(database, settings, count):
    with pytest.raises(RuntimeError), database.unit_of_work() as session:
        record = services.prepare_commune(session, settings, "11076")
        services.onboard_commune(session, settings, record, actor="test")
        assert session.scalar(select(Commune.slug)) == "castelnaudary"  # flushed, not committed
        raise RuntimeError("a later step of the same command failed")
    assert not record_path(settings, "castelnaudary").exists()
    assert (count(Commune), count(Intercommunality)) == (0, 0)


def test_a_slug_held_by_a_record_file_of_another_commune_gets_the_department(onboard, settings):
    settings.communes_dir.mkdir(parents=True)
    record_path(settings, "bragayrac").write_text('insee = "99001"\n', encoding="utf-8")
    assert onboard("31087").record.slug == "bragayrac-31"


def test_an_explicit_slug_or_host_name_of_another_commune_is_refused(onboard):
    onboard("11076")
    with pytest.raises(SlugTaken, match="castelnaudary"):
        onboard("31483", slug="castelnaudary")
    with pytest.raises(HostnameTaken, match="11076"):
        onboard("31483", hostname="castelnaudary.communes.localhost")


def test_re_onboarding_keeps_hand_edits_of_the_record(onboard, settings):
    first = onboard("11076")
    edit(first.path, 'phone = ""', 'phone = "04 68 23 00 00"')
    edit(first.path, '"castelnaudary.communes.localhost"', '"mairie-castelnaudary.fr"')

    again = onboard("11076")

    assert again.record.town_hall_phone == "04 68 23 00 00"
    assert again.record.hostnames == ("mairie-castelnaudary.fr",)
    assert again.outcome is Outcome.UPDATED  # the database catches up with the file
    assert onboard("11076").outcome is Outcome.UNCHANGED


def test_a_new_slug_moves_the_record_and_its_default_host_name(onboard, settings, database):
    onboard("31239")
    result = onboard("31239", slug="isle-en-dodon", hostname="mairie-isle-en-dodon.fr")

    assert result.outcome is Outcome.UPDATED
    assert not record_path(settings, "l-isle-en-dodon").exists()
    record = read_record(record_path(settings, "isle-en-dodon"), settings)
    assert record.hostnames == ("mairie-isle-en-dodon.fr", "isle-en-dodon.communes.localhost")
    with database.session() as session:
        assert (
            session.scalar(select(Commune.slug).where(Commune.insee == "31239")) == "isle-en-dodon"
        )


def test_a_deleted_record_file_is_written_again(onboard):
    first = onboard("11076")
    first.path.unlink()
    assert onboard("11076").outcome is Outcome.UPDATED
    assert first.path.exists()


def test_onboard_epci_reports_progress_for_every_member(database, settings):
    seen = []
    with database.unit_of_work() as session:
        results = services.onboard_epci(session, settings, "200035855", "test", seen.append)
    assert len(results) == len(seen) == 43
    assert {result.outcome for result in results} == {Outcome.CREATED}


def test_an_onboarded_epci_gets_its_own_site_and_every_commune_its_town_hall(database, settings):
    from sqlalchemy import func, select

    from app.models import DirectoryEntry, Intercommunality

    with database.unit_of_work() as session:
        services.onboard_epci(session, settings, "200072643", "test")
    with database.session() as session:
        epci = session.scalar(select(Intercommunality))
        assert epci.slug == "cc-coeur-et-coteaux-du-comminges"
        assert epci.hostnames == ["cc-coeur-et-coteaux-du-comminges.communes.localhost"]
        town_halls = session.scalar(
            select(func.count()).where(
                DirectoryEntry.is_town_hall.is_(True),
                DirectoryEntry.published_revision_id.is_not(None),
            )
        )
        assert town_halls == 104


def test_sync_rebuilds_the_database_from_the_records_alone(onboard, settings, tmp_path, database):
    onboard("11076")
    fresh = dataclasses.replace(
        settings, data_dir=tmp_path / "fresh", database_url=f"sqlite:///{tmp_path}/fresh.db"
    )
    from app.db import Database
    from app.migrate import upgrade_database

    upgrade_database(fresh)
    other = Database(fresh)
    try:
        with other.unit_of_work() as session:
            report = services.sync_records(session, fresh)
        assert report.created == ["castelnaudary"]
        with other.session() as session:
            commune = session.scalar(select(Commune))
            assert (commune.insee, commune.intercommunality.name) == (
                "11076",
                "CC Castelnaudary Lauragais Audois",
            )
    finally:
        other.dispose()


def test_sync_reports_rows_without_a_record(onboard, database, settings):
    onboard("11076")
    record_path(settings, "castelnaudary").unlink()
    with database.unit_of_work() as session:
        report = services.sync_records(session, settings)
    assert report.without_record == ["castelnaudary"]


def test_sync_refuses_two_records_for_the_same_commune(onboard, database, settings):
    path = onboard("11076").path
    copy = record_path(settings, "castel")
    shutil.copy(path, copy)
    edit(copy, 'slug = "castelnaudary"', 'slug = "castel"')
    edit(copy, '"castelnaudary.communes.localhost"', '"castel.communes.localhost"')
    duplicate = "le code INSEE 11076 figure dans plusieurs fiches"
    with pytest.raises(RecordsInvalid, match=duplicate), database.unit_of_work() as session:
        services.sync_records(session, settings)


def test_the_fleet_listing_is_one_query(onboard, database):
    for insee in ("11076", "31483", "31239"):
        onboard(insee)
    statements = []
    event.listen(database.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with database.session() as session:
        rows = communes_with_last_publication(session)
    assert [commune.slug for commune, _ in rows] == [
        "castelnaudary",
        "l-isle-en-dodon",
        "saint-gaudens",
    ]
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_a_record_file_that_declares_another_commune_is_not_taken_for_this_one(onboard, settings):
    path = onboard("11076").path
    edit(path, 'insee = "11076"', 'insee = "31483"')
    with pytest.raises(RecordError, match="déclare le code INSEE 31483 au lieu de 11076"):
        onboard("11076")


def test_sync_refuses_a_host_name_of_a_commune_without_record(onboard, database, settings):
    onboard("11076").path.unlink()
    saint_gaudens = onboard("31483").path
    edit(saint_gaudens, '"saint-gaudens.communes.localhost"', '"castelnaudary.communes.localhost"')
    with (
        pytest.raises(RecordsInvalid, match="sert déjà la commune 11076"),
        database.unit_of_work() as session,
    ):
        services.sync_records(session, settings)


def test_renaming_a_published_commune_moves_its_site_and_rebuilds_it(bastide, settings, database):
    """The old address stops serving the site; the new one serves it, rebuilt."""
    from sqlalchemy import select

    from app.models import Build
    from app.publishing.pipeline import live_release

    assert bastide("onboard", "--insee", "11076").exit_code == 0
    assert bastide("build", "castelnaudary").exit_code == 0
    result = bastide("onboard", "--insee", "11076", "--slug", "castel")
    assert result.exit_code == 0, result.output
    assert not (settings.sites_dir / "castelnaudary").exists()
    assert live_release(settings.sites_dir / "castel") is not None
    with database.session() as session:
        builds = list(session.scalars(select(Build).order_by(Build.id)))
    assert len(builds) == 2 and builds[-1].reason == "fiche de la commune modifiée"
    # The freed slug cannot be taken by another commune while a folder would shadow it.
    (settings.sites_dir / "castelnaudary").mkdir()
    taken = bastide("onboard", "--insee", "31028", "--slug", "castelnaudary")
    assert taken.exit_code == 2


def test_a_hand_edited_record_rebuilds_a_published_site(bastide, settings, database):
    from app.publishing.pipeline import live_release

    assert bastide("onboard", "--insee", "31028").exit_code == 0
    assert bastide("build", "aurignac").exit_code == 0
    before = live_release(settings.sites_dir / "aurignac")
    record = settings.communes_dir / "aurignac.toml"
    record.write_text(record.read_text().replace('phone = ""', 'phone = "05 61 00 00 00"'))
    assert bastide("sync").exit_code == 0
    after = live_release(settings.sites_dir / "aurignac")
    assert after != before  # the immediate queue of the tests built it at once
    assert "05 61 00 00 00" in (settings.sites_dir / "aurignac" / "live" / "index.html").read_text()
