"""The site's "page not found" page: ``404.html`` at the root of every release, served
with status 404 by ``bastide serve`` and the generated nginx configuration."""

from __future__ import annotations

from app.publishing.content import SiteContent
from app.publishing.sections import Section

NOT_FOUND_PAGE = "404.html"


def _direct_templates(content: SiteContent) -> dict[str, str]:
    return {"404": NOT_FOUND_PAGE}


SECTION = Section(name="not_found", direct_templates=_direct_templates)
