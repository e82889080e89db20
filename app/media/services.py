"""Add, describe and delete library items. Every check runs before anything is stored:
a refused upload leaves no file and no row. Services only flush; the caller commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from app import audit
from app.content.errors import NotAllowed
from app.content.owners import Owner, audit_commune, owner_clause, owner_values
from app.errors import N_, DomainError
from app.files.store import FileRefused, UploadedFile, store_file
from app.media import documents, images
from app.media.queries import space_used
from app.media.usage import Usage, media_usage
from app.models import (
    Intercommunality,
    MediaItem,
    MediaKind,
    MunicipalAct,
    NewsItem,
    Revision,
    Role,
    StoredFile,
    User,
)
from app.publishing.media import size_label

TITLE_MAX, ALT_MAX, CREDIT_MAX = 200, 300, 200


class MediaError(DomainError):
    """A library rule was broken; ``field`` names the form field."""


class MediaInUse(MediaError):
    """The item is used by texts of the tenant: it cannot be deleted."""

    def __init__(self, usages: list[Usage]) -> None:
        super().__init__(
            N_("This file is used by the texts listed below: remove it from them first.")
        )
        self.usages = usages


@dataclass(frozen=True)
class MediaDetails:
    """What the clerk says about an item (the image fields are ignored for a document)."""

    title: str = ""
    alt_text: str = ""
    decorative: bool = False
    credit: str = ""


QUOTA_EXCEEDED = N_(
    "The media library of %(name)s is full: %(used)s used of %(quota)s, and this file needs "
    "%(size)s. Delete files you no longer use, or send a lighter file."
)


def title_from_filename(filename: str) -> str:
    """ "compte-rendu_conseil.pdf" -> "Compte rendu conseil"."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    words = re.sub(r"[-_.]+", " ", stem).strip()
    return (words[:1].upper() + words[1:])[:TITLE_MAX] if words else ""


def _checked_details(details: MediaDetails, kind: str, filename: str = "") -> MediaDetails:
    title = " ".join(details.title.split()) or title_from_filename(filename)
    if not title:
        raise MediaError(N_("Give the file a title."), field="title")
    if len(title) > TITLE_MAX:
        raise MediaError(N_("The title is too long (%(max)d characters at most)."),
                         field="title", max=TITLE_MAX)  # fmt: skip
    alt_text = " ".join(details.alt_text.split())
    credit = " ".join(details.credit.split())
    if kind != MediaKind.IMAGE:
        return MediaDetails(title=title)
    if not alt_text and not details.decorative:
        raise MediaError(
            N_("Describe the image for people who cannot see it (alternative text), or tick "
               "« decorative » if it shows nothing useful."),
            field="alt_text",
        )  # fmt: skip
    if len(alt_text) > ALT_MAX:
        raise MediaError(N_("The alternative text is too long (%(max)d characters at most)."),
                         field="alt_text", max=ALT_MAX)  # fmt: skip
    if len(credit) > CREDIT_MAX:
        raise MediaError(N_("The credit is too long (%(max)d characters at most)."),
                         field="credit", max=CREDIT_MAX)  # fmt: skip
    return MediaDetails(title, "" if details.decorative else alt_text, details.decorative, credit)


def prepare_upload(upload: UploadedFile) -> images.PreparedImage | documents.PreparedDocument:
    """Recognise a file by its content and check it (FileRefused says why not)."""
    if documents.is_pdf(upload.data):
        return documents.prepare_pdf(upload)
    if documents.is_zip(upload.data):
        return documents.prepare_office_file(upload)
    return images.prepare_image(upload)


