"""``bastide demo``: onboard the demo communes, build their sites, serve them."""

from __future__ import annotations

import click

from app.cli import CliContext


@click.command()
@click.option("--serve/--no-serve", "then_serve", default=True, help="Serve once set up.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_context
def demo(click_ctx: click.Context, then_serve: bool, port: int) -> None:
    """Set up the demo (idempotent) and serve it on http://127.0.0.1:PORT."""
    from app.accounts.services import find_user
    from app.cli.builds import _build_each
    from app.cli.platform import serve
    from app.demo import (
        DEMO_EPCI_SIREN,
        ensure_accounts,
        ensure_directory,
        ensure_epci_content,
        ensure_pages,
        onboard_demo_communes,
    )
    from app.demo_civic import ensure_civic_content, ensure_epci_alert
    from app.demo_identity import DEMO_IDENTITIES, EPCI_IDENTITY, ensure_identity
    from app.publishing.pipeline import live_release
    from app.tenancy import find_epci

    ctx: CliContext = click_ctx.obj
    _demo_host(ctx)
    with ctx.database.unit_of_work() as session:
        communes = onboard_demo_communes(session, ctx.settings)
        epci = find_epci(session, DEMO_EPCI_SIREN)
        demo_accounts = ensure_accounts(session, communes, [epci])
        changed = set()
        for commune in communes:
            clerk = find_user(session, f"mairie@{commune.slug}.test")
            ensure_pages(session, commune, clerk)
            ensure_directory(session, commune, clerk)
            if ensure_civic_content(session, ctx.settings, commune, clerk):
                changed.add(commune.slug)
            identity = DEMO_IDENTITIES.get(commune.slug, EPCI_IDENTITY)
            if ensure_identity(session, ctx.settings, commune, clerk, identity):
                changed.add(commune.slug)
        agent = find_user(session, f"agents@{epci.slug}.test")
        ensure_epci_content(session, epci, agent)
        if ensure_identity(session, ctx.settings, epci, agent, EPCI_IDENTITY):
            changed.add(epci.slug)
        if ensure_epci_alert(session, epci, agent):  # shown on every member site
            changed |= {commune.slug for commune in epci.communes} | {epci.slug}
        slugs = [commune.slug for commune in communes] + [epci.slug]
    to_build = [
        s for s in slugs if s in changed or live_release(ctx.settings.sites_dir / s) is None
    ]
    failures = _build_each(ctx, to_build) if to_build else []
    for slug, error in failures:
        click.secho(f"Échec de la publication de {slug} : {error}", fg="red", err=True)
    _print_summary(ctx, slugs, demo_accounts, port)
    if then_serve:
        click_ctx.invoke(serve, port=port)


DEMO_HOST = {
    "BASTIDE_HOST_NAME": "Métropole de démonstration, direction du numérique",
    "BASTIDE_HOST_ADDRESS": "1 place de la Métropole, 31000 Toulouse",
    "BASTIDE_HOST_PHONE": "05 61 00 00 00",
}


def _demo_host(ctx: CliContext) -> None:
    """A fictitious host for the legal notices, unless the environment names the real one
    (set in the environment too: the worker and the server read their settings from it)."""
    import dataclasses
    import os

    if ctx.settings.host_name:
        return
    for name, value in DEMO_HOST.items():
        os.environ.setdefault(name, value)
    ctx.settings = dataclasses.replace(
        ctx.settings,
        host_name=os.environ["BASTIDE_HOST_NAME"],
        host_address=os.environ["BASTIDE_HOST_ADDRESS"],
        host_phone=os.environ["BASTIDE_HOST_PHONE"],
    )


def _print_summary(ctx: CliContext, slugs, demo_accounts, port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    click.echo("\nSites de démonstration :")
    for slug in slugs:
        click.echo(f"  {base}/{slug}/")
    click.echo(f"\nAdministration : {base}/admin/")
    new = [a for a in demo_accounts if a.password]
    if new:
        click.secho("\nComptes créés (mots de passe affichés une seule fois) :", bold=True)
        for account in new:
            role = (
                "administrateur" if account.commune is None else f"publication, {account.commune}"
            )
            click.echo(f"  {account.email:44} {account.password}   ({role})")
    old = [a.email for a in demo_accounts if not a.password]
    if old:
        click.echo(
            "\nComptes déjà créés lors d'un lancement précédent : "
            + ", ".join(old)
            + ".\nNouveau mot de passe : `bastide user invite EMAIL` donne un lien."
        )


COMMANDS = [demo]
