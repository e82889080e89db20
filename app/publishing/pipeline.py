"""One build of one commune's site: export -> settings -> render -> check -> switch.

Called by the build service from a task-queue worker. A failed build, whatever the cause,
leaves the previous live release untouched and raises BuildError.
"""

from __future__ import annotations

import shutil
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from app.publishing.alert_patch import (
    content_fingerprint,
    patch_release,
    patchable,
    record_fingerprint,
)
from app.publishing.alerts import SECTION as ALERTS_SECTION
from app.publishing.build_state import (
    TECHNICAL_ERROR,
    UNCHANGED,
    BuildError,
    BuildResult,
    BuildState,
    as_build_error,
    prune_logs,
    site_lock,
)
from app.publishing.content import SiteContent
from app.publishing.export import (
    DIRECTORY_PATH,
    WASTE_PATH,
    entry_path,
    export_content,
)
from app.publishing.identity import identity_files
from app.publishing.incremental import (
    edited_pages,
    link_unchanged,
    page_digests,
    record_pages,
    selected_outputs,
    structure_fingerprint,
)
from app.publishing.languages import extra_languages, language_prefix, localized, site_languages
from app.publishing.legal import LEGAL_SLUGS
from app.publishing.media import media_attachments, media_fingerprint
from app.publishing.open_data import open_data_files
from app.publishing.release_files import link_attachments, write_files
from app.publishing.releases import (
    ReleaseError,
    check_release,
    finish_release,
    live_release,
    partial_path,
    prune_releases,
    remove_partials,
    start_release,
    switch_live,
)
from app.publishing.render import (
    TEMPLATE_CACHE_SETTING,
    WRITE_ONLY_SETTING,
    render_site,
)
from app.publishing.render_cache import cache_dir_for, discard_unsealed_cache, seal_cache
from app.publishing.search import index_release
from app.publishing.sections import (
    sections_attachments,
    sections_documents,
    sections_files,
    sections_paths,
)
from app.publishing.settings import pelican_settings
from app.publishing.themes import SiteTheme, ThemeNotFound, resolve_theme
from app.publishing.theming import load_translations
from app.publishing.waste import waste_feeds
from app.publishing.web_meta import site_files

__all__ = ["BuildError", "BuildResult", "build_site", "live_release"]

SITE_LANG = "fr"
LANGUAGES_WORK_DIR = "lang"  # work/lang/<lang>/: an extra language's export and cache


def build_site(
    content: SiteContent,
    *,
    site_dir: Path,
    release_name: str,
    themes_dir: Path,
    translations_dir: Path,
    files_dir: Path | None = None,
    keep: int = 3,
    timeout: float = 300,
    now: datetime | None = None,
    template_cache_dir: Path | None = None,
) -> BuildResult:
    """Build ``content`` into a new release and make it live; raise BuildError on failure.

    ``now`` is the instant the opening hours, agenda and feeds are computed from (the
    worker passes the build's start: the instant its content was read). ``files_dir`` is
    the store of uploaded files the release publishes (acts, photos).
    ``template_cache_dir`` holds compiled templates shared by every site (default: the
    site's own cache)."""
    try:
        partial = partial_path(Path(site_dir), release_name)
    except ReleaseError as exc:
        raise BuildError(TECHNICAL_ERROR + UNCHANGED, str(exc)) from exc
    build = BuildState(Path(site_dir), release_name, template_cache_dir)
    themes_dir, translations_dir = Path(themes_dir), Path(translations_dir)
    now = now or datetime.now(UTC)  # one instant for the pages, the feeds and open data
    try:
        theme = resolve_theme(themes_dir, content.theme)
    except ThemeNotFound:
        raise BuildError(f"Le thème « {content.theme} » est introuvable.{UNCHANGED}") from None
    fingerprint = content_fingerprint(content, now, theme, translations_dir)
    structure = structure_fingerprint(content, now, theme, translations_dir)
    started = time.perf_counter()
    with site_lock(build.work_dir):
        try:
            pages = None
            live = live_release(build.site_dir)
            if patchable(build.work_dir, live, fingerprint):
                pages = _patched_release(build, content, theme, translations_dir, now)
            edited = edited_pages(build.work_dir, live, content, structure)
            if pages is None and edited:
                pages = _edited_release(
                    build, content, theme, translations_dir, files_dir, timeout, now, edited
                )
            if pages is None:
                pages = _build_release(
                    build, content, theme, translations_dir, files_dir, timeout, now
                )
            with build.stage("publish"):
                release = _publish(build.site_dir, partial, release_name)
            record_fingerprint(build.work_dir, release_name, fingerprint)
            record_pages(build.work_dir, release_name, structure, page_digests(content))
        except BuildError as exc:
            exc.log = exc.log or build.log()
            raise
        except Exception as exc:
            build.lines.append(traceback.format_exc())
            raise as_build_error(exc, build) from exc
        finally:
            shutil.rmtree(partial, ignore_errors=True)  # gone already if the build succeeded
        try:
            build.lines.append(f"pruned releases: {prune_releases(build.site_dir, keep)}")
            prune_logs(build.log_path.parent)
        except OSError as exc:  # the new site is live: a cleanup failure is not a failed build
            build.lines.append(f"cleanup failed: {exc!r}")
    build.durations["total"] = round(time.perf_counter() - started, 4)
    build.lines.append(f"live: {release_name}; durations: {build.durations}")
    return BuildResult(release_name, release, pages, build.log(), dict(build.durations))


