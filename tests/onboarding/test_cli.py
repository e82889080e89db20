"""``bastide onboard``, ``bastide sync`` and ``bastide communes`` as the IT team runs them."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.models import (
    AuditEntry,
    Build,
    BuildStatus,
    Commune,
    Intercommunality,
    Membership,
    Release,
)

from .helpers import edit


def test_onboarding_a_commune_writes_its_record_and_its_row(bastide, settings, database):
    result = bastide("onboard", "--insee", "11076")

    assert result.exit_code == 0, result.output
    path = settings.communes_dir / "castelnaudary.toml"
    assert str(path) in result.output
    assert settings.live_url("castelnaudary", []) in result.output
    assert "bastide user add EMAIL --commune castelnaudary --role publisher" in result.output
    assert "bastide build castelnaudary" in result.output
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["insee"] == "11076"
    assert document["postal_codes"] == ["11400"]
    assert document["population"] == 12151
    assert document["department"] == "11"
    assert document["epci"]["siren"] == "200035855"
    assert document["hostnames"] == [f"castelnaudary.{settings.sites_domain}"]
    assert (document["theme"], document["languages"]) == ("bastide", ["fr"])
    assert document["legal"]["accessibility_status"] == "non"
    with database.session() as session:
        commune = session.scalar(select(Commune).where(Commune.insee == "11076"))
        assert (commune.slug, commune.name, commune.population) == (
            "castelnaudary",
            "Castelnaudary",
            12151,
        )
        assert commune.intercommunality.siren == "200035855"
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("commune.onboarded") == 1


def test_onboarding_twice_changes_nothing(bastide, count, record_files, age_records):
    assert bastide("onboard", "--insee", "11076").exit_code == 0
    age_records()
    files, communes, audit = record_files(), count(Commune), count(AuditEntry)

    result = bastide("onboard", "--insee", "11076")

    assert result.exit_code == 0, result.output
    assert "inchangée" in result.output
    assert record_files() == files  # same bytes, same mtime, same inode
    assert (count(Commune), count(AuditEntry)) == (communes, audit)


def test_onboarding_a_whole_epci_is_idempotent(bastide, count, record_files, age_records):
    result = bastide("onboard", "--epci", "200072643")

    assert result.exit_code == 0, result.output
    assert "104 communes — 104 créée(s), 0 mise(s) à jour, 0 inchangée(s)" in result.output
    assert count(Commune) == 104
    assert count(Intercommunality, Intercommunality.siren == "200072643") == 1
    assert len(record_files()) == 104
    assert "identifiant : cc-coeur-et-coteaux-du-comminges" in result.output
    agent = bastide("user", "add", "agent@cc.test", "--epci", "200072643", "--role", "publisher")
    assert agent.exit_code == 0, agent.output
    assert "/admin/invitation/" in agent.output
    unknown = bastide("user", "add", "x@cc.test", "--epci", "nowhere", "--role", "editor")
    assert unknown.exit_code == 2 and "aucune intercommunalité « nowhere »" in unknown.output
    age_records()
    files, audit = record_files(), count(AuditEntry)

    again = bastide("onboard", "--epci", "200072643")

    assert again.exit_code == 0, again.output
    assert "0 créée(s), 0 mise(s) à jour, 104 inchangée(s)" in again.output
    assert record_files() == files
    assert (count(Commune), count(Intercommunality), count(AuditEntry)) == (104, 1, audit)
    assert count(Membership, Membership.intercommunality_id.is_not(None)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--insee", "99999"], "aucune commune n'a le code INSEE 99999"),
        (["--epci", "123456789"], "aucune intercommunalité (EPCI) n'a le numéro SIREN 123456789"),
        (["--insee", "3107"], "n'est pas un code INSEE"),
        (["--epci", "2000726"], "n'est pas un numéro SIREN"),
        (
            ["--insee", "01039"],
            "commune déléguée rattachée à Culoz-Béon : utilisez le code INSEE 01138",
        ),
        (["--insee", "13201"], "arrondissement municipal de Marseille"),
        ([], "soit --insee CODE, soit --epci SIREN"),
        (["--insee", "11076", "--epci", "200035855"], "un seul des deux"),
        (["--insee", "11076", "--slug", "Castel Naudary"], "« Castel Naudary » est invalide"),
        (["--insee", "11076", "--theme", "inconnu"], "le thème « inconnu » n'existe pas"),
        (
            ["--insee", "11076", "--host", "pas un hôte"],
            "le nom d'hôte « pas un hôte » est invalide",
        ),
    ],
)
def test_mistakes_exit_with_code_2_and_write_nothing(bastide, settings, count, args, message):
    result = bastide("onboard", *args)

    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Erreur :" in result.output
    assert not list(settings.communes_dir.glob("*")) if settings.communes_dir.exists() else True
    assert (count(Commune), count(Intercommunality), count(AuditEntry)) == (0, 0, 0)


def test_homonyms_get_the_department_code(bastide, settings):
    assert bastide("onboard", "--insee", "07028").exit_code == 0  # Beaulieu (Ardèche)
    result = bastide("onboard", "--insee", "15020")  # Beaulieu (Cantal)

    assert result.exit_code == 0, result.output
    assert "identifiant   : beaulieu-15" in result.output
    assert sorted(p.name for p in settings.communes_dir.iterdir()) == [
        "beaulieu-15.toml",
        "beaulieu.toml",
    ]


def test_sync_applies_a_hand_edited_host_name(bastide, settings, database, count):
    bastide("onboard", "--insee", "11076")
    edit(
        settings.communes_dir / "castelnaudary.toml",
        '"castelnaudary.communes.localhost"',
        '"mairie-castelnaudary.fr"',
    )

    result = bastide("sync")

    assert result.exit_code == 0, result.output
    assert "1 mise(s) à jour" in result.output
    with database.session() as session:
        commune = session.scalar(select(Commune).where(Commune.insee == "11076"))
        assert commune.hostnames == ["mairie-castelnaudary.fr"]
    assert count(AuditEntry, AuditEntry.action == "commune.updated") == 1
    assert "0 mise(s) à jour" in bastide("sync").output


def test_a_broken_record_stops_sync_before_anything_is_applied(bastide, settings, database):
    bastide("onboard", "--insee", "11076")
    bastide("onboard", "--insee", "31483")  # Saint-Gaudens
    edit(settings.communes_dir / "saint-gaudens.toml", 'theme = "bastide"', "theme = bastide")
    edit(
        settings.communes_dir / "castelnaudary.toml",
        '"castelnaudary.communes.localhost"',
        '"mairie-castelnaudary.fr"',
    )
    line = (
        settings.communes_dir.joinpath("saint-gaudens.toml")
        .read_text()
        .splitlines()
        .index("theme = bastide")
        + 1
    )

    result = bastide("sync")

    assert result.exit_code == 2
    assert f"saint-gaudens.toml, ligne {line}" in result.output
    with database.session() as session:
        commune = session.scalar(select(Commune).where(Commune.insee == "11076"))
        assert commune.hostnames == ["castelnaudary.communes.localhost"]  # valid edit not applied


def test_communes_lists_each_commune_with_its_last_publication(bastide, settings, database):
    assert "Aucune commune" in bastide("communes").output
    bastide("onboard", "--insee", "11076")
    bastide("onboard", "--insee", "31483")
    with database.unit_of_work() as session:
        commune = session.scalar(select(Commune).where(Commune.slug == "saint-gaudens"))
        for day in (1, 3):
            build = Build(commune_id=commune.id, status=BuildStatus.SUCCEEDED)
            session.add(build)
            session.flush()
            live = datetime(2026, 3, day, 12, 0, tzinfo=UTC)
            session.add(
                Release(commune_id=commune.id, build_id=build.id, name=f"r{day}", live_since=live)
            )

    result = bastide("communes")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    castelnaudary = next(line for line in lines if line.startswith("castelnaudary "))
    saint_gaudens = next(line for line in lines if line.startswith("saint-gaudens "))
    assert "11076" in castelnaudary and settings.live_url("castelnaudary", []) in castelnaudary
    assert castelnaudary.rstrip().endswith("jamais")
    expected = "03/03/2026 13:00"  # 12:00 UTC is 13:00 in Paris (winter time)
    assert saint_gaudens.rstrip().endswith(expected)


def test_the_admin_path_cannot_be_a_commune_slug(bastide, settings):
    result = bastide("onboard", "--insee", "11076", "--slug", "admin")
    assert result.exit_code == 2
    assert "réservé" in result.output
    assert not (settings.communes_dir / "admin.toml").exists()


def test_sync_refuses_a_record_of_a_commune_that_does_not_exist(bastide, settings, count):
    from app.models import Commune

    assert bastide("onboard", "--insee", "31028").exit_code == 0
    record = settings.communes_dir / "aurignac.toml"
    (settings.communes_dir / "nulle-part.toml").write_text(
        record.read_text()
        .replace('"31028"', '"99999"')
        .replace('"aurignac"', '"nulle-part"')
        .replace("aurignac.communes", "nulle-part.communes")
    )
    result = bastide("sync")
    assert result.exit_code == 2
    assert "nulle-part.toml, ligne" in result.output and "99999" in result.output
    assert count(Commune) == 1
