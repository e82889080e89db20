"""SQLAlchemy models of the platform; import them from here."""

from app.models.accounts import Invitation, LoginFailure, Membership, Role, User
from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.content import ContentItem, HiddenSharedItem, Page, Revision
from app.models.directory import DirectoryEntry
from app.models.publishing import Build, BuildStatus, Release
from app.models.territory import AccessibilityStatus, Commune, Intercommunality
from app.models.waste import WasteRound, WasteZone, waste_zone_communes

__all__ = [
    "AccessibilityStatus",
    "AuditEntry",
    "Base",
    "Build",
    "BuildStatus",
    "Commune",
    "ContentItem",
    "DirectoryEntry",
    "HiddenSharedItem",
    "Intercommunality",
    "Invitation",
    "LoginFailure",
    "Membership",
    "Page",
    "Release",
    "Revision",
    "Role",
    "User",
    "WasteRound",
    "WasteZone",
    "waste_zone_communes",
]
