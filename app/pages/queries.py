"""Tenant-scoped reads of pages."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.content.owners import Owner
from app.content.queries import list_items
from app.models import Page


def list_pages(session: Session, owner: Owner) -> list[Page]:
    """The owner's pages in menu order."""
    return list_items(session, owner, Page, *Page.admin_order())
