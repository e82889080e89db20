"""The media library of a tenant: images and documents clerks insert in their texts.

A media item is not published on its own: the site carries it when a published text
refers to it (``media:<id>`` in the Markdown). Its bytes are stored files (one original,
cleaned; for an image, a few resized renditions), so they live once in the file store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow


class MediaKind:
    IMAGE = "image"
    DOCUMENT = "document"


class MediaItem(Base):
    __tablename__ = "media_items"
    __table_args__ = (
        CheckConstraint("(commune_id IS NULL) <> (intercommunality_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int | None] = mapped_column(
        ForeignKey("communes.id", ondelete="CASCADE"), index=True
    )
    intercommunality_id: Mapped[int | None] = mapped_column(
        ForeignKey("intercommunalities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # MediaKind
    # What the library shows, and a document link's default text.
    title: Mapped[str] = mapped_column(String(200))
    # Images: the alternative text, required unless the image is decorative.
    alt_text: Mapped[str] = mapped_column(String(300), default="")
    decorative: Mapped[bool] = mapped_column(default=False)
    credit: Mapped[str] = mapped_column(String(200), default="")  # "© Photo : …"
    # The original as published (an image re-encoded without metadata; a document as is).
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"))
    # Images: [{"width": 480, "height": 320, "format": "webp", "file_id": 12}, …]
    renditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Bytes counted against the tenant's quota: the original and every rendition.
    total_size: Mapped[int] = mapped_column(default=0)
    # PDF documents: False when no page has text (a scan), None when not known.
    has_text: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    file = relationship("StoredFile")
    created_by = relationship("User")
