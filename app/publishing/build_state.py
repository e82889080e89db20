"""The state of one build (timings, log lines, lock) and its outcome: BuildResult, or
BuildError with the sentence the clerk reads."""

from __future__ import annotations

import contextlib
import fcntl
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.publishing.export import ExportError
from app.publishing.releases import ReleaseCheckError
from app.publishing.render import RenderError

LOGS_KEPT = 10
TECHNICAL_ERROR = "La publication a échoué à cause d'une erreur technique."
UNCHANGED = " Le site en ligne n'a pas changé."
RENDER_MESSAGES = {
    "timeout": "La publication a pris trop de temps et a été interrompue.",
    "crashed": "La publication a été interrompue avant la fin.",
    "theme": "Le thème du site contient une erreur.",
    "content": "Une page n'a pas pu être lue.",
    "pelican": "La génération du site a échoué.",
}


class BuildError(Exception):
    """A build failed; ``message`` is short French for the clerk, ``log`` is for the IT team."""

    def __init__(self, message: str, log: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.log = log


@dataclass(frozen=True)
class BuildResult:
    """A successful build, now live."""

    release_name: str
    release_path: Path
    pages_written: int
    log: str
    durations: dict[str, float] = field(default_factory=dict)


@contextlib.contextmanager
def site_lock(work_dir: Path) -> Iterator[None]:
    """One build per site at a time; the kernel releases the lock if the worker dies."""
    work_dir.mkdir(parents=True, exist_ok=True)
    with open(work_dir / "build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("Une publication de ce site est déjà en cours.") from None
        yield


def prune_logs(logs_dir: Path) -> None:
    """Keep the newest LOGS_KEPT build logs."""
    logs = sorted(logs_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in logs[LOGS_KEPT:]:
        old.unlink(missing_ok=True)


class BuildState:
    """The state of one build: timings and log lines."""

    def __init__(
        self, site_dir: Path, release_name: str, template_cache_dir: Path | None = None
    ) -> None:
        self.site_dir = site_dir
        self.template_cache_dir = template_cache_dir
        self.release_name = release_name
        self.work_dir = site_dir / "work"
        self.log_path = self.work_dir / "logs" / f"{release_name}.log"
        self.lines: list[str] = []
        self.durations: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one named stage."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.durations[name] = round(time.perf_counter() - started, 4)

    def log(self) -> str:
        """Pelican's own log, then the pipeline's lines (last: callers keep the tail)."""
        pelican_log = ""
        with contextlib.suppress(OSError):
            pelican_log = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join([pelican_log.rstrip(), "--- pipeline ---", *self.lines]).strip() + "\n"


# The reader's refusal of one page (French, or English before the catalog is compiled).
PAGE_REFUSED = re.compile(r"(?:La page|The page) « .*")


def as_build_error(exc: Exception, build: BuildState) -> BuildError:
    """Map a stage failure to the sentence the clerk reads."""
    if isinstance(exc, ExportError):
        message = exc.message
    elif isinstance(exc, RenderError):
        message = RENDER_MESSAGES.get(exc.kind, RENDER_MESSAGES["pelican"])
        build.lines.append(f"render failed ({exc.kind}):\n{exc.detail}")
        if exc.kind == "content":  # the reader names the page the clerk must fix
            named = PAGE_REFUSED.search(exc.detail)
            if named:
                message += " " + named.group(0).strip()
    elif isinstance(exc, ReleaseCheckError):
        message = "Le site généré est incomplet."
        build.lines.append("check failed:\n" + "\n".join(exc.problems))
    else:
        message = TECHNICAL_ERROR
    return BuildError(message + UNCHANGED, build.log())
