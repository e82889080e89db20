"""Builds of a commune's site and the release folders they produce."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow, value_enum


class BuildStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Build(Base):
    """One requested publication of a commune's site."""

    __tablename__ = "builds"
    __table_args__ = (
        # At most one waiting build per commune: later edits coalesce into it.
        Index(
            "uq_builds_one_queued_per_commune",
            "commune_id",
            unique=True,
            sqlite_where=text("status = 'queued'"),
            postgresql_where=text("status = 'queued'"),
        ),
        Index("ix_builds_commune_requested", "commune_id", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id", ondelete="CASCADE"))
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
    release: Mapped[Release | None] = relationship(back_populates="build", uselist=False)


class Release(Base):
    """A complete, checked output folder of a build; at most one per commune is live."""

    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(
        ForeignKey("communes.id", ondelete="CASCADE"), index=True
    )
    build_id: Mapped[int] = mapped_column(ForeignKey("builds.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    live_since: Mapped[datetime | None]
    pruned_at: Mapped[datetime | None]

    build: Mapped[Build] = relationship(back_populates="release")
