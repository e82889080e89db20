"""Zones and rounds of an intercommunality: member communes only, publishers only, audited,
every site concerned rebuilt; reads scoped to the tenant; the snapshot the sites get."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.builds.snapshot import load_site_content
from app.models import (
    AuditEntry,
    Build,
    BuildStatus,
    Commune,
    Intercommunality,
    Role,
    WasteRound,
    WasteZone,
)
from app.waste import InvalidRound, Override, Round, errors
from app.waste.errors import InvalidZone, NotAllowed
from app.waste.queries import (
    WasteNotFound,
    as_round,
    get_round,
    get_zone,
    list_zones,
    zones_covering,
)
from app.waste.services import (
    ZoneDraft,
    delete_round,
    delete_zone,
    save_round,
    save_zone,
)
from tests.waste.conftest import queued_sites

FRIDAY = 4
PUBLISHER = Role.PUBLISHER


def _epci(session, territory, which="epci") -> Intercommunality:
    return session.get(Intercommunality, getattr(territory, which).id)


def _zone(database, territory, name="Aurignac – centre bourg", communes=("aurignac",)) -> int:
    with database.unit_of_work() as session:
        ids = tuple(getattr(territory, slug).id for slug in communes)
        zone = save_zone(
            session,
            _epci(session, territory),
            None,
            ZoneDraft(name, ids),
            user=None,
            role=PUBLISHER,
        )
        return zone.id


def _round(database, territory, zone_id, round_=None) -> int:
    with database.unit_of_work() as session:
        epci = _epci(session, territory)
        row = save_round(
            session,
            epci,
            get_zone(session, epci, zone_id),
            None,
            round_ or Round("menagers", FRIDAY),
            user=None,
            role=PUBLISHER,
        )
        return row.id


def test_a_zone_covers_member_communes_and_rebuilds_their_sites(database, territory, no_build_runs):
    zone_id = _zone(database, territory, "Secteur nord", ("isle", "aurignac"))
    with database.session() as session:
        zone = session.get(WasteZone, zone_id)
        assert zone.slug == "secteur-nord"
        assert [commune.slug for commune in zone.communes] == ["aurignac", "isle"]
        [entry] = session.scalars(select(AuditEntry))
        assert (entry.action, entry.target) == ("waste.zone.saved", "secteur-nord")
        assert entry.details == {"intercommunality": "cc-comminges", "created": True}
    assert queued_sites(database) == ["aurignac", "cc-comminges", "isle"]


@pytest.mark.parametrize("outsider", ["gamma", "orphan"])
def test_a_zone_cannot_include_a_commune_outside_the_intercommunality(
    database, territory, make_commune, no_build_runs, outsider
):
    orphan = make_commune(slug="orphan", name="Orpheline")  # in no intercommunality
    ids = (territory.aurignac.id, orphan.id if outsider == "orphan" else territory.gamma.id)
    with database.unit_of_work() as session, pytest.raises(InvalidZone) as refused:
        save_zone(
            session,
            _epci(session, territory),
            None,
            ZoneDraft("Nord", ids),
            user=None,
            role=PUBLISHER,
        )
    assert (refused.value.field, refused.value.message) == ("communes", errors.NOT_A_MEMBER)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(WasteZone)) == 0
    assert queued_sites(database) == []


@pytest.mark.parametrize(
    ("name", "communes", "field", "message"),
    [
        ("  ", ("aurignac",), "name", errors.ZONE_NAME_MISSING),
        ("Nord", (), "communes", errors.ZONE_WITHOUT_COMMUNE),
        ("aurignac centre-bourg", ("aurignac",), "name", errors.ZONE_NAME_TAKEN),
    ],
)
def test_a_zone_needs_its_own_name_and_a_commune(
    database, territory, no_build_runs, name, communes, field, message
):
    _zone(database, territory)
    with pytest.raises(InvalidZone) as refused:
        _zone(database, territory, name, communes)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_renaming_a_zone_keeps_its_calendar_address(database, territory, no_build_runs):
    zone_id = _zone(database, territory, "Bourg")
    with database.unit_of_work() as session:
        epci = _epci(session, territory)
        zone = get_zone(session, epci, zone_id)
        draft = ZoneDraft("Aurignac  –  le bourg ", (territory.aurignac.id,))
        save_zone(session, epci, zone, draft, user=None, role=PUBLISHER)
    newer = _zone(database, territory, "Bourg", ("boulogne",))
    with database.session() as session:
        renamed, second = session.get(WasteZone, zone_id), session.get(WasteZone, newer)
        assert (renamed.name, renamed.slug) == ("Aurignac – le bourg", "bourg")
        assert second.slug == "bourg-2"


def test_moving_a_zone_to_another_commune_rebuilds_both(database, territory, no_build_runs):
    zone_id = _zone(database, territory)
    with database.unit_of_work() as session:
        session.execute(Build.__table__.delete().where(Build.status == BuildStatus.QUEUED))
    with database.unit_of_work() as session:
        epci = _epci(session, territory)
        zone = get_zone(session, epci, zone_id)
        draft = ZoneDraft("Aurignac – centre bourg", (territory.boulogne.id,))
        save_zone(session, epci, zone, draft, user=None, role=PUBLISHER)
    assert queued_sites(database) == ["aurignac", "boulogne", "cc-comminges"]


def test_a_round_is_checked_stored_and_read_back(database, territory, no_build_runs):
    zone_id = _zone(database, territory)
    given = Round(
        "emballages",
        1,
        every_weeks=2,
        reference_date=date(2026, 12, 1),
        starts_on=date(2026, 9, 1),
        holiday_rule="next_working_day",
        overrides=(
            Override(date(2027, 1, 12), None),
            Override(date(2026, 12, 29), date(2026, 12, 30)),
        ),
    )
    round_id = _round(database, territory, zone_id, given)
    with database.session() as session:
        row = session.get(WasteRound, round_id)
        assert row.overrides == [["2026-12-29", "2026-12-30"], ["2027-01-12", None]]
        assert as_round(row) == Round(
            "emballages",
            1,
            every_weeks=2,
            reference_date=date(2026, 12, 1),
            starts_on=date(2026, 9, 1),
            holiday_rule="next_working_day",
            recurrence="weekly",
            overrides=(
                Override(date(2026, 12, 29), date(2026, 12, 30)),
                Override(date(2027, 1, 12), None),
            ),
        )
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions == ["waste.zone.saved", "waste.round.saved"]


@pytest.mark.parametrize(
    ("round_", "field"),
    [
        (Round("menagers", None, recurrence="weekly"), "weekday"),
        (Round("menagers", FRIDAY, every_weeks=3), "every_weeks"),
        (Round("menagers", recurrence="dates"), "dates"),
        (Round("compost", FRIDAY), "stream"),
    ],
)
def test_a_round_whose_dates_cannot_be_known_is_refused(
    database, territory, no_build_runs, round_, field
):
    zone_id = _zone(database, territory)
    with pytest.raises(InvalidRound) as refused:
        _round(database, territory, zone_id, round_)
    assert refused.value.field == field
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(WasteRound)) == 0


def test_editors_change_nothing(database, territory, no_build_runs):
    zone_id = _zone(database, territory)
    round_id = _round(database, territory, zone_id)
    with database.unit_of_work() as session:
        epci = _epci(session, territory)
        zone, row = get_zone(session, epci, zone_id), get_round(session, epci, round_id)
        draft = ZoneDraft("Autre", (territory.boulogne.id,))
        for attempt in (
            lambda: save_zone(session, epci, None, draft, user=None, role=Role.EDITOR),
            lambda: save_zone(session, epci, zone, draft, user=None, role=Role.EDITOR),
            lambda: delete_zone(session, epci, zone, user=None, role=Role.EDITOR),
            lambda: save_round(
                session, epci, zone, row, Round("verre", 1), user=None, role=Role.EDITOR
            ),
            lambda: delete_round(session, epci, row, user=None, role=Role.EDITOR),
        ):
            with pytest.raises(NotAllowed):
                attempt()


def test_zones_and_rounds_of_another_intercommunality_are_not_found(
    database, territory, no_build_runs
):
    zone_id = _zone(database, territory)
    round_id = _round(database, territory, zone_id)
    with database.session() as session:
        other = _epci(session, territory, "other")
        with pytest.raises(WasteNotFound):
            get_zone(session, other, zone_id)
        with pytest.raises(WasteNotFound):
            get_round(session, other, round_id)
        assert list_zones(session, other) == []
        assert zones_covering(session, session.get(Commune, territory.gamma.id)) == []


def test_deleting_a_round_then_the_zone_rebuilds_the_sites(database, territory, no_build_runs):
    zone_id = _zone(database, territory, "Nord", ("aurignac", "boulogne"))
    round_id = _round(database, territory, zone_id)
    _round(database, territory, zone_id, Round("verre", 1))
    with database.unit_of_work() as session:
        session.execute(Build.__table__.delete().where(Build.status == BuildStatus.QUEUED))
    with database.unit_of_work() as session:
        epci = _epci(session, territory)
        zone = delete_round(
            session, epci, get_round(session, epci, round_id), user=None, role=PUBLISHER
        )
        assert [row.stream for row in zone.rounds] == ["verre"]
    assert queued_sites(database) == ["aurignac", "boulogne", "cc-comminges"]
    with database.unit_of_work() as session:
        session.execute(Build.__table__.delete().where(Build.status == BuildStatus.QUEUED))
    with database.unit_of_work() as session:
        epci = _epci(session, territory)
        delete_zone(session, epci, get_zone(session, epci, zone_id), user=None, role=PUBLISHER)
    assert queued_sites(database) == ["aurignac", "boulogne", "cc-comminges"]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(WasteRound)) == 0
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions[-2:] == ["waste.round.deleted", "waste.zone.deleted"]


def test_sites_get_the_zones_that_cover_them(database, settings, territory, no_build_runs):
    bourg = _zone(database, territory, "Aurignac – centre bourg", ("aurignac",))
    nord = _zone(database, territory, "Secteur nord", ("boulogne", "aurignac"))
    _round(database, territory, bourg)
    _round(database, territory, nord, Round("verre", dates=(date(2027, 1, 6),)))
    with database.session() as session:
        aurignac = load_site_content(session, settings, session.get(Commune, territory.aurignac.id))
        isle = load_site_content(session, settings, session.get(Commune, territory.isle.id))
        epci = load_site_content(session, settings, _epci(session, territory))
    assert [(z.slug, z.communes) for z in aurignac.waste_zones] == [
        ("aurignac-centre-bourg", ("Aurignac",)),
        ("secteur-nord", ("Aurignac",)),
    ]
    assert aurignac.waste_zones[0].rounds == (Round("menagers", FRIDAY, recurrence="weekly"),)
    assert aurignac.waste_zones[1].rounds == (
        Round("verre", dates=(date(2027, 1, 6),), recurrence="dates"),
    )
    assert isle.waste_zones == ()
    assert [(z.slug, z.communes) for z in epci.waste_zones] == [
        ("aurignac-centre-bourg", ("Aurignac",)),
        ("secteur-nord", ("Aurignac", "Boulogne")),
    ]


def test_a_commune_that_left_the_intercommunality_loses_its_zones(
    database, settings, territory, no_build_runs
):
    _zone(database, territory)
    with database.unit_of_work() as session:
        aurignac = session.get(Commune, territory.aurignac.id)
        aurignac.intercommunality_id = territory.other.id
    with database.session() as session:
        aurignac = session.get(Commune, territory.aurignac.id)
        assert zones_covering(session, aurignac) == []
        assert load_site_content(session, settings, aurignac).waste_zones == ()
