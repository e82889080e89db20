"""Sample events of Aurignac's agenda, seen on 25 November 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from publishing_samples import PUBLISHED, site_content

from app.config import TIMEZONE
from app.publishing.content import EventContent

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=TIMEZONE).astimezone(UTC)

# Every Saturday morning until the end of June, not on Boxing Day; at the town hall.
MARKET = EventContent(
    slug="marche",
    title="Marché de plein vent",
    starts_on=date(2026, 12, 5),
    ends_on=date(2026, 12, 5),
    published_at=PUBLISHED,
    start_time=time(8),
    end_time=time(12),
    rrule="FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=SA",
    exdates=(date(2026, 12, 26),),
    summary="Producteurs locaux.",
    place_entry="mairie",
    organiser="Comité des fêtes",
    organiser_entry="bibliotheque",
    is_free=True,
)
# The first Sunday of each month, all day.
FLEA_MARKET = EventContent(
    slug="vide-grenier",
    title="Vide-grenier",
    starts_on=date(2026, 12, 6),
    ends_on=date(2026, 12, 6),
    published_at=PUBLISHED,
    rrule="FREQ=MONTHLY;UNTIL=20270630;BYDAY=1SU",
    place="Place de l'Église",
)
# Over: five days before NOW.
CONCERT = EventContent(
    slug="concert",
    title="Concert </script><b>",
    starts_on=date(2026, 11, 20),
    ends_on=date(2026, 11, 20),
    published_at=PUBLISHED,
    start_time=time(20, 30),
    end_time=time(22, 30),
    price="8 € ; gratuit pour les enfants",
    registration_url="https://billets.example.fr/concert",
    body="Un **concert** de jazz.",
)
FESTIVAL = EventContent(
    slug="festival",
    title="Festival",
    starts_on=date(2026, 12, 11),
    ends_on=date(2026, 12, 13),
    published_at=PUBLISHED,
)
# Over for more than a year: neither in the archive nor in the whole agenda's feed.
OLD_FAIR = EventContent(
    slug="foire-2025",
    title="Foire 2025",
    starts_on=date(2025, 10, 4),
    ends_on=date(2025, 10, 4),
    published_at=PUBLISHED,
)
EVENTS = (MARKET, FLEA_MARKET, CONCERT, FESTIVAL, OLD_FAIR)


def agenda_site(**overrides):
    """Aurignac's site (town hall, library...) with the sample agenda."""
    return site_content(**{"events": EVENTS, **overrides})
