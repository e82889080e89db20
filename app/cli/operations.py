"""Operate the platform: backup, restore, status."""

from __future__ import annotations

import json
from pathlib import Path

import click

from app.cli import CliContext, UserError, pass_context


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@pass_context
def backup(ctx: CliContext, path: Path) -> None:
    """Write one archive of the running platform (database, key, files, live sites)."""
    from app.operations.archive import OperationsError
    from app.operations.backup import create_backup

    try:
        summary = create_backup(ctx.settings, path.resolve())
    except OperationsError as error:
        raise UserError(str(error)) from error
    size_mb = summary.size / 1024 / 1024
    click.echo(
        f"Sauvegarde écrite : {summary.path} ({summary.files} fichiers, {size_mb:.1f} Mo, "
        f"{summary.sites} site(s) en ligne)."
    )


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@pass_context
def restore(ctx: CliContext, path: Path) -> None:
    """Restore an archive of `bastide backup` into an empty data directory."""
    from app.operations.archive import OperationsError
    from app.operations.restore import restore_backup

    try:
        summary = restore_backup(ctx.settings, path.resolve())
    except OperationsError as error:
        raise UserError(str(error)) from error
    ctx.database  # noqa: B018 - bring an older archive's schema up to date
    click.echo(
        f"Sauvegarde du {summary.created_at} restaurée dans {ctx.settings.data_dir} : "
        f"{summary.files} fichiers, {len(summary.sites)} site(s) en ligne sans reconstruction."
    )
    for warning in summary.warnings:
        click.secho(f"Attention : {warning}", err=True, fg="yellow")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report, for a monitor.")
@pass_context
def status(ctx: CliContext, as_json: bool) -> None:
    """Report the platform's health; exit code 1 when something needs attention."""
    from app.config import ConfigError
    from app.operations.health import health_report
    from app.operations.settings import OperationsSettings

    try:
        operations = OperationsSettings.from_env()
    except ConfigError as error:
        raise UserError(str(error)) from error
    with ctx.database.session() as session:
        report = health_report(ctx.settings, session, operations)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for check in report.checks:
            mark = click.style("OK  ", fg="green") if check.ok else click.style("ÉCHEC", fg="red")
            click.echo(f"{mark} {check.name:<14} {check.message}")
        verdict = "en bonne santé" if report.healthy else "à surveiller"
        click.echo(f"Plateforme {verdict}.")
    if not report.healthy:
        raise click.exceptions.Exit(1)


COMMANDS = [backup, restore, status]
