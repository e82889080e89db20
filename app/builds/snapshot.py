"""Read one commune's published content from the database into a picklable snapshot."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.models import Commune, Page, PageRevision
from app.publishing.content import PageContent, SiteContent


def load_site_content(session: Session, settings: Settings, commune: Commune) -> SiteContent:
    """Everything the commune has published, as the build will render it."""
    revisions = session.scalars(
        select(PageRevision)
        .join(Page, Page.published_revision_id == PageRevision.id)
        .where(Page.commune_id == commune.id)
        .order_by(PageRevision.menu_position, PageRevision.title)
    )
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
        pages=tuple(
            PageContent(
                slug=revision.slug,
                title=revision.title,
                body=revision.body,
                menu_position=revision.menu_position,
                published_at=revision.created_at,
            )
            for revision in revisions
        ),
    )
