"""Act rules: the kind's required fields, vote counts that add up, a safe PDF kept once
online, corrections that replace an act of the same owner."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.acts.kinds import ACT_KINDS, KIND_SLUGS
from app.acts.pdf import MEDIA_TYPE, check_pdf
from app.config import TIMEZONE
from app.content.errors import ContentError
from app.content.owners import Owner, owner_clause
from app.content.queries import ItemNotFound, get_item
from app.content.services import choose_slug, save_item
from app.db import settings_of
from app.errors import N_
from app.files.store import UploadedFile, store_file
from app.models import Intercommunality, MunicipalAct, User

VOTE_FIELDS = ("voters", "votes_for", "votes_against", "abstentions")
MAYOR, PRESIDENT = "Maire", "Président(e)"


@dataclass(frozen=True)
class ActDraft:
    kind: str
    number: str
    title: str
    slug: str
    act_date: date
    author_name: str = ""
    author_capacity: str = ""
    session_date: date | None = None
    subject: str = ""
    summary: str = ""
    upload: UploadedFile | None = None  # a new PDF; None keeps the current one
    replaces_id: int | None = None
    voters: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None


def default_author(owner: Owner) -> tuple[str, str]:
    """Who signs a new act, from the owner's record: its publication director, as mayor
    (a commune) or president (an intercommunality)."""
    if isinstance(owner, Intercommunality):
        return "", PRESIDENT
    return owner.publication_director, MAYOR


def check_act(draft: ActDraft) -> None:
    """What must hold before an act is saved or previewed."""
    kind = ACT_KINDS.get(draft.kind)
    if kind is None:
        raise ContentError(N_("Choose the kind of act."), field="kind")
    if kind.needs_session and draft.session_date is None:
        raise ContentError(
            N_("Give the date of the council meeting that adopted it."), field="session_date"
        )
    votes = [getattr(draft, name) for name in VOTE_FIELDS]
    if any(value is not None and value < 0 for value in votes):
        raise ContentError(N_("Vote counts cannot be negative."), field="voters")
    voters, *counts = votes
    if voters is not None and sum(value or 0 for value in counts) > voters:
        raise ContentError(
            N_("Votes for, against and abstentions add up to more than the members voting."),
            field="voters",
        )
    if draft.upload is not None:
        check_pdf(draft.upload)


def save_act(
    session: Session,
    owner: Owner,
    act: MunicipalAct | None,
    draft: ActDraft,
    version: int | None,
    user: User | None,
) -> MunicipalAct:
    """Create an act or save its working copy; the PDF is stored only once every rule
    holds (nothing is written for a refused file)."""
    check_act(draft)
    if act is None and draft.upload is None:
        raise ContentError(N_("Attach the PDF of the act."), field="file")
    replaces_id = act.replaces_id if act is not None else draft.replaces_id
    if act is None and replaces_id is not None:
        act_to_correct(session, owner, replaces_id)
    slug = choose_slug(
        session,
        owner,
        MunicipalAct,
        draft.slug,
        f"{draft.number} {draft.title}",
        act,
        reserved=KIND_SLUGS,
        taken_message=N_("Another act already uses the address « %(slug)s »."),
    )
    values = {
        "kind": draft.kind,
        "number": draft.number.strip(),
        "title": draft.title.strip(),
        "slug": slug,
        "act_date": draft.act_date,
        "author_name": draft.author_name.strip(),
        "author_capacity": draft.author_capacity.strip(),
        "session_date": draft.session_date,
        "subject": draft.subject,
        "summary": draft.summary.strip(),
        "replaces_id": replaces_id,
        **_votes(draft),
    }
    if act is not None and act.version != version:
        # Refuse a stale edit before the PDF reaches the disk (save_item says why).
        return save_item(session, owner, MunicipalAct, act, {}, version=version, user=user)
    if draft.upload is not None:
        values["file_id"] = _stored_pdf(session, owner, act, draft.upload, user).id
    return save_item(session, owner, MunicipalAct, act, values, version=version, user=user)


def _votes(draft: ActDraft) -> dict[str, int | None]:
    """The vote counts; only a deliberation has them."""
    keep = ACT_KINDS[draft.kind].has_votes
    return {name: getattr(draft, name) if keep else None for name in VOTE_FIELDS}


def _stored_pdf(
    session: Session, owner: Owner, act: MunicipalAct | None, upload: UploadedFile, user
):
    """Store the PDF; an act that went online keeps its PDF (the same bytes sent again
    are not a change)."""
    if act is not None and act.online_since is not None and act.file is not None:
        if hashlib.sha256(upload.data).hexdigest() == act.file.sha256:
            return act.file
        raise ContentError(
            N_(
                "This act has been online since %(date)s: its PDF can no longer be replaced. "
                "Publish a corrected version instead."
            ),
            field="file",
            date=act.online_since.astimezone(TIMEZONE).strftime("%d/%m/%Y"),
        )
    stem = upload.filename.removesuffix(".pdf").strip("-._") or "acte"
    upload = replace(upload, filename=f"{stem}.pdf")  # never an index.html next to the page
    files_dir = settings_of(session).files_dir
    return store_file(session, files_dir, owner, upload, media_type=MEDIA_TYPE, user=user)


def act_to_correct(session: Session, owner: Owner, act_id: int) -> MunicipalAct:
    """The owner's act a new act corrects; refused if another act already replaces it."""
    try:
        act = get_item(session, owner, MunicipalAct, act_id)
    except ItemNotFound:
        raise ContentError(N_("The act to correct was not found."), field="replaces") from None
    later = replacement_of(session, owner, act)
    if later is not None:
        raise ContentError(
            N_("This act is already replaced by act %(number)s."),
            field="replaces",
            number=later.number,
        )
    return act


def replacement_of(session: Session, owner: Owner, act: MunicipalAct) -> MunicipalAct | None:
    """The owner's act that replaces ``act``, if any."""
    query = select(MunicipalAct).where(
        owner_clause(MunicipalAct, owner), MunicipalAct.replaces_id == act.id
    )
    return session.scalar(query.order_by(MunicipalAct.id).limit(1))