def _publish(site_dir: Path, partial: Path, release_name: str) -> Path:
    """Rename the checked partial folder to its release name and make it live."""
    release = finish_release(site_dir, partial, release_name)
    try:
        switch_live(site_dir, release_name)
    except BaseException:
        shutil.rmtree(release, ignore_errors=True)  # complete but never live: not a release
        raise
    return release


def _build_release(
    build: BuildState,
    content: SiteContent,
    theme: SiteTheme,
    translations_dir: Path,
    files_dir: Path | None,
    timeout: float,
    now: datetime | None,
    edited: list[str] | None = None,
) -> int:
    """Export, render and check a release in its partial folder; return its page count.

    French is rendered at the release's root, each extra language in its own folder
    (``oc/``...) from its own export and cache; the files besides pages (feeds, open
    data, attachments, site files) exist once, at the root. ``edited``: only these
    pages are rendered, the rest of the pages linked from the live release."""
    translations = load_translations(translations_dir, SITE_LANG)
    removed = remove_partials(build.site_dir)
    if removed:
        build.lines.append(f"removed leftovers of interrupted builds: {removed}")
    partial = start_release(build.site_dir, build.release_name)
    build.log_path.parent.mkdir(parents=True, exist_ok=True)
    build.log_path.write_text("")
    _remove_dropped_languages(build.work_dir / LANGUAGES_WORK_DIR, extra_languages(content))
    pages = 0
    for lang in site_languages(content):
        pages += _render_language(
            build,
            localized(content, lang),
            lang,
            work_dir=_language_work_dir(build.work_dir, lang),
            output_dir=partial / language_prefix(lang),
            theme=theme,
            translations_dir=translations_dir,
            timeout=timeout,
            now=now,
            only=None if edited is None else selected_outputs(edited),
        )
    if edited is not None:
        with build.stage("link unchanged"):
            live = build.site_dir / "releases" / live_release(build.site_dir)
            linked = link_unchanged(live, partial)
            pages = sum(1 for _ in partial.rglob("*.html"))  # the release's, as a full build
        build.lines.append(f"pages edited: {edited}; {linked} files linked from the live release")
    with build.stage("open data"):
        files = open_data_files(content, generated_at=now)
        files |= waste_feeds(content, generated_at=now, lang=SITE_LANG, translations=translations)
        files |= sections_files(
            content, generated_at=now, lang=SITE_LANG, translations=translations
        )
        write_files(partial, files)
    with build.stage("attachments"):
        attachments = sections_attachments(content) | media_attachments(content)
        link_attachments(partial, attachments, files_dir)
    with build.stage("site files"):
        write_files(partial, identity_files(content) | site_files(content, partial))
    with build.stage("search index"):
        build.lines.append(index_release(content, partial, timeout=timeout))
    with build.stage("check"):
        check_release(partial, _required_paths(content))
    return pages


