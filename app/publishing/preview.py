"""A page rendered by the theme in-process, without Pelican: the clerk's preview.

Same templates, Markdown pipeline, filters and gettext catalog as a build, so what the
clerk sees is what residents will get. Links point at the live site; theme assets at
``static_url`` (the admin serves the theme's static folder).
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2

from app.publishing.content import PageContent, SiteContent
from app.publishing.export import site_time
from app.publishing.markdown import render_markdown
from app.publishing.settings import theme_context
from app.publishing.theming import JINJA_OPTIONS, jinja_filters, jinja_globals, load_translations

PREVIEW_LANG = "fr"


@dataclass(frozen=True)
class PreviewPage:
    """The attributes of a Pelican page that the theme reads."""

    slug: str
    title: str
    url: str
    content: str
    date: datetime | None
    menu_position: int


@functools.lru_cache(maxsize=16)
def _environment(
    templates_dir: str, lang: str, translations: gettext.NullTranslations
) -> jinja2.Environment:
    """A Jinja environment configured like Pelican's (cached: templates compile once)."""
    options = {key: value for key, value in JINJA_OPTIONS.items() if key != "autoescape"}
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,  # as JINJA_OPTIONS, spelled out for the linter
        **options,
    )
    env.filters.update(jinja_filters(lang))
    env.globals.update(jinja_globals(translations))
    return env


def render_preview(
    content: SiteContent,
    page: PageContent,
    *,
    themes_dir: Path,
    translations_dir: Path,
    static_url: str,
) -> str:
    """Full HTML of ``page`` as the site's theme renders it."""
    translations = load_translations(Path(translations_dir), PREVIEW_LANG)
    templates_dir = Path(themes_dir) / content.theme / "templates"
    env = _environment(str(templates_dir), PREVIEW_LANG, translations)
    context = theme_context(content, lang=PREVIEW_LANG)
    context.update(
        SITEURL=content.live_url.rstrip("/"),
        THEME_STATIC_URL=static_url.rstrip("/"),
        PREVIEW=True,
        page_name=f"{page.slug}/index",
        page=PreviewPage(
            slug=page.slug,
            title=page.title,
            url=f"{page.slug}/",
            content=render_markdown(page.body),
            date=site_time(page.published_at) if page.published_at else None,
            menu_position=page.menu_position,
        ),
    )
    return env.get_template("page.html").render(context)
