"""Pelican's Markdown reader with Bastide's sanitiser; imported only in the render child."""

from __future__ import annotations

from pathlib import Path

from pelican.readers import MarkdownReader

from app.errors import N_, DomainError
from app.publishing.budget import BudgetExceeded, time_budget
from app.publishing.markdown import BUILD_BUDGET_S, MarkdownRefused, sanitise_html
from app.publishing.markdown_limits import check_structure


class PageTooComplex(DomainError):
    """One page cannot be rendered within its share of the build; names the page."""


class SanitisedMarkdownReader(MarkdownReader):
    """Read Markdown with the extensions of render_markdown, then sanitise with nh3."""

    budget = BUILD_BUDGET_S

    def read(self, source_path: str) -> tuple[str, dict]:
        """Return the sanitised HTML body and the metadata of one source file; a page that
        is pathological or overruns its budget fails the build with its name."""
        try:
            check_structure(Path(source_path).read_text(encoding="utf-8"))
            with time_budget(self.budget):
                content, metadata = super().read(source_path)
        except MarkdownRefused as error:
            raise _too_complex(source_path, str(error)) from None
        except BudgetExceeded:
            reason = MarkdownRefused(
                N_(
                    "The text is too complex to be shown quickly (over %(seconds)g s): split "
                    "it into several pages or simplify its formatting."
                ),
                seconds=self.budget,
            )
            raise _too_complex(source_path, str(reason)) from None
        return sanitise_html(content), metadata


def _too_complex(source_path: str, reason: str) -> PageTooComplex:
    return PageTooComplex(
        N_("The page « %(title)s » (%(file)s) cannot be published: %(reason)s"),
        title=_title(Path(source_path)),
        file=Path(source_path).name,
        reason=reason,
    )


def _title(path: Path) -> str:
    """The ``Title:`` metadata of an exported page (the first lines of the file)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                break
            if line.startswith("Title:"):
                return line.removeprefix("Title:").strip()[:80]
    return path.stem
