"""Stage 3: run Pelican in a fresh child process per build.

Pelican keeps process-global state (locale, blinker signals, plugin modules, memo
caches), so it never runs in the caller's process. Children are forked from a forkserver
that has already imported Pelican, Markdown, Babel and the theme catalogs, so a build
does not pay them again, and compiled templates are shared by every site (a folder of
Jinja bytecode): these warm processes cost a fork per build, and a fresh fork is fresh
state for each build (no Pelican global leaks from one commune to the next). Nothing in
this module imports Pelican at module level: only the child does.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

# Imported once by the forkserver, inherited by every child it forks.
PRELOAD = [
    "pelican",
    "pelican.generators",
    "pelican.readers",
    "pelican.settings",
    "markdown",
    "markdown.extensions.meta",
    "nh3",
    "jinja2",
    "jinja2.ext",
    "babel.dates",
    "babel.support",
    "babel.messages.pofile",
    "app.publishing.reader",
    "app.publishing.render",
    "app.publishing.warmup",
    "app.publishing.warm_catalogs",
    # What unpickling a build's settings and running Pelican import besides (the whole
    # theme context: hours, waste rounds, holidays, drawing...): about 0.5 s a build.
    "app.publishing.settings",
    "pelican.writers",
    "pelican.cache",
    "pelican.paginator",
    "encodings.unicode_escape",
    "encodings.utf_8_sig",
    "rich._emoji_codes",
]
_KILL_GRACE = 5.0  # seconds to reap a child after its result arrived or it was killed
# Extra setting: a folder of compiled templates shared by every site of the platform.
TEMPLATE_CACHE_SETTING = "BASTIDE_TEMPLATE_CACHE"
# Extra setting: write only these output files (app.publishing.incremental), None: all.
WRITE_ONLY_SETTING = "BASTIDE_WRITE_ONLY"


class RenderError(Exception):
    """The child failed; ``kind`` is "theme", "content", "pelican", "timeout" or "crashed"."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail.strip().splitlines()[-1] if detail.strip() else ''}")
        self.kind = kind
        self.detail = detail


def _context() -> multiprocessing.context.ForkServerContext:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)  # no effect once the forkserver runs
    return ctx


def render_context() -> multiprocessing.context.ForkServerContext:
    """The forkserver context that preloads Pelican (for processes that run builds)."""
    return _context()


def start_render_server() -> None:
    """Start the warm render forkserver now (a worker does it before its first build)."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def render_site(
    settings: dict[str, Any],
    *,
    translations_dir: Path,
    log_path: Path,
    timeout: float,
    on_started: Callable[[int], None] | None = None,
) -> int:
    """Render ``settings`` in a child process; return the number of HTML files written."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=child_main,
        args=(settings, str(translations_dir), str(log_path), sender),
        name="bastide-render",
        daemon=True,
    )
    process.start()
    sender.close()  # the child holds the only writer: EOF means it died
    try:
        if on_started is not None:
            on_started(process.pid)
        result = _wait_for_result(process, receiver, timeout)
    finally:
        if process.is_alive():
            process.kill()
        process.join(_KILL_GRACE)
        exitcode = process.exitcode
        receiver.close()
        if exitcode is not None:
            process.close()
    if result is None:
        raise RenderError("crashed", f"render child ended with exit code {exitcode}")
    if not result["ok"]:
        raise RenderError(result["kind"], result["error"])
    return int(result["pages"])


def _wait_for_result(
    process: multiprocessing.process.BaseProcess, receiver: Connection, timeout: float
) -> dict[str, Any] | None:
    """The child's report, None if it died without one; RenderError on timeout."""
    started = time.monotonic()
    if not receiver.poll(timeout):
        process.kill()
        raise RenderError("timeout", f"render child killed after {timeout:g} s")
    try:
        result = receiver.recv()
    except EOFError:
        return None
    process.join(max(_KILL_GRACE, timeout - (time.monotonic() - started)))
    return result


def child_main(
    settings: dict[str, Any], translations_dir: str, log_path: str, sender: Connection
) -> None:
    """Entry point of the render child: run Pelican, report to the parent, exit."""
    with open(log_path, "a", encoding="utf-8", buffering=1) as log:
        os.dup2(log.fileno(), 1)  # Pelican's console output and stray prints
        os.dup2(log.fileno(), 2)
        handler = logging.StreamHandler(log)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        errors = _ErrorRecords()
        logging.root.handlers = [handler, errors]
        logging.root.setLevel(logging.INFO)
        try:
            result = {"ok": True, "pages": _run_pelican(settings, Path(translations_dir))}
        except BaseException as exc:  # report everything, even SystemExit from Pelican
            detail = traceback.format_exc()
            log.write(detail)
            kind = _error_kind(exc, errors.messages)
            result = {"ok": False, "kind": kind, "error": "\n".join([*errors.messages, detail])}
        sys.stdout.flush()
        sys.stderr.flush()
    sender.send(result)
    sender.close()
    if not result["ok"]:
        sys.exit(1)


