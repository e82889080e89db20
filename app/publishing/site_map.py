"""The site map page (every page of the site) and the search page."""

from __future__ import annotations

from app.publishing.sections import Section

SECTION = Section(name="site_map")
