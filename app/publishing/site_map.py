"""The site map page (every page of the site) and the search page.

The site map lists the clerk's pages, the sections (news, agenda, alerts, acts by kind,
waste collection), the directory by category and the legal pages; the home page links
to it instead of listing every page. The search page (``recherche/``) lists the results
of the Pagefind index (app.publishing.search) with the theme's ``search.js``; without
JavaScript, or without an index, it leads to the site map.
"""

from __future__ import annotations

from typing import Any

from app.publishing.content import SiteContent
from app.publishing.search import INDEX_DIR, SEARCH_PATH, SITE_MAP_PATH
from app.publishing.sections import Section


def site_map_context(content: SiteContent, **options: Any) -> dict[str, Any]:
    """``SEARCH_URL``, ``SITE_MAP_URL`` and ``SEARCH_BUNDLE_URL`` (the Pagefind bundle)."""
    return {
        "SEARCH_URL": f"{SEARCH_PATH}/",
        "SITE_MAP_URL": f"{SITE_MAP_PATH}/",
        "SEARCH_BUNDLE_URL": f"{INDEX_DIR}/",
    }


def site_map_templates(content: SiteContent) -> dict[str, str]:
    """The search page and the site map, as Pelican direct templates."""
    return {"search": f"{SEARCH_PATH}/index.html", "site_map": f"{SITE_MAP_PATH}/index.html"}


def site_map_paths(content: SiteContent) -> list[str]:
    return [SEARCH_PATH, SITE_MAP_PATH]


SECTION = Section(
    name="site_map",
    context=site_map_context,
    direct_templates=site_map_templates,
    paths=site_map_paths,
)
