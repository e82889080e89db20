"""The alerts section of a site (being written)."""

from __future__ import annotations

from app.publishing.sections import Section

SECTION = Section("alerts")