class _ErrorRecords(logging.Handler):
    """Keep the errors Pelican logs: with errors made fatal, they explain the exception."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _error_kind(exc: BaseException, logged_errors: list[str]) -> str:
    """Tell theme errors (for the theme's authors) from content and Pelican errors."""
    import jinja2
    from pelican.generators import PelicanTemplateNotFound

    if isinstance(exc, jinja2.TemplateError | PelicanTemplateNotFound | ThemeLeakError):
        return "theme"
    if any(message.startswith(("Could not process", "Skipping")) for message in logged_errors):
        return "content"
    return "pelican"


class ThemeLeakError(RuntimeError):
    """A template was loaded from Pelican's bundled theme instead of the site's theme."""


def _run_pelican(settings: dict[str, Any], translations_dir: Path) -> int:
    """Configure Pelican from the override dict plus the non-picklable parts, then run it."""
    from pelican import Pelican, signals
    from pelican.log import FatalLogger
    from pelican.settings import read_settings

    from app.publishing.markdown import markdown_settings
    from app.publishing.reader import SanitisedMarkdownReader
    from app.publishing.settings import MEDIA_SETTING
    from app.publishing.theming import jinja_filters, jinja_globals, load_translations

    FatalLogger.fatal_lvl = logging.ERROR  # an unreadable page fails the build
    lang = settings["DEFAULT_LANG"]
    override = dict(settings)
    override["READERS"] = {
        "md": SanitisedMarkdownReader,
        **dict.fromkeys(("markdown", "mkd", "mdown", "html", "htm", "rst")),
    }
    override["MARKDOWN"] = markdown_settings(media=settings.get(MEDIA_SETTING))
    override["JINJA_GLOBALS"] = jinja_globals(load_translations(translations_dir, lang))
    override["JINJA_FILTERS"] = jinja_filters(lang)
    # Compiled templates survive the child (keyed by template path and source checksum,
    # so edits are seen and sites can share them; written atomically by Jinja, and a
    # damaged file is compiled again).
    shared = settings.get(TEMPLATE_CACHE_SETTING)
    # Not in CACHE_PATH: the content cache's folder keeps Pelican's files only.
    fallback = Path(settings["CACHE_PATH"]).parent.parent / "templates"
    bytecode_dir = Path(shared) if shared else fallback
    bytecode_dir.mkdir(parents=True, exist_ok=True)
    override["JINJA_ENVIRONMENT"] = {
        **settings["JINJA_ENVIRONMENT"],
        "bytecode_cache": _bytecode_cache(bytecode_dir),
    }

    written: list[str] = []
    generators: list[Any] = []
    signals.content_written.connect(lambda path, **_: written.append(path), weak=False)
    signals.all_generators_finalized.connect(generators.extend, weak=False)
    if settings.get(WRITE_ONLY_SETTING) is not None:
        writer = _selective_writer(frozenset(settings[WRITE_ONLY_SETTING]))
        signals.get_writer.connect(lambda _pelican: writer, weak=False)
    Pelican(read_settings(None, override=override)).run()
    theme_dirs = [Path(settings["THEME"]) / "templates"]
    theme_dirs += [Path(d) for d in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    _check_templates_from_theme(generators, theme_dirs)
    return sum(1 for path in written if path.endswith(".html"))


def _bytecode_cache(folder: Path) -> Any:
    """Jinja's file cache of compiled templates, for which an unreadable file is a miss."""
    from jinja2 import FileSystemBytecodeCache

    class DisposableBytecodeCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket):
            try:
                super().load_bytecode(bucket)
            except Exception:  # a truncated or foreign file: compile the template again
                bucket.reset()

    return DisposableBytecodeCache(str(folder))


def _selective_writer(selected: frozenset[str]) -> type:
    """A Pelican writer that writes only the ``selected`` output files (Pelican 4.9
    removed its WRITE_SELECTED setting)."""
    from pelican.writers import Writer

    class SelectiveWriter(Writer):
        def write_file(self, name, *args, **kwargs):
            if name and name not in selected:
                return None
            return super().write_file(name, *args, **kwargs)

    return SelectiveWriter


def _check_templates_from_theme(generators: list[Any], templates_dirs: list[Path]) -> None:
    """Fail if Pelican fell back on its bundled "simple" theme for any template."""
    allowed = [folder.resolve() for folder in templates_dirs]
    for generator in generators:
        for name, template in getattr(generator, "_templates", {}).items():
            source = Path(template.filename).resolve()
            if not any(source.is_relative_to(folder) for folder in allowed):
                raise ThemeLeakError(f"template {name!r} not in theme: {template.filename}")
