"""The directory of local services: typed entries on the shared content life cycle."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
from app.models.content import ContentItem


class DirectoryEntry(ContentItem, Base):
    """A service residents look for: the town hall, the school, the doctor, the déchetterie."""

    __tablename__ = "directory_entries"
    __table_args__ = (
        UniqueConstraint("commune_id", "slug", name="uq_directory_entries_commune_slug"),
        UniqueConstraint("intercommunality_id", "slug", name="uq_directory_entries_epci_slug"),
        # One town hall per commune: the entry whose hours the home page and footer show.
        Index(
            "uq_directory_entries_town_hall",
            "commune_id",
            unique=True,
            sqlite_where=text("is_town_hall = 1"),
            postgresql_where=text("is_town_hall"),
        ),
        ContentItem.owner_constraint(),
    )
    content_type = "directory_entry"
    snapshot_fields = (
        "name", "slug", "category", "summary", "body", "street", "postal_code", "town",
        "phones", "email", "website", "hours", "latitude", "longitude", "accessibility",
        "last_checked_on", "is_town_hall",
    )  # fmt: skip
    translatable_fields = ("name", "summary", "body", "accessibility")

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    street: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)  # E.164, "+33561000000"
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    hours: Mapped[str] = mapped_column(Text, default="")  # OpenStreetMap opening_hours
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    accessibility: Mapped[str] = mapped_column(Text, default="")
    last_checked_on: Mapped[date | None]
    is_town_hall: Mapped[bool] = mapped_column(default=False)

    commune = relationship("Commune")

    @classmethod
    def admin_order(cls) -> tuple:
        return (cls.is_town_hall.desc(), cls.name)

    @property
    def title(self) -> str:
        """Every content item has a title (lists, audit, build reasons)."""
        return self.name
