"""Two intercommunalities and their people, for the waste-collection services and screens."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from app.models import Build, BuildStatus, Commune, Intercommunality, Membership, Role
from tests.conftest import put_sites_online


@dataclass
class Territory:
    """CC du Comminges (Aurignac, Boulogne, L'Isle) and CC Voisine (Gamma)."""

    epci: Intercommunality
    other: Intercommunality
    aurignac: Commune
    boulogne: Commune
    isle: Commune
    gamma: Commune


def _epci(database, siren: str, slug: str, name: str) -> Intercommunality:
    with database.unit_of_work() as session:
        epci = Intercommunality(siren=siren, slug=slug, name=name, kind="CC")
        session.add(epci)
    return epci


@pytest.fixture
def territory(database, make_commune, make_user) -> Territory:
    """The two EPCIs, an agent (publisher) and an editor in each role, a commune clerk."""
    epci = _epci(database, "200072643", "cc-comminges", "CC du Comminges")
    other = _epci(database, "200000002", "cc-voisine", "CC Voisine")
    communes = {
        slug: make_commune(slug=slug, name=name, intercommunality_id=epci.id)
        for slug, name in (("aurignac", "Aurignac"), ("boulogne", "Boulogne"), ("isle", "L'Isle"))
    }
    gamma = make_commune(slug="gamma", name="Gamma", intercommunality_id=other.id)
    for email, tenant, role in (
        ("agent@cc-comminges.test", epci, Role.PUBLISHER),
        ("editor@cc-comminges.test", epci, Role.EDITOR),
        ("agent@cc-voisine.test", other, Role.PUBLISHER),
    ):
        user = make_user(email)
        with database.unit_of_work() as session:
            session.add(Membership(user_id=user.id, intercommunality_id=tenant.id, role=role))
    make_user("clerk@aurignac.test", commune=communes["aurignac"], role=Role.PUBLISHER)
    put_sites_online(database, *communes)  # a zone change rebuilds member sites already live
    return Territory(epci, other, *communes.values(), gamma)


@pytest.fixture
def no_build_runs(monkeypatch):
    """Keep builds waiting, to look at what was requested."""
    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)


def queued_sites(database) -> list[str]:
    """The slugs of the sites with a build waiting."""
    with database.session() as session:
        builds = session.scalars(select(Build).where(Build.status == BuildStatus.QUEUED))
        return sorted(build.site_owner.slug for build in builds)
