"""Clerk screens for pages: the shared content screens, with the page form."""

from __future__ import annotations

from app.content.views import ContentAdmin
from app.models import Page
from app.pages.forms import PageForm
from app.pages.queries import PAGE_ORDER
from app.pages.services import check_page, save_page
from app.publishing.preview import render_page_preview

ADMIN = ContentAdmin(
    name="pages",
    url_prefix="/pages",
    model=Page,
    form=PageForm,
    save=save_page,
    check=check_page,
    preview=render_page_preview,
    order_by=PAGE_ORDER,
)
bp = ADMIN.blueprint()
