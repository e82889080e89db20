"""The themes a site can wear: the base theme and the variants that extend it.

``themes/bastide`` is a complete Pelican theme (every template). A variant is a folder
with a ``theme.toml`` (``extends = "bastide"``, its French ``label`` and ``description``),
its own ``static/`` (stylesheet...) and optionally ``templates/`` overriding some of the
base's; Pelican gets it through ``THEME_TEMPLATES_OVERRIDES`` and ``THEME_STATIC_PATHS``.
Every theme's ``theme.toml`` also names its own ``color``: the default colours of its
``static/css/theme.css`` are the palette derived from it (app.publishing.colors).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

BASE_THEME = "bastide"
THEME_FILE = "theme.toml"


class ThemeNotFound(LookupError):
    """No usable theme of that name."""


@dataclass(frozen=True)
class SiteTheme:
    """A theme resolved to its folders."""

    name: str
    label: str
    description: str
    folder: Path  # the theme's own folder
    base: Path  # the complete theme it extends (itself for the base theme)
    color: str = ""  # its own main colour (#rrggbb), used when the site chose none

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Where templates are looked up, the variant's overrides first."""
        own = self.folder / "templates"
        if self.folder != self.base and own.is_dir():
            return (own, self.base / "templates")
        return (self.base / "templates",)

    @property
    def static_dirs(self) -> tuple[Path, ...]:
        """Static folders copied in order (a variant's files replace the base's)."""
        dirs = [self.base / "static"]
        if self.folder != self.base and (self.folder / "static").is_dir():
            dirs.append(self.folder / "static")
        return tuple(dirs)

    @property
    def folders(self) -> tuple[Path, ...]:
        """Every folder whose files decide what the theme renders."""
        return (self.base,) if self.folder == self.base else (self.folder, self.base)


def links_leaving(theme: SiteTheme) -> tuple[Path, ...]:
    """The symbolic links of the theme's folders that resolve outside them (a link to the
    secret key would otherwise be published with the theme's static files)."""
    roots = [folder.resolve() for folder in theme.folders]
    leaving = []
    for folder in theme.folders:
        for parent, dirs, files in os.walk(folder):  # links to folders are not descended
            for name in sorted([*dirs, *files]):
                path = Path(parent) / name
                if path.is_symlink() and not any(
                    path.resolve().is_relative_to(root) for root in roots
                ):
                    leaving.append(path)
    return tuple(leaving)


def _metadata(folder: Path) -> dict:
    path = folder / THEME_FILE
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def resolve_theme(themes_dir: Path, name: str) -> SiteTheme:
    """The theme ``name`` of ``themes_dir``; ThemeNotFound if it is missing or broken."""
    if not name or "/" in name or name.startswith("."):
        raise ThemeNotFound(name)
    folder = Path(themes_dir) / name
    if not folder.is_dir():
        raise ThemeNotFound(name)
    try:
        metadata = _metadata(folder)
    except (OSError, tomllib.TOMLDecodeError):
        raise ThemeNotFound(name) from None
    parent = metadata.get("extends")
    base = folder if not parent else Path(themes_dir) / str(parent)
    if parent and (parent == name or not (base / "templates").is_dir()):
        raise ThemeNotFound(name)
    if not (base / "templates").is_dir():
        raise ThemeNotFound(name)
    return SiteTheme(
        name=name,
        label=str(metadata.get("label", name)),
        description=str(metadata.get("description", "")),
        folder=folder,
        base=base,
        color=str(metadata.get("color", "")),
    )


def available_themes(themes_dir: Path) -> list[SiteTheme]:
    """Every usable theme, the base first then by label."""
    themes = []
    for folder in sorted(Path(themes_dir).iterdir()) if Path(themes_dir).is_dir() else []:
        try:
            themes.append(resolve_theme(themes_dir, folder.name))
        except ThemeNotFound:
            continue
    return sorted(themes, key=lambda t: (t.name != BASE_THEME, t.label))
