"""Template helpers available in every admin page."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.models import BuildStatus
from app.models.base import utcnow

BUILD_STATUS_LABELS = {
    BuildStatus.QUEUED: _l("waiting"),
    BuildStatus.RUNNING: _l("in progress"),
    BuildStatus.SUCCEEDED: _l("online"),
    BuildStatus.FAILED: _l("failed"),
}


# The content screens in the admin menu and on the dashboard, in this order.
CONTENT_SECTIONS = (
    ("pages", _l("Pages")),
    ("news", _l("News")),
    ("events", _l("Agenda")),
    ("alerts", _l("Alerts")),
    ("directory", _l("Directory")),
    ("acts", _l("Official acts")),
    ("media", _l("Media library")),
)


def editor_html(text: str) -> str:
    """A text's Markdown as the HTML the rich-text editor starts from (library media shown
    from the admin's URLs)."""
    from flask import g

    from app.content import richtext
    from app.media.queries import admin_resolver
    from app.web.database import db_session

    text = text or ""
    media = admin_resolver(db_session(), g.tenant, text) if g.get("tenant") else None
    return richtext.editor_html(text, media=media)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        build_status_labels=BUILD_STATUS_LABELS,
        now_local=utcnow,
        now_utc=utcnow,
        editor_html=editor_html,
    )

    @app.context_processor
    def registered_content_sections():
        return {
            "content_sections": [
                (name, label)
                for name, label in CONTENT_SECTIONS
                if f"commune.{name}.index" in app.view_functions
            ]
        }
