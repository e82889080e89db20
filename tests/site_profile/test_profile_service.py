"""A site's profile changed from the admin: saved, audited, written to the record, built,
and what the build then reads."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select

from app.builds.snapshot import load_site_content
from app.files.store import UploadedFile
from app.media.services import MediaDetails, add_media
from app.models import AuditEntry, Build, Commune, Intercommunality
from app.onboarding.records import read_record, record_path
from app.site_settings.services import ProfileError, update_site_profile


def _image(session, settings, owner, user, title="Blason") -> int:
    buffer = BytesIO()
    Image.new("RGB", (400, 400), (120, 30, 30)).save(buffer, "PNG")
    item = add_media(session, settings.files_dir, owner, UploadedFile(buffer.getvalue(), "b.png"),
                     MediaDetails(title=title, alt_text=f"{title} de la commune"),
                     user=user, quota=settings.media_quota)  # fmt: skip
    return item.id


@pytest.fixture
def changed(database, settings, commune, publisher):
    """The commune's profile after one change from the settings screens."""
    with database.unit_of_work() as session:
        owner = session.get(Commune, commune.id)
        user = session.merge(publisher)
        logo = _image(session, settings, owner, user)
        names = update_site_profile(
            session, settings, owner,
            {"display_name": "Aurignac, village préhistorique", "logo_media_id": logo,
             "main_color": "#7a2e1f", "dpo_email": "dpd@cdg31.example", "theme": "bastide"},
            user,
        )  # fmt: skip
    return names, logo


def test_changed_values_are_saved_audited_written_and_built(database, settings, changed):
    names, logo = changed
    assert names == ["display_name", "dpo_email", "logo_media_id", "main_color"]  # theme same
    with database.session() as session:
        commune = session.scalar(select(Commune).where(Commune.slug == "aurignac"))
        assert commune.shown_name == "Aurignac, village préhistorique"
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action.like("site.%")))
        assert entry.details["changes"] == names and entry.commune_id == commune.id
        assert session.scalar(select(Build).where(Build.commune_id == commune.id)) is not None
    record = read_record(record_path(settings, "aurignac"), settings)
    assert record.profile["display_name"] == "Aurignac, village préhistorique"
    assert record.profile["logo_media_id"] == logo


def test_the_build_reads_the_identity_and_carries_the_logo(database, settings, changed):
    _, logo = changed
    with database.session() as session:
        commune = session.scalar(select(Commune).where(Commune.slug == "aurignac"))
        content = load_site_content(session, settings, commune)
    assert content.shown_name == "Aurignac, village préhistorique"
    assert content.main_color == "#7a2e1f" and content.legal.dpo_email == "dpd@cdg31.example"
    assert content.logo is not None and content.logo.id == logo
    assert logo in {item.id for item in content.media}  # the release carries its file


def test_nothing_changed_means_no_audit_and_no_build(database, settings, commune, publisher):
    with database.unit_of_work() as session:
        owner = session.get(Commune, commune.id)
        assert update_site_profile(session, settings, owner, {"main_color": ""}, publisher) == []
    with database.session() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action.like("site.%"))) is None
        assert session.scalar(select(Build)) is None
    assert not record_path(settings, "aurignac").exists()


def test_a_logo_from_another_library_is_refused(
    database, settings, commune, make_commune, publisher
):
    other = make_commune(slug="boulogne", name="Boulogne")
    with database.unit_of_work() as session:
        foreign = _image(session, settings, session.get(Commune, other.id), None)
    with database.unit_of_work() as session:
        owner = session.get(Commune, commune.id)
        with pytest.raises(ProfileError, match="pas dans votre médiathèque"):
            update_site_profile(session, settings, owner, {"logo_media_id": foreign}, publisher)


def test_an_intercommunality_has_its_own_profile(database, settings, publisher):
    with database.unit_of_work() as session:
        epci = Intercommunality(siren="200072643", slug="cc-3c", name="CC Cœur et Coteaux",
                                kind="CC")  # fmt: skip
        session.add(epci)
        session.flush()
        update_site_profile(
            session, settings, epci,
            {"town_hall_address": "Siège, 31420 Aurignac", "dpo_name": "CDG 31",
             "languages": ["fr", "oc"]},
            publisher,
        )  # fmt: skip
    with database.session() as session:
        epci = session.scalar(select(Intercommunality))
        content = load_site_content(session, settings, epci)
    assert content.town_hall_address == "Siège, 31420 Aurignac"
    assert content.legal.dpo_name == "CDG 31" and content.languages == ("fr", "oc")
