"""Domain errors of the content life cycle, shown in the reader's language."""

from __future__ import annotations

from app.errors import DomainError


class ContentError(DomainError):
    """A content rule was broken; ``field`` names the form field to attach the message to."""


class SlugTaken(ContentError):
    field = "slug"


class StaleEdit(ContentError):
    """The item changed since the form was opened: the clerk must merge, not overwrite."""


class NotAllowed(ContentError):
    pass
