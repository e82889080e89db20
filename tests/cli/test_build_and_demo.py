"""``bastide build`` and ``bastide demo`` from the command line."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from app.models import AuditEntry, Commune, Page, User
from app.publishing.pipeline import live_release


def test_build_one_commune_then_all(bastide, make_commune, settings):
    make_commune(slug="aurignac", name="Aurignac")
    make_commune(slug="aspet", name="Aspet")
    result = bastide("build", "aurignac")
    assert result.exit_code == 0, result.output
    assert live_release(settings.sites_dir / "aurignac") is not None
    assert live_release(settings.sites_dir / "aspet") is None
    result = bastide("build", "--all")
    assert result.exit_code == 0, result.output
    assert "2 site(s) publié(s), 0 échec(s)" in result.output
    assert live_release(settings.sites_dir / "aspet") is not None


def test_build_failure_exits_non_zero_and_names_the_commune(bastide, make_commune, settings):
    make_commune(slug="aurignac", name="Aurignac")
    make_commune(slug="aspet", name="Aspet", theme="no-such-theme")
    result = bastide("build", "--all")
    assert result.exit_code == 1
    assert "Échec : aspet" in result.output
    assert live_release(settings.sites_dir / "aurignac") is not None


def test_build_bad_usage_exits_2_with_a_sentence(bastide, make_commune):
    make_commune(slug="aurignac", name="Aurignac")
    unknown = bastide("build", "nowhere")
    assert unknown.exit_code == 2 and "site inconnu : nowhere" in unknown.output
    nothing = bastide("build")
    assert nothing.exit_code == 2 and "--all" in nothing.output


def _counts(database):
    with database.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Commune, User, Page, AuditEntry)
        )


def test_demo_sets_up_once_and_a_second_run_changes_nothing(bastide, database, settings):
    first = bastide("demo", "--no-serve")
    assert first.exit_code == 0, first.output
    assert (
        "admin@bastide.test" in first.output
        and "mots de passe affichés une seule fois" in first.output
    )
    communes, users, pages, _audit = _counts(database)
    assert (communes, users) == (4, 6) and pages >= 13
    for slug in ("castelnaudary", "aurignac", "boulogne-sur-gesse", "l-isle-en-dodon"):
        assert live_release(settings.sites_dir / slug) is not None
        assert (settings.communes_dir / f"{slug}.toml").exists()
        # Every demo commune has a directory with hours, town hall first.
        town_hall = settings.sites_dir / slug / "live" / "annuaire" / "mairie" / "index.html"
        assert "Semaine habituelle" in town_hall.read_text(encoding="utf-8")
    # The demo intercommunality's site, and its shared entries on its members' sites only.
    epci = settings.sites_dir / "cc-coeur-et-coteaux-du-comminges" / "live"
    assert "Les communes membres" in (epci / "index.html").read_text(encoding="utf-8")
    shared = "live/annuaire/decheterie-intercommunale/index.html"
    assert (
        "Semaine habituelle" in (epci / "annuaire/decheterie-intercommunale/index.html").read_text()
    )
    assert (settings.sites_dir / "aurignac" / shared).exists()
    assert not (settings.sites_dir / "castelnaudary" / shared).exists()
    assert "agents@cc-coeur-et-coteaux-du-comminges.test" in first.output
    # News, events, an active alert (and the intercommunality's on its members) and acts.
    for slug in ("castelnaudary", "aurignac"):
        live = settings.sites_dir / slug / "live"
        home = html.unescape((live / "index.html").read_text(encoding="utf-8"))
        assert "Dernières actualités" in home and "Prochainement" in home
        assert "Marché de plein vent" in home and "la rue principale est fermée" in home
        assert ("Épisode de gel" in home) == (slug == "aurignac")
        acts = html.unescape((live / "actes" / "index.html").read_text(encoding="utf-8"))
        assert "Vote du budget primitif" in acts and "Procès-verbal" in acts
        [act_page] = (live / "actes").glob("*-vote-du-budget-primitif/index.html")
        assert "Mis en ligne le" in act_page.read_text(encoding="utf-8")
        assert len(list((live / "agenda").glob("*.ics"))) == 4  # 3 events and the feed
        # The first news shows a photo and a document of the media library.
        [works] = (live / "actualites").glob("refection-de-la-place*/index.html")
        news_page = html.unescape(works.read_text(encoding="utf-8"))
        assert 'alt="Le clocher du village devant les collines, sous un ciel bleu"' in news_page
        assert "srcset=" in news_page and "Photo : mairie de" in news_page
        assert re.search(
            r'<a href="[^"]*medias/\d+/plan\.pdf"[^>]*>le plan des travaux</a> \(PDF', news_page
        )
        assert list(live.glob("medias/*/plan.pdf"))
    records = {p.name: p.read_bytes() for p in settings.communes_dir.iterdir()}
    releases = {p.name for p in settings.sites_dir.glob("*/releases/*")}
    counts = _counts(database)

    second = bastide("demo", "--no-serve")
    assert second.exit_code == 0, second.output
    assert (
        "déjà créés" in second.output
        and "mots de passe affichés une seule fois" not in second.output
    )
    assert _counts(database) == counts
    assert {p.name: p.read_bytes() for p in settings.communes_dir.iterdir()} == records
    assert {p.name for p in settings.sites_dir.glob("*/releases/*")} == releases
