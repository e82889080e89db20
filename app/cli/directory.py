"""The directory from the command line: ``bastide directory import COMMUNE FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from app.cli import CliContext, UserError, pass_context

if TYPE_CHECKING:
    from app.directory.csv_import import CsvImportError


@click.group()
def directory() -> None:
    """Manage the directories of local services."""


@directory.command("import")
@click.argument("commune_slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--publish", is_flag=True, help="Publish the entries at once (default: drafts).")
@pass_context
def import_directory(ctx: CliContext, commune_slug: str, file: Path, publish: bool) -> None:
    """Import entries from a spreadsheet saved as CSV: all of them, or none if a line is wrong.

    The first line names the columns: nom (required), categorie, description, texte,
    adresse, code_postal, commune, telephone, telephone_2, courriel, site_web, horaires
    (OpenStreetMap syntax), latitude, longitude, accessibilite, verifie_le (DD/MM/YYYY).
    UTF-8 or Windows-1252, separated by ";", "," or tabs.
    """
    from app.directory.csv_import import CsvImportError, import_entries, read_directory_rows
    from app.tenancy import find_commune_by_slug

    data = _read(file)
    try:
        with ctx.database.unit_of_work() as session:
            commune = find_commune_by_slug(session, commune_slug)
            if commune is None:
                raise UserError(
                    f"aucune commune « {commune_slug} ». Voir la liste avec `bastide communes`."
                )
            rows = read_directory_rows(data)
            drafts, lines = [row.draft for row in rows], [row.line for row in rows]
            entries = import_entries(session, commune, drafts, None, publish=publish, lines=lines)
            name = commune.name
    except CsvImportError as error:
        raise UserError(_refusal(error)) from error
    count = len(entries)
    fiches = "fiche importée" if count == 1 else "fiches importées"
    state = "en brouillon" if not publish else ("publiée" if count == 1 else "publiées")
    click.echo(f"{count} {fiches} ({state}) pour {name}.")
    if not publish:
        click.echo("Relisez-les puis publiez-les dans l'administration du site.")


def _read(file: Path) -> bytes:
    from app.directory.csv_import import MAX_FILE_BYTES

    try:
        with file.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)  # enough to tell that it is too large
    except OSError as error:
        raise UserError(f"impossible de lire {file} : {error.strerror or error}.") from error


def _refusal(error: CsvImportError) -> str:
    """Print each line error; the sentence that ends the command."""
    if not error.lines:
        return f"{error} Aucune fiche n'a été importée."
    for line_error in error.lines:
        where = f"ligne {line_error.line}"
        if line_error.column:
            where += f", colonne « {line_error.column} »"
        click.echo(f"{where} : {line_error.message}", err=True)
    count = len(error.lines)
    what = "l'erreur" if count == 1 else f"les {count} erreurs"
    return f"aucune fiche n'a été importée : corrigez {what} puis relancez."


COMMANDS = [directory]
