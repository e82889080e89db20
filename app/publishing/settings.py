"""Stage 2: the explicit Pelican settings of one build (never an executed pelicanconf.py).

Everything here is plain picklable data: it crosses into the render child process. The
non-picklable parts (reader class, Jinja filters and gettext) are added by the child.
"""

from __future__ import annotations

import gettext
import glob
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.config import TIMEZONE
from app.publishing.content import SiteContent
from app.publishing.directory import directory_context
from app.publishing.export import DIRECTORY_PATH, PAGES_SUBDIR, WASTE_PATH
from app.publishing.identity import identity_context
from app.publishing.languages import language_context
from app.publishing.legal import accessibility_status, tel_uri
from app.publishing.markdown import MARKDOWN_EXTENSIONS
from app.publishing.media import release_media
from app.publishing.sections import sections_context, sections_direct_templates
from app.publishing.themes import SiteTheme, links_leaving
from app.publishing.theming import JINJA_OPTIONS
from app.publishing.waste import waste_context
from app.publishing.web_meta import web_context
from app.text import collation_key

THEME_STATIC_DIR = "theme"
MEDIA_SETTING = "BASTIDE_MEDIA"
# The menu is repeated on every page: capped, it keeps pages small and builds linear in the
# number of pages (a full menu is quadratic). The home shows the menu; the site map lists
# every page.
MENU_LIMIT = 10

# Everything Pelican would write besides pages and the home page: switched off.
_NO_EXTRA_OUTPUT: dict[str, Any] = {
    key: None
    for key in (
        "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM",
        "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TAG_FEED_ATOM",
        "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS",
    )
} | {
    key: ""
    for key in (
        "ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS", "DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS",
        "DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_SAVE_AS", "PAGE_LANG_SAVE_AS",
        "CATEGORY_SAVE_AS", "CATEGORIES_SAVE_AS", "TAG_SAVE_AS", "TAGS_SAVE_AS",
        "AUTHOR_SAVE_AS", "AUTHORS_SAVE_AS", "ARCHIVES_SAVE_AS", "YEAR_ARCHIVE_SAVE_AS",
        "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS",
    )
}  # fmt: skip


def build_menu(content: SiteContent) -> list[dict[str, str]]:
    """Every published page by menu_position, then title (the first MENU_LIMIT are the menu)."""
    pages = sorted(content.pages, key=lambda p: (p.menu_position, collation_key(p.title)))
    return [{"title": p.title, "slug": p.slug, "url": f"{p.slug}/"} for p in pages]


def commune_data(content: SiteContent) -> dict[str, Any]:
    """The commune record as the theme reads it (``COMMUNE.name`` ...)."""
    return {
        "name": content.name,
        "slug": content.slug,
        "insee": content.insee,
        "postal_codes": list(content.postal_codes),
        "population": content.population,
        "department": content.department,
        "intercommunality": content.intercommunality,
        "live_url": content.live_url,
        "address_lines": [line for line in content.town_hall_address.splitlines() if line],
        "phone": content.town_hall_phone,
        "phone_uri": tel_uri(content.town_hall_phone) if content.town_hall_phone else "",
        "email": content.town_hall_email,
        "publication_director": content.publication_director,
        "accessibility_status": accessibility_status(content),
        "is_intercommunality": content.is_intercommunality,
    }


