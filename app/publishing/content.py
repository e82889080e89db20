"""What a build publishes: a plain, picklable snapshot of one commune's published content.

The snapshot is taken from the database in one read transaction, so a build never sees
half of a clerk's edit, and the render child process never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.waste.calendar import Round


@dataclass(frozen=True)
class PageContent:
    """The published revision of one page."""

    slug: str
    title: str
    body: str  # Markdown, sanitised when rendered
    menu_position: int
    published_at: datetime


@dataclass(frozen=True)
class EntryContent:
    """The published revision of one directory entry."""

    slug: str
    name: str
    category: str
    published_at: datetime
    summary: str = ""
    body: str = ""  # Markdown, sanitised when rendered
    street: str = ""
    postal_code: str = ""
    town: str = ""
    phones: tuple[str, ...] = ()  # E.164
    email: str = ""
    website: str = ""
    hours: str = ""  # OpenStreetMap opening_hours
    latitude: float | None = None
    longitude: float | None = None
    accessibility: str = ""
    last_checked_on: date | None = None
    is_town_hall: bool = False
    provided_by: str = ""  # the intercommunality's name for a shared entry
    # In an intercommunality's open data, the member commune an entry belongs to.
    collectivity: str = ""
    site_url: str = ""


@dataclass(frozen=True)
class MemberSite:
    """A member commune, as the intercommunality's site links to it."""

    name: str
    url: str
    online: bool


@dataclass(frozen=True)
class WasteZoneContent:
    """A waste-collection zone shown on the site, with its rounds."""

    slug: str  # its feed is collecte-des-dechets/<slug>.ics
    name: str
    # The commune(s) it covers as this site names them: the commune itself on a commune's
    # site, every covered commune on the intercommunality's.
    communes: tuple[str, ...]
    rounds: tuple[Round, ...] = ()


@dataclass(frozen=True)
class SiteContent:
    """Everything needed to generate one commune's site."""

    slug: str
    insee: str
    name: str
    postal_codes: tuple[str, ...]
    population: int | None
    department: str
    intercommunality: str
    hostnames: tuple[str, ...]
    theme: str
    languages: tuple[str, ...]
    live_url: str
    town_hall_address: str = ""
    town_hall_phone: str = ""
    town_hall_email: str = ""
    publication_director: str = ""
    accessibility_status: str = "non"
    pages: tuple[PageContent, ...] = field(default_factory=tuple)
    entries: tuple[EntryContent, ...] = field(default_factory=tuple)
    waste_zones: tuple[WasteZoneContent, ...] = field(default_factory=tuple)
    # An intercommunality's site: its SIREN and the sites of its member communes.
    siren: str = ""
    members: tuple[MemberSite, ...] = field(default_factory=tuple)
    # Its open data covers the whole territory: its entries and every member's own.
    territory_entries: tuple[EntryContent, ...] = field(default_factory=tuple)

    @property
    def is_intercommunality(self) -> bool:
        return bool(self.siren)