def add_media(
    session: Session,
    files_dir: Path,
    owner: Owner,
    upload: UploadedFile,
    details: MediaDetails,
    *,
    user: User | None,
    quota: int,
) -> MediaItem:
    """Check the file, its description and the quota, then store it and record the item."""
    prepared = prepare_upload(upload)
    kind = MediaKind.IMAGE if isinstance(prepared, images.PreparedImage) else MediaKind.DOCUMENT
    details = _checked_details(details, kind, upload.filename)
    is_image = isinstance(prepared, images.PreparedImage)
    size = prepared.size if is_image else len(prepared.upload.data)
    used = space_used(session, owner)
    if used + size > quota:
        raise FileRefused(
            QUOTA_EXCEEDED,
            field="file",
            name=owner.name,
            used=size_label(used),
            quota=size_label(quota),
            size=size_label(size),
        )
    if isinstance(prepared, images.PreparedImage):
        files = _store_image(session, files_dir, owner, prepared, user)
    else:
        stored = store_file(session, files_dir, owner, prepared.upload,
                            media_type=prepared.media_type, user=user)  # fmt: skip
        files = {"file_id": stored.id, "renditions": [], "has_text": prepared.has_text}
    item = MediaItem(
        **owner_values(owner),
        **files,
        kind=kind,
        title=details.title,
        alt_text=details.alt_text,
        decorative=details.decorative,
        credit=details.credit,
        total_size=size,
        created_by_id=user.id if user else None,
    )
    session.add(item)
    session.flush()
    _audit(session, "uploaded", owner, item, user, size=size, kind=kind)
    return item


def _store_image(
    session: Session, files_dir: Path, owner: Owner, prepared: images.PreparedImage, user
) -> dict:
    """Store every copy; the item's file columns (the fallback is the cleaned original)."""
    renditions, fallback_id = [], None
    for rendition in prepared.renditions:
        stored = store_file(
            session, files_dir, owner, rendition.upload, media_type=rendition.media_type,
            user=user, width=rendition.width, height=rendition.height,
        )  # fmt: skip
        renditions.append({"width": rendition.width, "height": rendition.height,
                           "format": rendition.format, "file_id": stored.id})  # fmt: skip
        if rendition is prepared.fallback:
            fallback_id = stored.id
    return {"file_id": fallback_id, "renditions": renditions, "has_text": None}


def update_media(
    session: Session, owner: Owner, item: MediaItem, details: MediaDetails, *, user: User | None
) -> MediaItem:
    """Change what the clerk says about an item (its files stay)."""
    checked = _checked_details(details, item.kind)
    item.title, item.alt_text = checked.title, checked.alt_text
    item.decorative, item.credit = checked.decorative, checked.credit
    session.flush()
    _audit(session, "updated", owner, item, user)
    return item


def delete_media(
    session: Session, owner: Owner, item: MediaItem, *, user: User | None, role: Role | str
) -> None:
    """Delete an item no text uses (publishers only); its files go unless used elsewhere."""
    if role != Role.PUBLISHER:
        raise NotAllowed(N_("Only a publisher can delete a file of the library."))
    usages = media_usage(session, owner, item.id)
    if usages:
        raise MediaInUse(usages)
    file_ids = {item.file_id} | {r["file_id"] for r in item.renditions or []}
    _audit(session, "deleted", owner, item, user)
    session.delete(item)
    session.flush()
    _delete_unused_files(session, owner, file_ids)


def _delete_unused_files(session: Session, owner: Owner, file_ids: set[int]) -> None:
    """Forget the stored files nothing else needs (their bytes are pruned later; live
    releases keep their own links): not another library item, an act, a news photo, nor
    any kept version of a text (revisions name files by their SHA-256)."""
    used: set[int] = set()
    for other in session.scalars(select(MediaItem).where(owner_clause(MediaItem, owner))):
        used |= {other.file_id} | {r["file_id"] for r in other.renditions or []}
    for file_id in sorted(file_ids - used):
        stored = session.get(StoredFile, file_id)
        if stored is not None and not _needed_elsewhere(session, stored):
            session.delete(stored)
    session.flush()


def _needed_elsewhere(session: Session, stored: StoredFile) -> bool:
    references = [
        select(MunicipalAct.id).where(MunicipalAct.file_id == stored.id),
        select(NewsItem.id).where(NewsItem.image_id == stored.id),
        select(Revision.id).where(cast(Revision.data, String).contains(stored.sha256)),
    ]
    return any(session.scalar(query.limit(1)) is not None for query in references)


def _audit(session, verb: str, owner: Owner, item: MediaItem, user, **details) -> None:
    if isinstance(owner, Intercommunality):
        details["intercommunality"] = owner.siren
    audit.record(
        session,
        f"media.{verb}",
        user=user,
        commune=audit_commune(owner),
        target=f"media:{item.id}",
        title=item.title,
        **details,
    )
