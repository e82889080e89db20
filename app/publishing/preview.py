"""A page rendered by the theme in-process, without Pelican: the clerk's preview.

Same templates, Markdown pipeline, filters and gettext catalog as a build, so what the
clerk sees is what residents will get. Links point at the live site; theme assets at
``static_url`` (the admin serves the theme's static folder).
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from app.publishing.content import EntryContent, PageContent, SiteContent
from app.publishing.directory import entry_data
from app.publishing.export import entry_path, site_time
from app.publishing.markdown import ADMIN_BUDGET_S, render_markdown
from app.publishing.media import MediaResolver
from app.publishing.settings import theme_context
from app.publishing.themes import resolve_theme
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
    templates_dirs: tuple[str, ...], lang: str, translations: gettext.NullTranslations
) -> jinja2.Environment:
    """A Jinja environment configured like Pelican's (cached: templates compile once)."""
    options = {key: value for key, value in JINJA_OPTIONS.items() if key != "autoescape"}
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(templates_dirs)),
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
    media: MediaResolver | None = None,
) -> str:
    """Full HTML of ``page`` as the site's theme renders it (``media``: the library as
    the admin serves it, so the clerk sees the images)."""
    preview_page = PreviewPage(
        slug=page.slug,
        title=page.title,
        url=f"{page.slug}/",
        content=render_markdown(page.body, media, budget=ADMIN_BUDGET_S),
        date=site_time(page.published_at) if page.published_at else None,
        menu_position=page.menu_position,
    )
    return render_theme_template(
        content,
        "page.html",
        {"page_name": f"{page.slug}/index", "page": preview_page},
        themes_dir=themes_dir,
        translations_dir=translations_dir,
        static_url=static_url,
    )


def render_page_preview(content: SiteContent, draft: Any, **options: Any) -> str:
    """The preview of a page draft (title, slug, body, menu_position) never published."""
    page = PageContent(
        slug=draft.slug or "apercu",
        title=draft.title,
        body=draft.body,
        menu_position=draft.menu_position,
        published_at=None,
    )
    return render_preview(content, page, **options)


def render_theme_template(
    content: SiteContent,
    template: str,
    context: dict[str, Any],
    *,
    themes_dir: Path,
    translations_dir: Path,
    static_url: str,
    media: MediaResolver | None = None,
) -> str:
    """Render one theme template with the site's context, as a build would, in-process
    (``media`` is taken for the callers' convenience: texts are rendered already)."""
    translations = load_translations(Path(translations_dir), PREVIEW_LANG)
    theme = resolve_theme(Path(themes_dir), content.theme)
    env = _environment(tuple(map(str, theme.template_dirs)), PREVIEW_LANG, translations)
    full_context = theme_context(content, lang=PREVIEW_LANG, translations=translations)
    full_context.update(
        SITEURL=content.live_url.rstrip("/"),
        THEME_STATIC_URL=static_url.rstrip("/"),
        PREVIEW=True,
        **context,
    )
    return env.get_template(template).render(full_context)


def render_entry_preview(content: SiteContent, entry: EntryContent, **options: Any) -> str:
    """The preview of a directory entry, with its hours computed for now."""
    translations = load_translations(Path(options["translations_dir"]), PREVIEW_LANG)
    data = entry_data(
        entry, content, lang=PREVIEW_LANG, translations=translations, now=datetime.now(UTC)
    )
    page = PreviewPage(
        slug=entry_path(entry),
        title=entry.name,
        url=data["url"],
        content=render_markdown(entry.body, options.get("media"), budget=ADMIN_BUDGET_S),
        date=None,
        menu_position=0,
    )
    context = {"page_name": f"{entry_path(entry)}/index", "page": page, "entry": data}
    return render_theme_template(content, "entry.html", context, **options)
