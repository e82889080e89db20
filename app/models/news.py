"""News (actualités), agenda events and alerts: content types on the shared life cycle."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
from app.models.content import ContentItem
from app.models.files import StoredFile, file_snapshot


def _unique_slug(table: str) -> tuple[UniqueConstraint, UniqueConstraint]:
    return (
        UniqueConstraint("commune_id", "slug", name=f"uq_{table}_commune_slug"),
        UniqueConstraint("intercommunality_id", "slug", name=f"uq_{table}_epci_slug"),
    )


class NewsItem(ContentItem, Base):
    """An actualité: dated, with a summary, an optional photo and a text."""

    __tablename__ = "news_items"
    __table_args__ = (*_unique_slug("news_items"), ContentItem.owner_constraint())
    content_type = "news"
    snapshot_fields = ("title", "slug", "news_date", "summary", "body", "image_id", "image_alt")
    translatable_fields = ("title", "summary", "body", "image_alt")

    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100))
    news_date: Mapped[date]
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    image_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    image_alt: Mapped[str] = mapped_column(String(300), default="")

    image: Mapped[StoredFile | None] = relationship(StoredFile, lazy="joined")

    def snapshot(self) -> dict:
        return {**super().snapshot(), "image": file_snapshot(self.image)}

    @classmethod
    def admin_order(cls) -> tuple:
        return (cls.news_date.desc(), cls.title)


class Event(ContentItem, Base):
    """An event of the agenda, once or recurring (an RRULE in Europe/Paris wall time)."""

    __tablename__ = "events"
    __table_args__ = (*_unique_slug("events"), ContentItem.owner_constraint())
    content_type = "event"
    snapshot_fields = (
        "title", "slug", "summary", "body", "starts_on", "start_time", "ends_on", "end_time",
        "rrule", "exdates", "place", "place_entry", "organiser", "organiser_entry", "price",
        "is_free", "registration_url",
    )  # fmt: skip
    translatable_fields = ("title", "summary", "body", "place", "price")

    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Local (Europe/Paris) dates and times; no time means an all-day event.
    starts_on: Mapped[date]
    start_time: Mapped[time | None]
    ends_on: Mapped[date]
    end_time: Mapped[time | None]
    # RFC 5545 recurrence rule without "RRULE:" ("FREQ=WEEKLY;BYDAY=SA;UNTIL=20270630"),
    # and the ISO dates of occurrences that do not take place.
    rrule: Mapped[str] = mapped_column(String(300), default="")
    exdates: Mapped[list[str]] = mapped_column(JSON, default=list)
    place: Mapped[str] = mapped_column(String(300), default="")
    place_entry: Mapped[str] = mapped_column(String(100), default="")  # a directory slug
    organiser: Mapped[str] = mapped_column(String(200), default="")
    organiser_entry: Mapped[str] = mapped_column(String(100), default="")
    price: Mapped[str] = mapped_column(String(200), default="")
    is_free: Mapped[bool] = mapped_column(default=False)
    registration_url: Mapped[str] = mapped_column(String(500), default="")

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @classmethod
    def admin_order(cls) -> tuple:
        return (cls.starts_on.desc(), cls.title)


class Alert(ContentItem, Base):
    """An urgent message shown on every page between its start and its mandatory end
    (the item's schedule: ``publish_at`` and ``unpublish_at``)."""

    __tablename__ = "alerts"
    __table_args__ = (ContentItem.owner_constraint(),)
    content_type = "alert"
    snapshot_fields = ("message", "level", "link")
    translatable_fields = ("message",)

    message: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(20))  # information, vigilance, urgence
    link: Mapped[str] = mapped_column(String(500), default="")  # "en savoir plus"

    @property
    def title(self) -> str:
        return self.message if len(self.message) <= 80 else self.message[:79] + "…"

    @classmethod
    def admin_order(cls) -> tuple:
        return (cls.unpublish_at.desc(), cls.id.desc())
