"""Read one site's published content from the database into a picklable snapshot.

A commune's site shows its own content and what its intercommunality shares (minus what
the commune hides), and the waste-collection zones covering it; an intercommunality's
site shows its own content, every zone, and links to the sites of its member communes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.config import Settings
from app.content.kinds import CONTENT_KINDS, DIRECTORY_ENTRIES
from app.content.owners import Owner
from app.content.queries import published_items
from app.content.sharing import shared_published_items
from app.media.queries import media_contents
from app.models import Commune, Intercommunality, WasteZone
from app.models.base import utcnow
from app.onboarding.profile_fields import PROFILE_FIELDS
from app.publishing.content import (
    HostContent,
    LegalContent,
    MediaContent,
    MemberSite,
    SiteContent,
    WasteZoneContent,
)
from app.publishing.media import referenced_in
from app.publishing.pipeline import live_release
from app.waste import InvalidRound, Round, check_round
from app.waste.queries import as_round, list_zones, zones_covering

SHARED_SLUG_SUFFIX = "intercommunalite"


def load_site_content(
    session: Session, settings: Settings, site: Owner, at: datetime | None = None
) -> SiteContent:
    """Everything the site built at ``at`` (default: now) shows: published items whose
    schedule includes that instant."""
    at = at or utcnow()
    if isinstance(site, Intercommunality):
        return _epci_site(session, settings, site, at)
    return _commune_site(session, settings, site, at)


def _own_content(session: Session, site: Owner, at: datetime) -> dict[str, tuple]:
    return {
        kind.site_field: tuple(
            kind.to_site(item, revision)
            for item, revision in published_items(session, site, kind.model, at)
        )
        for kind in CONTENT_KINDS
    }


def _with_shared(
    session: Session, commune: Commune, content: dict[str, tuple], at: datetime
) -> None:
    """Add the intercommunality's shared items; a shared item never takes a commune's
    own address (it gets a suffix instead)."""
    epci = commune.intercommunality
    if epci is None:
        return
    for kind in CONTENT_KINDS:
        if kind.shared_to_site is None:
            continue
        own = content[kind.site_field]
        taken = {getattr(item, "slug", None) for item in own}
        shared = []
        for shared_item, revision in shared_published_items(session, commune, kind.model, at):
            item = kind.shared_to_site(shared_item, revision, epci.name)
            if not hasattr(item, "slug"):
                shared.append(item)
                continue
            slug, n = item.slug, 1
            while slug in taken:  # never a commune's own address, nor another shared one
                n += 1
                slug = f"{item.slug}-{SHARED_SLUG_SUFFIX}" + (f"-{n - 1}" if n > 2 else "")
            item = replace(item, slug=slug)
            taken.add(item.slug)
            shared.append(item)
        content[kind.site_field] = own + tuple(shared)


def _commune_site(
    session: Session, settings: Settings, commune: Commune, at: datetime
) -> SiteContent:
    content = _own_content(session, commune, at)
    own = {name: len(items) for name, items in content.items()}
    _with_shared(session, commune, content, at)
    epci = commune.intercommunality
    # The commune's texts show its own library; the texts its intercommunality shares, the
    # intercommunality's.
    media = _media(session, commune, (i for n, items in content.items() for i in items[: own[n]]))
    if epci is not None:
        shared = (i for n, items in content.items() for i in items[own[n] :])
        media += _media(session, epci, shared)
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
        live_url=settings.live_url(commune.slug, commune.hostnames),
        waste_zones=tuple(
            _waste_zone(zone, (commune.name,)) for zone in zones_covering(session, commune)
        ),
        **_profile(session, settings, commune, media),
        **content,
    )


def _epci_site(
    session: Session, settings: Settings, epci: Intercommunality, at: datetime
) -> SiteContent:
    members = epci.communes
    extra: dict[str, Any] = {
        "siren": epci.siren,
        "members": tuple(
            MemberSite(
                name=commune.name,
                url=settings.live_url(commune.slug, commune.hostnames),
                online=live_release(settings.sites_dir / commune.slug) is not None,
            )
            for commune in members
        ),
        "waste_zones": tuple(
            _waste_zone(zone, tuple(c.name for c in zone.communes))
            for zone in list_zones(session, epci)
        ),
    }
    own = _own_content(session, epci, at)
    extra["territory_entries"] = own["entries"] + tuple(
        replace(
            DIRECTORY_ENTRIES.to_site(item, revision),
            collectivity=commune.name,
            site_url=settings.live_url(commune.slug, commune.hostnames),
        )
        for commune in members
        for item, revision in published_items(session, commune, DIRECTORY_ENTRIES.model, at)
    )
    return SiteContent(
        slug=epci.slug,
        insee="",
        name=epci.name,
        postal_codes=tuple(sorted({code for c in members for code in c.postal_codes})),
        population=sum(c.population or 0 for c in members) or None,
        department=", ".join(sorted({c.department for c in members})),
        intercommunality="",
        hostnames=tuple(epci.hostnames),
        theme=epci.theme,
        live_url=settings.live_url(epci.slug, epci.hostnames),
        **_profile(
            session,
            settings,
            epci,
            _media(session, epci, (item for items in own.values() for item in items)),
        ),
        **own,
        **extra,
    )


_LEGAL_COLUMNS = tuple(f.column for f in PROFILE_FIELDS if f.table in ("legal", "accessibility"))


def _profile(
    session: Session, settings: Settings, owner, media: tuple[MediaContent, ...]
) -> dict[str, Any]:
    """The SiteContent fields of the owner's contact, identity and legal values; the logo
    and header photo join the media the release carries."""
    images = {
        name: (media_contents(session, owner, [media_id]) or (None,))[0]
        for name, media_id in (
            ("logo", owner.logo_media_id),
            ("header_photo", owner.header_photo_media_id),
        )
        if media_id is not None
    }
    known = {item.id for item in media}
    extra = tuple(i for i in images.values() if i is not None and i.id not in known)
    return {
        "languages": tuple(owner.languages or ("fr",)),
        "town_hall_address": owner.town_hall_address,
        "town_hall_phone": owner.town_hall_phone,
        "town_hall_email": owner.town_hall_email,
        "publication_director": owner.publication_director,
        "accessibility_status": str(owner.accessibility_status),
        "display_name": owner.display_name,
        "main_color": owner.main_color,
        "header_photo_credit": owner.header_photo_credit,
        "logo": images.get("logo"),
        "header_photo": images.get("header_photo"),
        "media": media + extra,
        "legal": LegalContent(**{c: getattr(owner, c) for c in _LEGAL_COLUMNS}),
        "host": HostContent(settings.host_name, settings.host_address, settings.host_phone),
    }


def _media(session: Session, owner, items) -> tuple[MediaContent, ...]:
    """The owner's library items these published items' texts refer to."""
    return media_contents(session, owner, referenced_in(items))


def _waste_zone(zone: WasteZone, communes: tuple[str, ...]) -> WasteZoneContent:
    """A zone as the site shows it (a round refused by today's rules is left out rather
    than failing every build of the site)."""
    rounds = tuple(round_ for round_ in map(as_round, zone.rounds) if _is_valid(round_))
    return WasteZoneContent(slug=zone.slug, name=zone.name, communes=communes, rounds=rounds)


def _is_valid(round_: Round) -> bool:
    try:
        check_round(round_)
    except InvalidRound:
        return False
    return True
