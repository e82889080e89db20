"""Fixtures: a real French catalog of the hours messages, and English (no catalog)."""

from __future__ import annotations

import gettext

import pytest
from babel.support import Translations

from tests.hours.helpers import french_translations


@pytest.fixture(scope="session")
def french() -> Translations:
    return french_translations()


@pytest.fixture(scope="session")
def english() -> gettext.NullTranslations:
    return gettext.NullTranslations()
