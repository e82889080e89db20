"""The home page residents see is composed from what exists: alerts, the town hall, the
latest news, the next events, the usual procedures; an empty section is not shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from html import unescape

from publishing_samples import PUBLISHED, THEMES_DIR, TRANSLATIONS_DIR, site_content

from app.publishing.content import AlertContent, EventContent, NewsContent
from app.publishing.pipeline import build_site

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _home(content, tmp_path) -> str:
    build_site(
        content,
        site_dir=tmp_path,
        release_name="r1",
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
        now=NOW,
    )
    return unescape((tmp_path / "live" / "index.html").read_text(encoding="utf-8"))


def _news(n: int) -> NewsContent:
    return NewsContent(
        slug=f"nouvelle-{n}", title=f"Nouvelle numéro {n}", news_date=date(2026, 11, n),
        published_at=PUBLISHED, summary=f"Résumé {n}",
    )  # fmt: skip


def test_the_home_page_shows_alerts_news_events_and_procedures(tmp_path):
    content = replace(
        site_content(),
        news=tuple(_news(n) for n in range(1, 6)),
        events=(
            EventContent(
                slug="loto",
                title="Loto de l'école",
                starts_on=date(2026, 12, 6),
                ends_on=date(2026, 12, 6),
                start_time=time(14),
                end_time=time(18),
                published_at=PUBLISHED,
                place="Salle des fêtes",
            ),
        ),
        alerts=(
            AlertContent(
                item_id=1,
                message="Route du lac coupée",
                level="vigilance",
                starts_at=NOW - timedelta(hours=1),
                ends_at=NOW + timedelta(days=1),
                published_at=PUBLISHED,
            ),
        ),
    )
    home = _home(content, tmp_path)
    order = [
        home.index("Route du lac coupée"),  # the banner, first
        home.index("Dernières actualités"),
        home.index("Prochainement"),
        home.index("Démarches"),
    ]
    assert order == sorted(order)
    # The latest three news, newest first; the next event with its place.
    assert home.index("Nouvelle numéro 5") < home.index("Nouvelle numéro 3")
    assert "Nouvelle numéro 2" not in home
    assert "Loto de l'école" in home and "Salle des fêtes" in home
    assert "https://www.service-public.fr/particuliers/vosdroits/N358" in home


def test_empty_sections_are_not_shown(tmp_path):
    home = _home(site_content(), tmp_path)
    for heading in ("Dernières actualités", "Prochainement", "Alertes en cours"):
        assert heading not in home
    assert "Démarches" in home  # always useful to a commune's residents
