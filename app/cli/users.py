"""Accounts from the command line: ``bastide user add|invite|list``."""

from __future__ import annotations

import click

from app.cli import CliContext, UserError, pass_context


@click.group()
def user() -> None:
    """Manage the people who use the admin."""


@user.command("add")
@click.argument("email")
@click.option("--commune", "slug", help="Slug of the commune the person works for.")
@click.option("--epci", "epci_ref", help="Slug or SIREN of the intercommunality they work for.")
@click.option(
    "--role", type=click.Choice(["editor", "publisher"]), help="editor drafts, publisher publishes."
)
@click.option("--platform-admin", is_flag=True, help="Member of the IT team (all communes).")
@pass_context
def add(
    ctx: CliContext,
    email: str,
    slug: str | None,
    epci_ref: str | None,
    role: str | None,
    platform_admin: bool,
) -> None:
    """Create an account and print its one-time invitation link (valid 72 h)."""
    from app.accounts import services
    from app.models import Role
    from app.tenancy import find_commune_by_slug, find_epci

    tenants = [value for value in (slug, epci_ref) if value]
    if platform_admin == bool(tenants) or len(tenants) > 1 or (tenants and not role):
        raise UserError(
            "indiquez --commune SLUG ou --epci SLUG|SIREN avec --role editor|publisher, "
            "ou --platform-admin."
        )
    with ctx.database.unit_of_work() as session:
        commune = epci = None
        if slug:
            commune = find_commune_by_slug(session, slug)
            if commune is None:
                raise UserError(
                    f"aucune commune « {slug} ». Voir la liste avec `bastide communes`."
                )
        if epci_ref:
            epci = find_epci(session, epci_ref)
            if epci is None:
                raise UserError(
                    f"aucune intercommunalité « {epci_ref} » : intégrez-la avec "
                    "`bastide onboard --epci SIREN`."
                )
        try:
            issued = services.invite_user(
                session,
                email,
                commune=commune,
                epci=epci,
                role=Role(role) if role else None,
                platform_admin=platform_admin,
                actor="cli",
            )
        except services.AccountError as error:
            raise UserError(str(error)) from error
    _print_link(ctx, issued.user.email, issued.token)


@user.command("invite")
@click.argument("email")
@pass_context
def invite(ctx: CliContext, email: str) -> None:
    """Print a new invitation link for an existing account (e.g. a forgotten password)."""
    from app.accounts import services

    with ctx.database.unit_of_work() as session:
        account = services.find_user(session, email)
        if account is None:
            raise UserError(f"aucun compte pour « {email} ». Créez-le avec `bastide user add`.")
        token = services.reissue_invitation(session, account, actor="cli")
    _print_link(ctx, account.email, token)


def _print_link(ctx: CliContext, email: str, token: str) -> None:
    click.echo(f"Invitation pour {email} (valable 72 h, une seule fois) :")
    click.echo(f"  {ctx.settings.base_url}/admin/invitation/{token}")


@user.command("list")
@pass_context
def list_users(ctx: CliContext) -> None:
    """List accounts with their access."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from app.models import Membership, User

    with ctx.database.unit_of_work() as session:
        users = session.scalars(
            select(User)
            .options(selectinload(User.memberships).selectinload(Membership.commune))
            .order_by(User.email)
        )
        for account in users:
            access = ["administrateur"] if account.is_platform_admin else []
            access += [f"{m.commune.slug}:{m.role}" for m in account.memberships if m.commune]
            state = "actif" if account.password_hash else "invitation en attente"
            click.echo(f"{account.email:40} {', '.join(access):40} {state}")


COMMANDS = [user]
