"""What clerks edit: one life cycle shared by every content type.

Each content item is a *working copy* (the row the clerk edits) owned by one tenant, a
commune or an intercommunality. Publishing freezes the item's fields into an immutable
``Revision`` (a JSON snapshot); the site is built from published revisions only, so a
draft never reaches residents. The shape follows django-reversion and Wagtail's
``RevisionMixin``: one generic revision table, keyed by content type and item id.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.models.base import Base, utcnow


class Revision(Base):
    """An immutable snapshot of one content item, made at every save and publication.

    ``published`` revisions are what the sites were built from; they are kept forever.
    The others record the working copy as it was saved (a draft, an autosave, a restore);
    they make the item's history and are pruned after a retention period.
    """

    __tablename__ = "content_revisions"
    __table_args__ = (Index("ix_content_revisions_item", "content_type", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int]
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id", ondelete="CASCADE"))
    intercommunality_id: Mapped[int | None] = mapped_column(
        ForeignKey("intercommunalities.id", ondelete="CASCADE")
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Autosaves by the same person follow each other in one revision, replaced in place.
    autosave: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What made it, when it is not a plain save: "restored from the version of …".
    note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The publication window frozen with the revision: the site shows it from
    # ``visible_from`` (None: at once) until ``visible_until`` (None: until unpublished).
    # Copied from the item's schedule; the scheduler reads these columns.
    visible_from: Mapped[datetime | None] = mapped_column(index=True)
    visible_until: Mapped[datetime | None] = mapped_column(index=True)

    created_by = relationship("User")

    def visible_at(self, at: datetime) -> bool:
        """True if the site built at ``at`` shows this revision."""
        return (self.visible_from is None or self.visible_from <= at) and (
            self.visible_until is None or at < self.visible_until
        )


def _json_value(value: Any) -> Any:
    """Snapshot values are JSON: dates as ISO strings, tuples as lists."""
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json_value(item) for item in value]
    return value


SCHEDULE_FIELDS = ("publish_at", "unpublish_at")


class ReviewState:
    """Where an item stands in the review a commune may require before publication."""

    NONE = ""  # not submitted (or review is off)
    SUBMITTED = "submitted"  # an editor asks a publisher to publish it
    RETURNED = "returned"  # a publisher sent it back with a comment


class ContentItem:
    """Mixin of every content type: tenant owner, version, published revision, authorship.

    A type declares ``content_type`` (its name in revisions and the audit log) and
    ``snapshot_fields`` (what a revision freezes and what "changed since published" compares).
    """

    content_type: ClassVar[str]
    snapshot_fields: ClassVar[tuple[str, ...]]
    # The texts a clerk may translate (a subset of snapshot_fields).
    translatable_fields: ClassVar[tuple[str, ...]] = ()

    id: Mapped[int] = mapped_column(primary_key=True)
    # Incremented on every save; a form based on an older version is a concurrent edit.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "Publier le" / "retirer le": the window the published revision is shown in (UTC).
    publish_at: Mapped[datetime | None]
    unpublish_at: Mapped[datetime | None]
    # Review before publication (when the owner requires it): see ReviewState.
    review_state: Mapped[str] = mapped_column(String(12), default="", server_default="")
    review_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    submitted_at: Mapped[datetime | None]
    # Problems the accessibility check found in the working copy at its last save.
    accessibility_problems: Mapped[int] = mapped_column(default=0, server_default="0")
    # Translations of the item's texts: {"oc": {"title": ..., "body": ...}, "en": {...}};
    # part of the working copy, so they are saved, versioned and published with it.
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )

    @declared_attr
    def commune_id(cls) -> Mapped[int | None]:  # noqa: N805 - SQLAlchemy's declared_attr
        return mapped_column(ForeignKey("communes.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def intercommunality_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("intercommunalities.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def published_revision_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("content_revisions.id", ondelete="SET NULL"))

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr
    def submitted_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr
    def submitted_by(cls):  # noqa: N805
        return relationship("User", foreign_keys=[cls.submitted_by_id])

    @declared_attr
    def published_revision(cls) -> Mapped[Revision | None]:  # noqa: N805
        return relationship(Revision, foreign_keys=[cls.published_revision_id])

    @declared_attr
    def updated_by(cls):  # noqa: N805
        return relationship("User", foreign_keys=[cls.updated_by_id])

    @classmethod
    def admin_order(cls) -> tuple:
        """How the admin lists items of this type (newest first unless a type says)."""
        return (cls.updated_at.desc(),)

    @classmethod
    def owner_constraint(cls) -> CheckConstraint:
        """Exactly one owner: a commune or an intercommunality."""
        return CheckConstraint(
            "(commune_id IS NULL) <> (intercommunality_id IS NULL)", name="one_owner"
        )

    def snapshot(self) -> dict[str, Any]:
        """The fields a revision freezes, as JSON data; the schedule when there is one."""
        data = {name: _json_value(getattr(self, name)) for name in self.snapshot_fields}
        for name in SCHEDULE_FIELDS:
            if getattr(self, name) is not None:
                data[name] = _json_value(getattr(self, name))
        if self.translations:
            data["translations"] = {
                lang: dict(values) for lang, values in sorted(self.translations.items())
            }
        return data

    def check_unpublish(self, now: datetime) -> None:
        """Raise a ContentError if this item may not leave the site now (acts may not)."""

    @property
    def status(self) -> str:
        """``draft``, ``published`` or ``changed`` (published, with unpublished edits)."""
        revision = self.published_revision
        if revision is None:
            return "draft"
        return "published" if revision.data == self.snapshot() else "changed"

    def schedule_state(self, now: datetime) -> str:
        """Where the published revision stands in its window: ``""`` (shown, or nothing
        published), ``scheduled`` (shown later) or ``ended`` (its window is over)."""
        revision = self.published_revision
        if revision is None:
            return ""
        if revision.visible_from is not None and now < revision.visible_from:
            return "scheduled"
        if revision.visible_until is not None and revision.visible_until <= now:
            return "ended"
        return ""


class Page(ContentItem, Base):
    """A page of a site: title, address, Markdown text, place in the menu."""

    __tablename__ = "pages"
    __table_args__ = (
        UniqueConstraint("commune_id", "slug", name="uq_pages_commune_slug"),
        UniqueConstraint("intercommunality_id", "slug", name="uq_pages_epci_slug"),
        ContentItem.owner_constraint(),
    )
    content_type = "page"
    snapshot_fields = ("title", "slug", "body", "menu_position")
    translatable_fields = ("title", "body")

    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text, default="")
    menu_position: Mapped[int] = mapped_column(default=0)

    commune = relationship("Commune")

    @classmethod
    def admin_order(cls) -> tuple:
        return (cls.menu_position, cls.title)


class HiddenSharedItem(Base):
    """A commune's choice not to show one item its intercommunality shares."""

    __tablename__ = "hidden_shared_items"
    __table_args__ = (
        UniqueConstraint("commune_id", "content_type", "item_id", name="uq_hidden_shared_items"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id", ondelete="CASCADE"))
    content_type: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int]
    hidden_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
