"""Files a tenant uploaded (the PDF of an act, the photo of a news item).

The bytes live once in the data directory under their SHA-256 (``files/ab/abcd…``); this
row says who uploaded them, under which name, and what they are. A release links the
bytes it publishes, so the file residents download is the file uploaded, byte for byte.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class StoredFile(Base):
    __tablename__ = "stored_files"
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
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    media_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(200))  # cleaned name, for the download
    width: Mapped[int | None]  # images only
    height: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


def file_snapshot(stored: StoredFile | None) -> dict | None:
    """What a revision freezes of a file: enough to publish it without the row."""
    if stored is None:
        return None
    return {
        "sha256": stored.sha256,
        "size": stored.size,
        "media_type": stored.media_type,
        "filename": stored.filename,
        "width": stored.width,
        "height": stored.height,
    }
