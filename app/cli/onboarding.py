"""Onboarding from the command line: ``bastide onboard``, ``bastide sync``, ``bastide communes``."""

from __future__ import annotations

import click

from app.cli import CliContext, UserError, pass_context
from app.config import TIMEZONE

ACTOR = "cli"
OUTCOME_LABELS = {"created": "créée", "updated": "mise à jour", "unchanged": "inchangée"}


@click.command()
@click.option("--insee", help="Code INSEE de la commune, par exemple 11076.")
@click.option("--epci", "siren", help="SIREN d'une intercommunalité : toutes ses communes.")
@click.option("--slug", help="Identifiant de la commune dans les adresses (par défaut : son nom).")
@click.option("--theme", help="Thème du site (par défaut : bastide).")
@click.option(
    "--host", "hostname", help="Nom d'hôte principal du site, par exemple mairie-ville.fr."
)
@pass_context
def onboard(
    ctx: CliContext,
    insee: str | None,
    siren: str | None,
    slug: str | None,
    theme: str | None,
    hostname: str | None,
) -> None:
    """Onboard a commune (--insee) or every commune of an EPCI (--epci); safe to re-run."""
    if bool(insee) == bool(siren):
        raise UserError("indiquez soit --insee CODE, soit --epci SIREN (un seul des deux).")
    if siren and (slug or theme or hostname):
        raise UserError("--slug, --theme et --host ne s'utilisent qu'avec --insee.")
    if insee:
        _onboard_one(ctx, insee, slug, theme, hostname)
    else:
        _onboard_epci(ctx, siren)


def _onboard_one(
    ctx: CliContext, insee: str, slug: str | None, theme: str | None, hostname: str | None
) -> None:
    from app.onboarding import services

    try:
        with ctx.database.unit_of_work() as session:
            record = services.prepare_commune(
                session, ctx.settings, insee, slug=slug, theme=theme, hostname=hostname
            )
            result = services.onboard_commune(session, ctx.settings, record, actor=ACTOR)
    except services.OnboardingError as error:
        raise UserError(str(error)) from error
    except OSError as error:
        raise UserError(_unwritable(ctx, error)) from error
    record = result.record
    click.echo(f"{record.name} (INSEE {record.insee}) : {OUTCOME_LABELS[result.outcome]}.")
    click.echo(f"  identifiant   : {record.slug}")
    click.echo(f"  adresse       : {ctx.settings.live_url(record.slug, list(record.hostnames))}")
    click.echo(f"  noms d'hôte   : {', '.join(record.hostnames) or '—'}")
    click.echo(f"  fiche         : {result.path}")
    if result.outcome == "unchanged":
        click.echo("Rien n'a changé : la commune était déjà intégrée avec ces réglages.")
    _next_steps([record.slug])


def _onboard_epci(ctx: CliContext, siren: str) -> None:
    from app.onboarding import services
    from app.reference import find_epci

    try:
        epci = find_epci(siren)
        with (
            ctx.database.unit_of_work() as session,
            click.progressbar(length=len(epci.members), label=epci.name, show_pos=True) as bar,
        ):
            results = services.onboard_epci(
                session, ctx.settings, epci.siren, ACTOR, progress=lambda _: bar.update(1)
            )
    except services.OnboardingError as error:
        raise UserError(str(error)) from error
    except OSError as error:
        raise UserError(_unwritable(ctx, error)) from error
    counts = {key: sum(1 for r in results if r.outcome == key) for key in OUTCOME_LABELS}
    click.echo(
        f"{epci.name} (SIREN {epci.siren}) : {len(results)} communes — "
        f"{counts['created']} créée(s), {counts['updated']} mise(s) à jour, "
        f"{counts['unchanged']} inchangée(s)."
    )
    with ctx.database.session() as session:
        from app.tenancy import find_epci as find_epci_row

        row = find_epci_row(session, epci.siren)
        click.echo(
            f"  site de l'intercommunalité : {ctx.settings.live_url(row.slug, row.hostnames)}"
        )
        click.echo(f"  identifiant : {row.slug}")
    click.echo(f"Fiches dans {ctx.settings.communes_dir}")
    _next_steps([result.record.slug for result in results])
    click.echo(f"  3. bastide user add EMAIL --epci {row.slug} --role publisher (agents de l'EPCI)")


def _unwritable(ctx: CliContext, error: OSError) -> str:
    # Record files are written once the database has committed (see app.onboarding.services).
    return (
        f"la base est à jour mais une fiche n'a pas pu être écrite dans "
        f"{ctx.settings.communes_dir} ({error.strerror or error}) ; corrigez puis relancez "
        "la même commande, qui la réécrira."
    )


def _next_steps(slugs: list[str]) -> None:
    example = slugs[0] if len(slugs) == 1 else "SLUG"
    click.echo("Ensuite :")
    click.echo(f"  1. bastide user add EMAIL --commune {example} --role publisher")
    click.echo(f"  2. bastide build {example}" if len(slugs) == 1 else "  2. bastide build --all")


@click.command()
@pass_context
def sync(ctx: CliContext) -> None:
    """Apply the record files (communes/*.toml) to the database; nothing if one is broken."""
    from app.onboarding import services

    try:
        with ctx.database.unit_of_work() as session:
            report = services.sync_records(session, ctx.settings, actor=ACTOR)
    except services.OnboardingError as error:
        raise UserError(str(error)) from error
    total = len(report.created) + len(report.updated) + len(report.unchanged)
    click.echo(
        f"{total} fiche(s) lue(s) dans {ctx.settings.communes_dir} : "
        f"{len(report.created)} créée(s), {len(report.updated)} mise(s) à jour, "
        f"{len(report.unchanged)} inchangée(s)."
    )
    for slug in report.updated:
        click.echo(f"  mise à jour : {slug}")
    if report.without_record:
        click.secho(
            f"Sans fiche (laissées telles quelles) : {', '.join(report.without_record)}. "
            "Recréez leur fiche avec `bastide onboard --insee CODE`.",
            fg="yellow",
        )


@click.command()
@pass_context
def communes(ctx: CliContext) -> None:
    """List onboarded communes with their address and last publication."""
    from app.onboarding.queries import communes_with_last_publication

    with ctx.database.session() as session:
        rows = communes_with_last_publication(session)
    if not rows:
        click.echo("Aucune commune intégrée. Commencez par `bastide onboard --insee CODE`.")
        return
    table = [("IDENTIFIANT", "INSEE", "NOM", "ADRESSE", "DERNIÈRE PUBLICATION")]
    for commune, published in rows:
        when = published.astimezone(TIMEZONE).strftime("%d/%m/%Y %H:%M") if published else "jamais"
        url = ctx.settings.live_url(commune.slug, list(commune.hostnames or ()))
        table.append((commune.slug, commune.insee, commune.name, url, when))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, row[-1]]))


COMMANDS = [onboard, sync, communes]
