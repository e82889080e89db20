"""SQLAlchemy models of the platform; import them from here."""

from app.models.accounts import Invitation, LoginFailure, Membership, Role, User
from app.models.acts import MunicipalAct
from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.content import ContentItem, HiddenSharedItem, Page, ReviewState, Revision
from app.models.directory import DirectoryEntry
from app.models.files import StoredFile
from app.models.media import MediaItem, MediaKind
from app.models.news import Alert, Event, NewsItem
from app.models.publishing import Build, BuildStatus, Release
from app.models.territory import AccessibilityStatus, Commune, Intercommunality
from app.models.waste import WasteRound, WasteZone, waste_zone_communes

__all__ = [
    "AccessibilityStatus",
    "Alert",
    "AuditEntry",
    "Base",
    "Build",
    "BuildStatus",
    "Commune",
    "ContentItem",
    "DirectoryEntry",
    "Event",
    "HiddenSharedItem",
    "Intercommunality",
    "Invitation",
    "LoginFailure",
    "MediaItem",
    "MediaKind",
    "Membership",
    "MunicipalAct",
    "NewsItem",
    "Page",
    "Release",
    "ReviewState",
    "Revision",
    "Role",
    "StoredFile",
    "User",
    "WasteRound",
    "WasteZone",
    "waste_zone_communes",
]
