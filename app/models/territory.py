"""Communes and the intercommunalities (EPCI) they belong to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.site_profile import AccessibilityStatus, SiteProfile

__all__ = ["AccessibilityStatus", "Commune", "Intercommunality"]


class Intercommunality(SiteProfile, Base):
    """An EPCI: a tenant with its own site, whose shared content shows on member sites."""

    __tablename__ = "intercommunalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    siren: Mapped[str] = mapped_column(String(9), unique=True)
    # Its site and admin space live under this slug, never used by a commune.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    hostnames: Mapped[list[str]] = mapped_column(JSON, default=list)
    theme: Mapped[str] = mapped_column(String(40), default="bastide")
    # Editors submit their changes; a publisher reviews them before they go online.
    review_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    communes: Mapped[list[Commune]] = relationship(
        back_populates="intercommunality", order_by="Commune.name"
    )

    def __repr__(self) -> str:
        return f"<Intercommunality {self.slug} ({self.siren})>"


class Commune(SiteProfile, Base):
    """A member commune; its declarative record lives in ``communes/<slug>.toml``."""

    __tablename__ = "communes"

    id: Mapped[int] = mapped_column(primary_key=True)
    insee: Mapped[str] = mapped_column(String(5), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    postal_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    population: Mapped[int | None]
    department: Mapped[str] = mapped_column(String(3))
    intercommunality_id: Mapped[int | None] = mapped_column(
        ForeignKey("intercommunalities.id", ondelete="SET NULL")
    )
    hostnames: Mapped[list[str]] = mapped_column(JSON, default=list)
    theme: Mapped[str] = mapped_column(String(40), default="bastide")
    # Editors submit their changes; a publisher reviews them before they go online.
    review_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    intercommunality: Mapped[Intercommunality | None] = relationship(back_populates="communes")

    def __repr__(self) -> str:
        return f"<Commune {self.slug} ({self.insee})>"
