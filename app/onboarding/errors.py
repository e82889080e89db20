"""Domain errors of onboarding; their messages are French sentences a person can act on.

Names say what happened (``SlugTaken``), as in the design brief, hence the N818 waivers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class OnboardingError(Exception):
    """Base class: something the IT team must fix before the command can proceed."""


class InvalidValue(OnboardingError, ValueError):
    """A slug, host name, theme... that the platform cannot accept."""


class RecordError(OnboardingError):
    """A record file that cannot be read or holds an invalid value."""

    def __init__(self, path: Path, problem: str, line: int | None = None):
        self.path = path
        self.problem = problem
        self.line = line
        where = f"{path.name}, ligne {line}" if line else path.name
        super().__init__(f"{where} : {problem}")


class RecordsInvalid(OnboardingError):
    """One or more record files are broken; nothing was applied."""

    def __init__(self, errors: Sequence[RecordError]):
        self.errors = list(errors)
        count = len(self.errors)
        heading = "une fiche est invalide" if count == 1 else f"{count} fiches sont invalides"
        lines = "\n".join(f"  - {error}" for error in self.errors)
        super().__init__(f"{heading}, rien n'a été appliqué :\n{lines}")


class SlugTaken(OnboardingError):
    """The requested identifier already belongs to another commune."""


class HostnameTaken(OnboardingError):
    """The requested host name already serves another commune."""
