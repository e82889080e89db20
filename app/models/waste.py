"""Waste-collection calendars an intercommunality (EPCI) keeps for its member communes.

A zone is a whole commune or a named part of one ("Aurignac – centre bourg"), or several
communes collected alike; each round collects one stream there, on a weekday or on listed
dates. The dates themselves are computed by ``app.waste.calendar`` from these rows.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.territory import Commune, Intercommunality

# The member communes a zone covers (a zone may cover part of a commune: the name says which).
waste_zone_communes = Table(
    "waste_zone_communes",
    Base.metadata,
    Column("zone_id", ForeignKey("waste_zones.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "commune_id", ForeignKey("communes.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class WasteZone(Base):
    """Where the same rounds pass; its calendar feed lives at ``<slug>.ics`` on the sites."""

    __tablename__ = "waste_zones"
    __table_args__ = (
        UniqueConstraint("intercommunality_id", "slug", name="uq_waste_zones_epci_slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intercommunality_id: Mapped[int] = mapped_column(
        ForeignKey("intercommunalities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    # Set once from the first name: renaming a zone keeps its feed's address (subscriptions).
    slug: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    intercommunality: Mapped[Intercommunality] = relationship()
    communes: Mapped[list[Commune]] = relationship(
        secondary=waste_zone_communes, order_by=Commune.name
    )
    rounds: Mapped[list[WasteRound]] = relationship(
        back_populates="zone",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="WasteRound.id",
    )

    def __repr__(self) -> str:
        return f"<WasteZone {self.slug}>"


class WasteRound(Base):
    """One stream collected in a zone: on a weekday (every week or every other week) or on
    listed dates, with its public-holiday rule and per-date changes."""

    __tablename__ = "waste_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(
        ForeignKey("waste_zones.id", ondelete="CASCADE"), index=True
    )
    stream: Mapped[str] = mapped_column(String(20))  # a key of app.waste.labels.STREAMS
    recurrence: Mapped[str] = mapped_column(String(10))  # "weekly" or "dates"
    weekday: Mapped[int | None]  # Monday is 0
    every_weeks: Mapped[int] = mapped_column(default=1)
    reference_date: Mapped[date | None]
    dates: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO dates
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    holiday_rule: Mapped[str] = mapped_column(String(30))
    # [original, moved_to] pairs of ISO dates; moved_to is null for a cancelled collection.
    overrides: Mapped[list[list[str | None]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    zone: Mapped[WasteZone] = relationship(back_populates="rounds")
    updated_by = relationship("User")

    def __repr__(self) -> str:
        return f"<WasteRound {self.stream} in zone {self.zone_id}>"
