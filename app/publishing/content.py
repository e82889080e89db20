"""What a build publishes: a plain, picklable snapshot of one commune's published content.

The snapshot is taken from the database in one read transaction, so a build never sees
half of a clerk's edit, and the render child process never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from app.waste.calendar import Round


@dataclass(frozen=True)
class PageContent:
    """The published revision of one page."""

    slug: str
    title: str
    body: str  # Markdown, sanitised when rendered
    menu_position: int
    published_at: datetime
    # The clerk's translations of its texts: {"oc": {"title": ..., "body": ...}}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # In another language's build, the texts shown in French for want of a translation.
    untranslated: tuple[str, ...] = ()


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
    # The clerk's translations of its texts: {"oc": {"title": ..., "body": ...}}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # In another language's build, the texts shown in French for want of a translation.
    untranslated: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileContent:
    """A file a release publishes byte for byte, found in the file store by its SHA-256."""

    sha256: str
    size: int
    media_type: str
    filename: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class RenditionContent:
    """One resized copy of a library image (WebP, AVIF, or the JPEG/PNG fallback)."""

    width: int
    height: int
    format: str  # "webp", "avif", "jpeg", "png"
    file: FileContent


@dataclass(frozen=True)
class MediaContent:
    """An item of the media library that published texts refer to (``media:<id>``)."""

    id: int
    kind: str  # "image" or "document" (app.models.media.MediaKind)
    title: str
    file: FileContent  # the cleaned original (image) or the document, byte for byte
    alt_text: str = ""
    decorative: bool = False
    credit: str = ""
    renditions: tuple[RenditionContent, ...] = ()
    has_text: bool | None = None  # PDF: False for a scan without text


@dataclass(frozen=True)
class NewsContent:
    """The published revision of one news item (actualité)."""

    slug: str
    title: str
    news_date: date
    published_at: datetime
    summary: str = ""
    body: str = ""  # Markdown, sanitised when rendered
    image: FileContent | None = None
    image_alt: str = ""
    # The clerk's translations of its texts: {"oc": {"title": ..., "body": ...}}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # In another language's build, the texts shown in French for want of a translation.
    untranslated: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventContent:
    """The published revision of one agenda event; times are Europe/Paris wall times."""

    slug: str
    title: str
    starts_on: date
    ends_on: date
    published_at: datetime
    start_time: time | None = None  # None: an all-day event
    end_time: time | None = None
    rrule: str = ""  # RFC 5545, without "RRULE:"
    exdates: tuple[date, ...] = ()
    summary: str = ""
    body: str = ""
    place: str = ""
    place_entry: str = ""  # slug of a directory entry shown on the site
    organiser: str = ""
    organiser_entry: str = ""
    price: str = ""
    is_free: bool = False
    registration_url: str = ""
    # The clerk's translations of its texts: {"oc": {"title": ..., "body": ...}}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # In another language's build, the texts shown in French for want of a translation.
    untranslated: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlertContent:
    """An alert shown on every page of the site between ``starts_at`` and ``ends_at``."""

    item_id: int
    message: str
    level: str  # information, vigilance, urgence
    starts_at: datetime
    ends_at: datetime
    published_at: datetime
    link: str = ""
    provided_by: str = ""  # the intercommunality's name for a shared alert
    # The clerk's translations of its texts: {"oc": {"title": ..., "body": ...}}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # In another language's build, the texts shown in French for want of a translation.
    untranslated: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActContent:
    """The published revision of one municipal act, with its PDF."""

    item_id: int
    slug: str
    kind: str
    number: str
    title: str
    act_date: date
    published_at: datetime
    file: FileContent | None
    online_since: datetime | None = None  # None until a site carrying it first went live
    author_name: str = ""
    author_capacity: str = ""
    session_date: date | None = None
    subject: str = ""
    summary: str = ""
    replaces_id: int | None = None
    voters: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    # The clerk's translations of its texts: {"oc": {"title": ..., "body": ...}}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # In another language's build, the texts shown in French for want of a translation.
    untranslated: tuple[str, ...] = ()


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
class HostContent:
    """Who hosts the sites (LCEN art. 6-III), from the platform's settings."""

    name: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class LegalContent:
    """What the legal pages need besides the contact: app.models.site_profile's values."""

    director_capacity: str = ""
    dpo_name: str = ""
    dpo_email: str = ""
    dpo_address: str = ""
    content_licence: str = ""
    accessibility_audit_date: date | None = None
    accessibility_audit_rate: float | None = None
    accessibility_auditor: str = ""
    accessibility_declared_on: date | None = None
    accessibility_non_compliant: str = ""
    accessibility_derogations: str = ""
    accessibility_exempt: str = ""
    accessibility_contact_url: str = ""


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
    news: tuple[NewsContent, ...] = field(default_factory=tuple)
    events: tuple[EventContent, ...] = field(default_factory=tuple)
    alerts: tuple[AlertContent, ...] = field(default_factory=tuple)
    acts: tuple[ActContent, ...] = field(default_factory=tuple)
    siret: str = ""  # of the collectivity, for open data (empty until the record has it)
    # An intercommunality's site: its SIREN and the sites of its member communes.
    siren: str = ""
    members: tuple[MemberSite, ...] = field(default_factory=tuple)
    # Its open data covers the whole territory: its entries and every member's own.
    territory_entries: tuple[EntryContent, ...] = field(default_factory=tuple)
    # The library items the published texts refer to (only those: the release carries them).
    media: tuple[MediaContent, ...] = field(default_factory=tuple)
    # Identity: the name as the collectivity shows it, its colour ("#rrggbb" as chosen,
    # "" for the theme's), its logo and header photo (also in ``media``).
    display_name: str = ""
    main_color: str = ""
    logo: MediaContent | None = None
    header_photo: MediaContent | None = None
    header_photo_credit: str = ""
    legal: LegalContent = field(default_factory=LegalContent)
    host: HostContent = field(default_factory=HostContent)

    @property
    def is_intercommunality(self) -> bool:
        return bool(self.siren)

    @property
    def shown_name(self) -> str:
        """The name the site shows (the official one unless the collectivity chose one)."""
        return self.display_name or self.name
