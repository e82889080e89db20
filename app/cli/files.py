"""The file store from the command line: ``bastide files prune``."""

from __future__ import annotations

import click

from app.cli import CliContext, pass_context


@click.group()
def files() -> None:
    """Manage the store of uploaded files (PDFs of acts, news photos)."""


@files.command("prune")
@pass_context
def prune(ctx: CliContext) -> None:
    """Delete uploaded bytes that no content uses (left by refused saves), older than an
    hour. The worker also does it every night."""
    from app.files.store import prune_unreferenced

    with ctx.database.unit_of_work() as session:
        removed = prune_unreferenced(session, ctx.settings.files_dir)
    click.echo(f"{len(removed)} fichier(s) inutilisé(s) supprimé(s).")


COMMANDS = [files]
