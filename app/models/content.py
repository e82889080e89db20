"""What a clerk edits. Pages keep a working copy and the revision that is published."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow


class Page(Base):
    """A page of a commune's site: the working copy the clerk edits."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("commune_id", "slug", name="uq_pages_commune_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(
        ForeignKey("communes.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text, default="")
    menu_position: Mapped[int] = mapped_column(default=0)
    # Incremented on every save; a form based on an older version is a concurrent edit.
    version: Mapped[int] = mapped_column(default=1)
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("page_revisions.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    commune = relationship("Commune")
    published_revision: Mapped[PageRevision | None] = relationship(
        foreign_keys=[published_revision_id], post_update=True
    )
    updated_by = relationship("User")

    @property
    def status(self) -> str:
        """``draft``, ``published`` or ``changed`` (published, with unpublished edits)."""
        revision = self.published_revision
        if revision is None:
            return "draft"
        same = (revision.title, revision.slug, revision.body, revision.menu_position) == (
            self.title,
            self.slug,
            self.body,
            self.menu_position,
        )
        return "published" if same else "changed"


class PageRevision(Base):
    """An immutable snapshot of a page, made each time it is published."""

    __tablename__ = "page_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    menu_position: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
