"""The tenant boundary, written once.

Every commune admin URL lives under ``/admin/c/<commune_slug>/``. This blueprint's guard
pops the slug, loads the commune (404 if unknown), sends anonymous visitors to the login
page and refuses people who are not members (403). Views below it read ``g.commune`` and
``g.role`` and never check membership themselves.
"""

from __future__ import annotations

from flask import Blueprint, abort, g
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Commune, Membership, Role, User
from app.web.database import db_session

PREFIX = "/admin/c/<commune_slug>"


def make_commune_blueprint(*children: Blueprint) -> Blueprint:
    """The guarded parent of every commune blueprint (one per application)."""
    parent = Blueprint("commune", __name__, url_prefix=PREFIX)
    parent.url_value_preprocessor(_pop_commune_slug)
    parent.url_defaults(_add_commune_slug)
    parent.before_request(_guard_commune)
    for child in children:
        parent.register_blueprint(child)
    return parent


def _pop_commune_slug(_endpoint, values) -> None:
    g.commune_slug = values.pop("commune_slug", None) if values else None


def _add_commune_slug(endpoint, values) -> None:
    if "commune_slug" not in values and g.get("commune") is not None:
        values["commune_slug"] = g.commune.slug


def _guard_commune():
    from app.accounts.login import login_manager

    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    commune = find_commune_by_slug(db_session(), g.commune_slug)
    if commune is None:
        abort(404)
    role = role_in_commune(db_session(), current_user, commune)
    if role is None:
        abort(403)
    g.commune, g.role = commune, role
    return None


def find_commune_by_slug(session: Session, slug: str | None) -> Commune | None:
    return session.scalar(select(Commune).where(Commune.slug == slug)) if slug else None


def role_in_commune(session: Session, user: User, commune: Commune) -> Role | None:
    """The user's role in the commune; platform admins act as publishers everywhere."""
    if user.is_platform_admin:
        return Role.PUBLISHER
    return session.scalar(
        select(Membership.role).where(
            Membership.user_id == user.id, Membership.commune_id == commune.id
        )
    )


def communes_of(session: Session, user: User) -> list[Commune]:
    """The communes a user may administer, by name."""
    query = select(Commune).order_by(Commune.name)
    if not user.is_platform_admin:
        query = query.join(Membership, Membership.commune_id == Commune.id).where(
            Membership.user_id == user.id
        )
    return list(session.scalars(query))
