"""Read one commune's published content from the database into a picklable snapshot."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.config import Settings
from app.content.kinds import CONTENT_KINDS
from app.content.queries import published_revisions
from app.models import Commune
from app.publishing.content import SiteContent


def load_site_content(session: Session, settings: Settings, commune: Commune) -> SiteContent:
    """Everything the commune has published, as the build will render it."""
    published = {
        kind.site_field: tuple(
            kind.to_site(revision) for revision in published_revisions(session, commune, kind.model)
        )
        for kind in CONTENT_KINDS
    }
    epci = commune.intercommunality
    return SiteContent(
        slug=commune.slug,
        insee=commune.insee,
        name=commune.name,
        postal_codes=tuple(commune.postal_codes),
        population=commune.population,
        department=commune.department,
        intercommunality=epci.name if epci else "",
        hostnames=tuple(commune.hostnames),
        theme=commune.theme,
        languages=tuple(commune.languages),
        live_url=settings.live_url(commune.slug, commune.hostnames),
        town_hall_address=commune.town_hall_address,
        town_hall_phone=commune.town_hall_phone,
        town_hall_email=commune.town_hall_email,
        publication_director=commune.publication_director,
        accessibility_status=str(commune.accessibility_status),
        **published,
    )
