"""Clerk screens for pages: the shared content screens, with the page form."""

from __future__ import annotations

from app.content.views import ContentAdmin
from app.models import Page
from app.pages.forms import PageForm
from app.pages.services import check_page, save_page
from app.publishing.preview import render_page_preview

screens = ContentAdmin("pages", Page, PageForm, save_page, check_page, render_page_preview)
