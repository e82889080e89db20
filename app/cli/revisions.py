"""The history of content from the command line: ``bastide revisions prune``."""

from __future__ import annotations

import click

from app.cli import CliContext, pass_context


@click.group()
def revisions() -> None:
    """Manage the versions kept of every content item."""


@revisions.command("prune")
@pass_context
def prune(ctx: CliContext) -> None:
    """Delete saved drafts older than 90 days (publications and each item's latest
    version are kept). The worker also does it every night."""
    from app.content.history import prune_drafts

    with ctx.database.unit_of_work() as session:
        removed = prune_drafts(session)
    click.echo(f"{removed} brouillon(s) de plus de 90 jours supprimé(s).")


COMMANDS = [revisions]