def theme_context(
    content: SiteContent,
    *,
    lang: str = "fr",
    translations: gettext.NullTranslations | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Upper-case data the templates use, identical for builds and previews."""
    menu = build_menu(content)
    translations = translations or gettext.NullTranslations()
    now = now or datetime.now(UTC)
    directory = directory_context(content, lang=lang, translations=translations, now=now)
    waste = waste_context(content, lang=lang, translations=translations, now=now)
    return {
        **directory,
        **waste,
        **sections_context(content, lang=lang, translations=translations, now=now),
        "SITENAME": content.name,
        "SITE_LANG": lang,
        "COMMUNE": commune_data(content),
        "MENU": menu[:MENU_LIMIT],
        "PAGE_LIST": menu,
        "MEMBERS": [{"name": m.name, "url": m.url, "online": m.online} for m in content.members],
        "THEME_STATIC_DIR": THEME_STATIC_DIR,
        "THEME_STATIC_URL": "",  # previews point it at the admin; builds stay relative
        "PREVIEW": False,
        **identity_context(content),
        **web_context(content),
        **language_context(content, lang, translations),
    }


logger = logging.getLogger(__name__)


def _links_leaving(theme: SiteTheme) -> tuple[Path, ...]:
    """The theme's links that point outside it, logged: Pelican skips them (IGNORE_FILES
    matches their names) so that what they point to is never published."""
    leaving = links_leaving(theme)
    for link in leaving:
        logger.warning("theme %s: skipping %s, a link to outside the theme", theme.name, link)
    return leaving


def pelican_settings(
    content: SiteContent,
    *,
    content_dir: Path,
    output_dir: Path,
    theme: SiteTheme,
    cache_dir: Path,
    lang: str = "fr",
    translations: gettext.NullTranslations | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The complete override dict passed to ``pelican.settings.read_settings``."""
    section_templates = sections_direct_templates(content)
    leaving = _links_leaving(theme)
    return {
        "PATH": str(content_dir),
        "OUTPUT_PATH": str(output_dir),
        "THEME": str(theme.base),
        "THEME_TEMPLATES_OVERRIDES": [str(d) for d in theme.template_dirs[:-1]],
        "THEME_STATIC_PATHS": [str(d) for d in theme.static_dirs if d not in leaving],
        "CACHE_PATH": str(cache_dir),
        # The page's whole HTML as its summary: the head's description strips and cuts it
        # (a 50-word summary would run Pelican's HTML parser over every page each build).
        "SUMMARY_MAX_LENGTH": None,
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "CHECK_MODIFIED_METHOD": "mtime",
        "DELETE_OUTPUT_DIRECTORY": False,
        "SITEURL": "",
        "RELATIVE_URLS": True,
        "TIMEZONE": str(TIMEZONE),
        "DEFAULT_LANG": lang,
        "ARTICLE_PATHS": [],
        "PAGE_PATHS": [PAGES_SUBDIR],
        "STATIC_PATHS": [],
        "IGNORE_FILES": [".*", *sorted({glob.escape(link.name) for link in leaving})],
        "PAGE_URL": "{slug}/",
        "PAGE_SAVE_AS": "{slug}/index.html",
        # The waste-collection page only on sites with collection zones.
        "DIRECT_TEMPLATES": [
            "index",
            "directory",
            *(["waste"] if content.waste_zones else []),
            *section_templates,
        ],
        "INDEX_SAVE_AS": "index.html",
        "DIRECTORY_SAVE_AS": f"{DIRECTORY_PATH}/index.html",
        "DIRECTORY_URL": f"{DIRECTORY_PATH}/",
        "WASTE_SAVE_AS": f"{WASTE_PATH}/index.html",
        **{f"{name.upper()}_SAVE_AS": path for name, path in section_templates.items()},
        "PAGINATED_TEMPLATES": {},
        "DEFAULT_PAGINATION": False,
        "WITH_FUTURE_DATES": True,
        "FORMATTED_FIELDS": [],
        "TYPOGRIFY": False,
        "PLUGINS": [],
        "PLUGIN_PATHS": [],
        "OUTPUT_SOURCES": False,
        "MARKDOWN": {"extensions": list(MARKDOWN_EXTENSIONS), "output_format": "html"},
        # The library items the texts refer to, resolved at their release paths: plain
        # data the render child gives the Markdown reader (markdown_settings(media=...)).
        MEDIA_SETTING: release_media(content),
        "JINJA_ENVIRONMENT": dict(JINJA_OPTIONS),
        **_NO_EXTRA_OUTPUT,
        **theme_context(content, lang=lang, translations=translations, now=now),
    }
