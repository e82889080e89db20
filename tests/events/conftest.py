"""The agenda's tests reuse the publishing tests' samples and HTML checkers, imported by
their module name as the publishing tests do."""

from __future__ import annotations

import sys
from pathlib import Path

PUBLISHING_TESTS = str(Path(__file__).parents[1] / "publishing")
if PUBLISHING_TESTS not in sys.path:
    sys.path.insert(0, PUBLISHING_TESTS)