def _render_language(
    build: BuildState,
    content: SiteContent,
    lang: str,
    *,
    work_dir: Path,
    output_dir: Path,
    theme: SiteTheme,
    translations_dir: Path,
    timeout: float,
    now: datetime | None,
    only: list[str] | None = None,
) -> int:
    """Export the pages of one language and render them into ``output_dir`` (``only``
    these output files, if given)."""
    label = "" if lang == SITE_LANG else f" [{lang}]"
    with build.stage("export" if lang == SITE_LANG else f"export {lang}"):
        report = export_content(content, work_dir / "content", sections_documents(content, now=now))
    build.lines.append(
        f"export{label}: {len(report.written)} written {list(report.written)}, "
        f"{len(report.deleted)} deleted {list(report.deleted)}, {report.unchanged} unchanged"
    )
    cache_dir = cache_dir_for(work_dir, media_fingerprint(content))
    discarded = discard_unsealed_cache(cache_dir)
    if discarded:
        build.lines.append(f"discarded an unfinished content cache: {discarded}")
    settings = pelican_settings(
        content,
        content_dir=work_dir / "content",
        output_dir=output_dir,
        theme=theme,
        cache_dir=cache_dir,
        lang=lang,
        translations=load_translations(translations_dir, lang),
        now=now,
    )
    # Compiled templates: shared by the sites if the caller says where, else the site's.
    templates = build.template_cache_dir or build.work_dir / "templates"
    settings[TEMPLATE_CACHE_SETTING] = str(templates)
    settings[WRITE_ONLY_SETTING] = only
    with build.stage("render" if lang == SITE_LANG else f"render {lang}"):
        pages = render_site(
            settings, translations_dir=translations_dir, log_path=build.log_path, timeout=timeout
        )
    build.lines.append(f"render{label}: {pages} HTML files written")
    seal_cache(cache_dir)
    return pages


def _language_work_dir(work_dir: Path, lang: str) -> Path:
    """Where a language's export and content cache live (French: the work folder)."""
    return work_dir if lang == SITE_LANG else work_dir / LANGUAGES_WORK_DIR / lang


def _remove_dropped_languages(languages_dir: Path, kept: tuple[str, ...]) -> None:
    """Delete the exports and caches of the languages the site no longer has."""
    if languages_dir.is_dir():
        for folder in languages_dir.iterdir():
            if folder.name not in kept:
                shutil.rmtree(folder, ignore_errors=True)


def _required_paths(content: SiteContent) -> list[str]:
    """The folders whose index.html a release of ``content`` must hold."""
    paths = [page.slug for page in content.pages] + [entry_path(e) for e in content.entries]
    paths += [*LEGAL_SLUGS, DIRECTORY_PATH, *([WASTE_PATH] if content.waste_zones else [])]
    paths += sections_paths(content)
    # Each extra language: its home page and the same pages under its folder.
    languages = extra_languages(content)
    return paths + [
        f"{lang}{suffix}" for lang in languages for suffix in ["", *(f"/{p}" for p in paths)]
    ]


def _edited_release(
    build: BuildState,
    content: SiteContent,
    theme: SiteTheme,
    translations_dir: Path,
    files_dir: Path | None,
    timeout: float,
    now: datetime,
    edited: list[str],
) -> int | None:
    """The page edit's fast path (see app.publishing.incremental); None if it could not
    be taken, and the caller builds the release in full."""
    try:
        return _build_release(
            build, content, theme, translations_dir, files_dir, timeout, now, edited
        )
    except Exception:  # whatever went wrong, a full build still publishes the edit
        build.lines.append("page edit fast path failed, full build:\n" + traceback.format_exc())
        remove_partials(build.site_dir)
        return None


def _patched_release(
    build: BuildState,
    content: SiteContent,
    theme: SiteTheme,
    translations_dir: Path,
    now: datetime,
) -> int | None:
    """The alerts' fast path (see app.publishing.alert_patch); None if it could not be
    taken, and the caller builds the release in full."""
    live = build.site_dir / "releases" / live_release(build.site_dir)
    translations = load_translations(translations_dir, SITE_LANG)
    remove_partials(build.site_dir)
    partial = start_release(build.site_dir, build.release_name)
    try:
        with build.stage("alerts patch"):
            pages = patch_release(
                content,
                live=live,
                partial=partial,
                theme=theme,
                lang=SITE_LANG,
                translations=translations,
                now=now,
                rerendered=ALERTS_SECTION.direct_templates(content),
                files=ALERTS_SECTION.files(
                    content, generated_at=now, lang=SITE_LANG, translations=translations
                ),
                extra={
                    lang: (localized(content, lang), load_translations(translations_dir, lang))
                    for lang in extra_languages(content)
                },
            )
        with build.stage("check"):
            check_release(partial, _required_paths(content))
    except Exception:  # whatever went wrong, a full build still publishes the alert
        build.lines.append("alerts patch failed, full build:\n" + traceback.format_exc())
        shutil.rmtree(partial, ignore_errors=True)
        return None
    build.lines.append(f"alerts only changed: {pages} HTML files patched from the live release")
    return pages
