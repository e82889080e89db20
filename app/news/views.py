"""Clerk screens for news: the shared content screens, with the news form."""

from __future__ import annotations

from typing import Any

from flask import current_app

from app.content.views import ContentAdmin
from app.models import NewsItem
from app.models.base import utcnow
from app.news.forms import NewsForm
from app.news.images import MAX_IMAGE_SIZE
from app.news.services import NewsDraft, check_news, save_news
from app.publishing.content import NewsContent, SiteContent
from app.publishing.news import render_news_preview


def save_news_item(session, owner, item, draft: NewsDraft, version, user) -> NewsItem:
    """save_news with the platform's file store."""
    files_dir = current_app.config["BASTIDE_SETTINGS"].files_dir
    return save_news(session, owner, item, draft, version, user, files_dir=files_dir)


def preview_news(site: SiteContent, draft: NewsDraft, **options: Any) -> str:
    """The preview of a news draft's text (a photo shows once saved and published)."""
    values = check_news(draft)
    item = NewsContent(slug=draft.slug or "apercu", published_at=utcnow(), **values)
    return render_news_preview(site, item, **options)


screens = ContentAdmin(
    "news",
    NewsItem,
    NewsForm,
    save_news_item,
    check_news,
    preview_news,
    # The photo, the text and the form's other fields.
    max_request_size=lambda: MAX_IMAGE_SIZE + 2 * 1024 * 1024,
)
