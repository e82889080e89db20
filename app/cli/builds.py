"""Build sites from the command line: ``bastide build SLUG`` or ``--all``."""

from __future__ import annotations

import click

from app.cli import CliContext, UserError, pass_context


@click.command()
@click.argument("slugs", nargs=-1)
@click.option(
    "--all", "build_all", is_flag=True, help="Build every site (communes and intercommunalities)."
)
@click.option(
    "--jobs",
    type=int,
    default=None,
    help="Builds run at once (default: one per available core).",
)
@pass_context
def build(ctx: CliContext, slugs: tuple[str, ...], build_all: bool, jobs: int | None) -> None:
    """Build and publish sites now (exit code 1 if any build failed)."""
    from sqlalchemy import select

    from app.models import Commune, Intercommunality

    if build_all == bool(slugs):
        raise UserError("indiquez un ou plusieurs sites (SLUG…) ou --all.")
    if jobs is not None and not 1 <= jobs <= 256:
        raise UserError("--jobs doit être un nombre entier entre 1 et 256.")
    with ctx.database.unit_of_work() as session:
        known = [
            *session.scalars(select(Commune.slug).order_by(Commune.slug)),
            *session.scalars(select(Intercommunality.slug).order_by(Intercommunality.slug)),
        ]
    missing = sorted(set(slugs) - set(known))
    if missing:
        raise UserError(f"site inconnu : {', '.join(missing)}. Voir `bastide communes`.")
    targets = known if build_all else list(dict.fromkeys(slugs))
    failures = _build_each(ctx, targets, jobs=jobs)
    for slug, error in failures:
        click.secho(f"Échec : {slug} — {error}", fg="red", err=True)
    click.echo(f"{len(targets) - len(failures)} site(s) publié(s), {len(failures)} échec(s).")
    if failures:
        raise click.exceptions.Exit(1)


def _build_each(
    ctx: CliContext, slugs: list[str], *, jobs: int | None = None
) -> list[tuple[str, str]]:
    """Build ``slugs`` in parallel behind a progress bar; return the failed (slug, error)."""
    from app.builds.fleet import build_many

    with click.progressbar(
        length=len(slugs), label="Publication", show_pos=True, show_eta=True
    ) as bar:
        several = len(slugs) > 1  # build processes pay off from the second site
        outcomes = build_many(
            ctx.database, slugs, jobs=jobs, on_done=lambda _: bar.update(1), processes=several
        )
    return [(outcome.slug, outcome.error) for outcome in outcomes if outcome.error is not None]


COMMANDS = [build]
