"""News rules: a dated title, a short summary, a renderable text and, with a photo, its
alternative text. The life cycle itself is the content kernel's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.content.errors import ContentError
from app.content.owners import Owner
from app.content.services import choose_slug, save_item
from app.content.text import check_markdown
from app.errors import N_
from app.files.store import UploadedFile, store_file
from app.models import NewsItem, StoredFile, User
from app.news.images import prepare_image

MAX_SUMMARY_LENGTH = 400
# "actualites/page/2/" is the archive's second page: no item may live at "actualites/page/".
RESERVED_NEWS_SLUGS = frozenset({"page"})


@dataclass(frozen=True)
class NewsDraft:
    """What the clerk typed, and the photo they chose (read, not yet checked)."""

    title: str
    news_date: date | None
    slug: str = ""
    summary: str = ""
    body: str = ""
    image_alt: str = ""
    image: UploadedFile | None = None  # a new photo, replacing the current one
    remove_image: bool = False


def check_news(draft: NewsDraft) -> dict:
    """Validate a draft's text; return its normalised values (no slug, no photo)."""
    if not draft.title.strip():
        raise ContentError(N_("Give the news item a title."), field="title")
    if draft.news_date is None:
        raise ContentError(N_("Give the date of the news item."), field="news_date")
    summary = " ".join(draft.summary.split())
    if len(summary) > MAX_SUMMARY_LENGTH:
        raise ContentError(
            N_("The summary is limited to %(count)d characters."),
            field="summary",
            count=MAX_SUMMARY_LENGTH,
        )
    check_markdown(draft.body)
    if draft.image is not None and not draft.image_alt.strip():
        raise _missing_alt()
    return {
        "title": draft.title.strip(),
        "news_date": draft.news_date,
        "summary": summary,
        "body": draft.body,
    }


def _missing_alt() -> ContentError:
    return ContentError(
        N_("Describe the photo in a few words for people who cannot see it (e.g. « The "
           "choir singing in the church »)."),
        field="image_alt",
    )  # fmt: skip


def save_news(
    session: Session,
    owner: Owner,
    item: NewsItem | None,
    draft: NewsDraft,
    version: int | None,
    user: User | None,
    *,
    files_dir: Path,
) -> NewsItem:
    """Create a news item or save its working copy, with its new photo if one was sent
    (checked and re-encoded first: a refused photo stores nothing)."""
    values = check_news(draft)
    keeps_image = item is not None and item.image_id is not None and not draft.remove_image
    has_image = draft.image is not None or keeps_image
    if has_image and not draft.image_alt.strip():
        raise _missing_alt()
    values["slug"] = choose_slug(
        session,
        owner,
        NewsItem,
        draft.slug,
        draft.title,
        item,
        reserved=RESERVED_NEWS_SLUGS,
        taken_message=N_("Another news item already uses the address « %(slug)s »."),
    )
    values["image_alt"] = draft.image_alt.strip() if has_image else ""
    if draft.image is not None:
        values["image"] = _store_image(session, files_dir, owner, draft.image, user)
    elif not keeps_image:
        values["image"] = None
    saved = save_item(session, owner, NewsItem, item, values, version=version, user=user)
    session.flush()  # image_id follows the relationship before a publication snapshots it
    return saved


def _store_image(
    session: Session, files_dir: Path, owner: Owner, upload: UploadedFile, user: User | None
) -> StoredFile:
    prepared = prepare_image(upload)
    return store_file(
        session,
        files_dir,
        owner,
        prepared.upload,
        media_type=prepared.media_type,
        user=user,
        width=prepared.width,
        height=prepared.height,
    )
