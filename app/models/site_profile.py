"""What a site says about its collectivity: contact, identity, legal and accessibility data.

Shared by communes and intercommunalities (both have a site). A commune's values are also
written to its record file (``communes/<slug>.toml``, see app.onboarding.profile_fields);
the admin's settings screens edit them so nobody has to edit TOML.
"""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from app.models.base import value_enum


class AccessibilityStatus(enum.StrEnum):
    """Compliance with the RGAA, as the footer mention must state it."""

    NON = "non"
    PARTIELLEMENT = "partiellement"
    TOTALEMENT = "totalement"


DEFAULT_LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"


class SiteProfile:
    """Columns of a site's owner (mixin of Commune and Intercommunality)."""

    # Contact: the town hall, or the intercommunality's seat.
    town_hall_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    town_hall_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    town_hall_email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Languages of the site: French first, then the extra ones the site is built in.
    languages: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: ["fr"], server_default='["fr"]'
    )

    # Identity: the name as the collectivity wants it shown (empty: its official name),
    # its coat of arms or logo and header photo (items of its media library), its colour.
    display_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    main_color: Mapped[str] = mapped_column(String(7), default="", server_default="")
    header_photo_credit: Mapped[str] = mapped_column(String(200), default="", server_default="")

    @declared_attr
    def logo_media_id(cls) -> Mapped[int | None]:  # noqa: N805 - SQLAlchemy's declared_attr
        return mapped_column(ForeignKey("media_items.id", ondelete="SET NULL", use_alter=True))

    @declared_attr
    def header_photo_media_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("media_items.id", ondelete="SET NULL", use_alter=True))

    # Legal notice (LCEN art. 6-III) and personal data (RGPD art. 13, 37: every
    # collectivity has a data protection officer).
    publication_director: Mapped[str] = mapped_column(String(200), default="", server_default="")
    director_capacity: Mapped[str] = mapped_column(String(120), default="", server_default="")
    dpo_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    dpo_email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    dpo_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    content_licence: Mapped[str] = mapped_column(
        String(200), default=DEFAULT_LICENCE, server_default=DEFAULT_LICENCE
    )

    # Déclaration d'accessibilité (DINUM's model).
    @declared_attr
    def accessibility_status(cls) -> Mapped[AccessibilityStatus]:  # noqa: N805
        return mapped_column(
            value_enum(AccessibilityStatus),
            default=AccessibilityStatus.NON,
            server_default=AccessibilityStatus.NON.value,
        )

    accessibility_audit_date: Mapped[date | None]
    accessibility_audit_rate: Mapped[float | None]  # percentage of RGAA criteria met
    accessibility_auditor: Mapped[str] = mapped_column(String(200), default="", server_default="")
    accessibility_declared_on: Mapped[date | None]
    accessibility_non_compliant: Mapped[str] = mapped_column(Text, default="", server_default="")
    accessibility_derogations: Mapped[str] = mapped_column(Text, default="", server_default="")
    accessibility_exempt: Mapped[str] = mapped_column(Text, default="", server_default="")
    accessibility_contact_url: Mapped[str] = mapped_column(
        String(300), default="", server_default=""
    )

    @property
    def shown_name(self) -> str:
        """The name the site shows."""
        return self.display_name or self.name  # type: ignore[attr-defined]
