"""Builds of a commune's site and the release folders they produce."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow, value_enum


class BuildStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


def _one_site_owner() -> CheckConstraint:
    return CheckConstraint(
        "(commune_id IS NULL) <> (intercommunality_id IS NULL)", name="one_owner"
    )


def _one_queued(column: str) -> Index:
    """At most one waiting build per site: later edits coalesce into it."""
    return Index(
        f"uq_builds_one_queued_per_{column.removesuffix('_id')}",
        column,
        unique=True,
        sqlite_where=text("status = 'queued'"),
        postgresql_where=text("status = 'queued'"),
    )


class SiteOwned:
    """A row about one site: a commune's or an intercommunality's."""

    @property
    def site_owner(self):
        """The commune or intercommunality whose site this is."""
        return self.commune if self.commune_id is not None else self.intercommunality


class Build(SiteOwned, Base):
    """One requested publication of a site."""

    __tablename__ = "builds"
    __table_args__ = (
        _one_queued("commune_id"),
        _one_queued("intercommunality_id"),
        Index("ix_builds_commune_requested", "commune_id", "requested_at"),
        # A site's latest builds (the dashboard's state and recent publications) are read
        # from the end of the index, without sorting every build the site ever had.
        Index("ix_builds_commune_latest", "commune_id", "id"),
        Index("ix_builds_epci_latest", "intercommunality_id", "id"),
        _one_site_owner(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id", ondelete="CASCADE"))
    intercommunality_id: Mapped[int | None] = mapped_column(
        ForeignKey("intercommunalities.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[BuildStatus] = mapped_column(value_enum(BuildStatus), default=BuildStatus.QUEUED)
    reason: Mapped[str] = mapped_column(String(200), default="")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    pages_written: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    log: Mapped[str] = mapped_column(Text, default="")

    commune = relationship("Commune")
    intercommunality = relationship("Intercommunality")
    release: Mapped[Release | None] = relationship(back_populates="build", uselist=False)


class Release(SiteOwned, Base):
    """A complete, checked output folder of a build; at most one per site is live."""

    __tablename__ = "releases"
    __table_args__ = (
        _one_site_owner(),
        # "Online since": a site's latest live release, read from the end of the index.
        Index("ix_releases_commune_live", "commune_id", "live_since"),
        Index("ix_releases_epci_live", "intercommunality_id", "live_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int | None] = mapped_column(
        ForeignKey("communes.id", ondelete="CASCADE"), index=True
    )
    intercommunality_id: Mapped[int | None] = mapped_column(
        ForeignKey("intercommunalities.id", ondelete="CASCADE"), index=True
    )
    build_id: Mapped[int] = mapped_column(ForeignKey("builds.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    live_since: Mapped[datetime | None]
    pruned_at: Mapped[datetime | None]

    build: Mapped[Build] = relationship(back_populates="release")
    commune = relationship("Commune")
    intercommunality = relationship("Intercommunality")
