"""The tenant boundary, written once.

Every commune admin URL lives under ``/admin/c/<commune_slug>/`` and every
intercommunality admin URL under ``/admin/e/<epci_slug>/``. Each prefix has one guard that
pops the slug, loads the tenant (404 if unknown), sends anonymous visitors to the login
page and refuses people who are not members (403). Views below read ``g.tenant`` (the
commune or the intercommunality whose content they edit), ``g.commune`` or ``g.epci``,
and ``g.role``; they never check membership themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, g
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Commune, Intercommunality, Membership, Role, User
from app.web.database import db_session

PREFIX = "/admin/c/<commune_slug>"
EPCI_PREFIX = "/admin/e/<epci_slug>"


def make_commune_blueprint(*children: Blueprint) -> Blueprint:
    """The guarded parent of every commune blueprint (one per application)."""
    return _tenant_blueprint("commune", PREFIX, "commune_slug", Commune, children)


def make_epci_blueprint(*children: Blueprint) -> Blueprint:
    """The guarded parent of every intercommunality blueprint (one per application)."""
    return _tenant_blueprint("epci", EPCI_PREFIX, "epci_slug", Intercommunality, children)


def _tenant_blueprint(
    name: str, prefix: str, key: str, model: type[Commune | Intercommunality], children
) -> Blueprint:
    parent = Blueprint(name, __name__, url_prefix=prefix)
    parent.url_value_preprocessor(_pop_slug(key))
    parent.url_defaults(_add_slug(key, name))
    parent.before_request(_guard(name, model))
    for child in children:
        parent.register_blueprint(child)
    return parent


def _pop_slug(key: str) -> Callable:
    def pop(_endpoint, values) -> None:
        g.tenant_slug = values.pop(key, None) if values else None

    return pop


def _add_slug(key: str, attribute: str) -> Callable:
    def add(_endpoint, values) -> None:
        tenant = g.get(attribute)
        if key not in values and tenant is not None:
            values[key] = tenant.slug

    return add


def _guard(attribute: str, model: type[Commune | Intercommunality]) -> Callable:
    def guard():
        from app.accounts.login import login_manager

        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        slug = g.tenant_slug
        tenant = db_session().scalar(select(model).where(model.slug == slug)) if slug else None
        if tenant is None:
            abort(404)
        role = role_in(db_session(), current_user, tenant)
        if role is None:
            abort(403)
        g.tenant, g.role = tenant, role
        setattr(g, attribute, tenant)
        return None

    return guard


def find_commune_by_slug(session: Session, slug: str | None) -> Commune | None:
    return session.scalar(select(Commune).where(Commune.slug == slug)) if slug else None


def find_epci(session: Session, reference: str | None) -> Intercommunality | None:
    """The intercommunality with this slug or SIREN."""
    if not reference:
        return None
    return session.scalar(
        select(Intercommunality).where(
            (Intercommunality.slug == reference) | (Intercommunality.siren == reference.strip())
        )
    )


def find_site_by_slug(session: Session, slug: str | None) -> Commune | Intercommunality | None:
    """The commune or intercommunality whose site lives under ``slug``."""
    if not slug:
        return None
    return find_commune_by_slug(session, slug) or session.scalar(
        select(Intercommunality).where(Intercommunality.slug == slug)
    )


def role_in(session: Session, user: User, tenant: Commune | Intercommunality) -> Role | None:
    """The user's role in a commune or an intercommunality; platform admins publish anywhere."""
    if user.is_platform_admin:
        return Role.PUBLISHER
    column = (
        Membership.commune_id if isinstance(tenant, Commune) else Membership.intercommunality_id
    )
    return session.scalar(
        select(Membership.role).where(Membership.user_id == user.id, column == tenant.id)
    )


def communes_of(session: Session, user: User) -> list[Commune]:
    """The communes a user may administer, by name."""
    query = select(Commune).order_by(Commune.name)
    if not user.is_platform_admin:
        query = query.join(Membership, Membership.commune_id == Commune.id).where(
            Membership.user_id == user.id
        )
    return list(session.scalars(query))


def intercommunalities_of(session: Session, user: User) -> list[Intercommunality]:
    """The intercommunalities a user may administer, by name."""
    query = select(Intercommunality).order_by(Intercommunality.name)
    if not user.is_platform_admin:
        query = query.join(Membership, Membership.intercommunality_id == Intercommunality.id).where(
            Membership.user_id == user.id
        )
    return list(session.scalars(query))
