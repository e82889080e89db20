"""Municipal acts published online (articles L2131-1 and R2131-1 of the CGCT)."""

from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.config import TIMEZONE
from app.content.errors import NotAllowed
from app.errors import N_
from app.models.base import Base
from app.models.content import ContentItem
from app.models.files import StoredFile, file_snapshot

# An act stays online at least two calendar months after it first went online.
MINIMUM_TIME_ONLINE = relativedelta(months=2)


class MunicipalAct(ContentItem, Base):
    """A délibération, arrêté, décision, procès-verbal or liste des délibérations, with its
    PDF. ``online_since`` is recorded by the platform when a site carrying the act first
    goes live; nobody edits it."""

    __tablename__ = "municipal_acts"
    __table_args__ = (
        UniqueConstraint("commune_id", "slug", name="uq_municipal_acts_commune_slug"),
        UniqueConstraint("intercommunality_id", "slug", name="uq_municipal_acts_epci_slug"),
        ContentItem.owner_constraint(),
    )
    content_type = "municipal_act"
    snapshot_fields = (
        "kind", "number", "title", "slug", "act_date", "author_name", "author_capacity",
        "session_date", "subject", "summary", "file_id", "replaces_id", "voters", "votes_for",
        "votes_against", "abstentions",
    )  # fmt: skip
    translatable_fields = ("title", "summary")

    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(100))
    act_date: Mapped[date]
    author_name: Mapped[str] = mapped_column(String(200), default="")
    author_capacity: Mapped[str] = mapped_column(String(200), default="")
    session_date: Mapped[date | None]  # the council meeting, for deliberations
    subject: Mapped[str] = mapped_column(String(10), default="")  # ACTES "matière", e.g. 7.1
    summary: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"))
    # A correction replaces an act; the replaced act stays listed, marked as replaced.
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipal_acts.id", ondelete="SET NULL")
    )
    voters: Mapped[int | None]  # members taking part in the vote, for deliberations
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    abstentions: Mapped[int | None]
    online_since: Mapped[datetime | None]

    file: Mapped[StoredFile | None] = relationship(StoredFile, lazy="joined")
    replaces: Mapped[MunicipalAct | None] = relationship(remote_side="MunicipalAct.id")

    def snapshot(self) -> dict:
        return {**super().snapshot(), "file": file_snapshot(self.file)}

    @classmethod
    def admin_order(cls) -> tuple:
        return (cls.act_date.desc(), cls.number.desc())

    def check_unpublish(self, now: datetime) -> None:
        if self.online_since is None:
            return
        # Counted in French calendar days: online on 1 July, removable from 1 September.
        earliest = self.online_since.astimezone(TIMEZONE) + MINIMUM_TIME_ONLINE
        if now < earliest:
            raise NotAllowed(
                N_(
                    "An act stays online for at least two months: this one went online on "
                    "%(date)s and may be removed from %(earliest)s. To correct it, publish a "
                    "corrected version."
                ),
                date=_local_day(self.online_since),
                earliest=_local_day(earliest),
            )


def _local_day(moment: datetime) -> str:
    return moment.astimezone(TIMEZONE).strftime("%d/%m/%Y")
