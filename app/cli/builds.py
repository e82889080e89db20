"""Build sites from the command line: ``bastide build SLUG`` or ``--all``."""

from __future__ import annotations

import click

from app.cli import CliContext, UserError, pass_context


@click.command()
@click.argument("slugs", nargs=-1)
@click.option(
    "--all", "build_all", is_flag=True, help="Build every site (communes and intercommunalities)."
)
@pass_context
def build(ctx: CliContext, slugs: tuple[str, ...], build_all: bool) -> None:
    """Build and publish sites now (exit code 1 if any build failed)."""
    from sqlalchemy import select

    from app.models import Commune, Intercommunality

    if build_all == bool(slugs):
        raise UserError("indiquez un ou plusieurs sites (SLUG…) ou --all.")
    with ctx.database.unit_of_work() as session:
        known = [
            *session.scalars(select(Commune.slug).order_by(Commune.slug)),
            *session.scalars(select(Intercommunality.slug).order_by(Intercommunality.slug)),
        ]
    missing = sorted(set(slugs) - set(known))
    if missing:
        raise UserError(f"site inconnu : {', '.join(missing)}. Voir `bastide communes`.")
    targets = known if build_all else list(slugs)
    failures = _build_each(ctx, targets)
    for slug, error in failures:
        click.secho(f"Échec : {slug} — {error}", fg="red", err=True)
    click.echo(f"{len(targets) - len(failures)} site(s) publié(s), {len(failures)} échec(s).")
    if failures:
        raise click.exceptions.Exit(1)


def _build_each(ctx: CliContext, slugs: list[str]) -> list[tuple[str, str]]:
    from app.builds.services import request_build, wait_for_build
    from app.builds.worker import run_build
    from app.models import BuildStatus
    from app.tenancy import find_site_by_slug

    failures = []
    with click.progressbar(slugs, label="Publication", show_pos=True, file=None) as bar:
        for slug in bar:
            with ctx.database.unit_of_work() as session:
                site = find_site_by_slug(session, slug)
                build = request_build(session, site, reason="bastide build", enqueue=False)
                build_id = build.id
            result = run_build(ctx.database, build_id)
            if result is None:  # a worker took it first: wait for its outcome
                with ctx.database.session() as session:
                    result = wait_for_build(session, build_id)
            if result.status == BuildStatus.FAILED:
                failures.append((slug, result.error))
    return failures


COMMANDS = [build]
