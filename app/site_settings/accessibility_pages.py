"""The schéma pluriannuel and the yearly action plan: draft pages at fixed addresses, with a
skeleton following DINUM's model, that the accessibility statement links to once online.

Created through the pages' service (a draft, audited); the clerk completes and publishes
them like any page. Markdown ``#`` headings are the site's h2 under the page title.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import TIMEZONE
from app.content.owners import Owner, owner_clause
from app.models import Page, User
from app.models.base import utcnow
from app.pages.services import PageDraft, save_page
from app.publishing.legal import SCHEMA_SLUG, action_plan_slug, of_commune

Kind = Literal["schema", "plan"]
MENU_POSITION = 90  # after the clerk's own pages

SCHEMA_BODY = """\
_Ce schéma pluriannuel de mise en accessibilité numérique couvre les années {first} à {last}.
Il est rendu public en application de l'article 47 de la loi n° 2005-102 du 11 février 2005
et du décret n° 2019-768 du 24 juillet 2019. Complétez chaque partie, puis publiez la page._

# Politique d'accessibilité

{who} s'engage à rendre ses services numériques accessibles à tous, y compris aux
personnes en situation de handicap. _Décrivez ici les engagements de la collectivité._

# Organisation interne

_Qui pilote l'accessibilité numérique (nom ou fonction du référent), quels services y
contribuent, comment les agents signalent et corrigent un défaut._

# Ressources humaines et financières

_Le temps et le budget consacrés chaque année à l'accessibilité (audits, formations,
corrections)._

# Prise en compte de l'accessibilité dans les marchés

_Comment les clauses d'accessibilité (RGAA) figurent dans les marchés de services
numériques et comment elles sont vérifiées à la livraison._

# Recrutement et formation

_Les formations prévues pour les agents qui publient des contenus, et la prise en compte
de l'accessibilité dans les fiches de poste._

# Planification

_Les audits et les plans d'action annuels prévus pour {first} à {last}._

# Bilan

_Ce qui a été réalisé au titre du schéma précédent, le cas échéant._
"""

PLAN_BODY = """\
_Plan d'action {year} de mise en accessibilité numérique, pris en application du schéma
pluriannuel. Complétez chaque partie, puis publiez la page._

# Services numériques concernés

- Site internet {who_short}

# Actions prévues en {year}

- _Action (par exemple : corriger les images sans alternative textuelle) — échéance —
  service responsable_

# Audits et contrôles

- _Audit de conformité prévu : date, périmètre, prestataire_

# Formation des agents

- _Formations prévues en {year}_

# Bilan de l'année précédente

_Ce qui a été réalisé, ce qui est reporté et pourquoi._
"""


def page_slug(kind: Kind, year: int) -> str:
    """The fixed address of the schéma or of the action plan of ``year``."""
    return SCHEMA_SLUG if kind == "schema" else action_plan_slug(year)


def current_year(now: datetime | None = None) -> int:
    """The year of the action plan the statement links to now."""
    return (now or utcnow()).astimezone(TIMEZONE).year


def find_page(session: Session, owner: Owner, slug: str) -> Page | None:
    """The owner's page at ``slug``, draft or online."""
    return session.scalar(select(Page).where(owner_clause(Page, owner), Page.slug == slug))


def skeleton(kind: Kind, owner: Owner, year: int) -> PageDraft:
    """The draft a button creates: its title and DINUM-model headings."""
    name = owner.display_name or owner.name
    who = name if hasattr(owner, "siren") else f"La commune {of_commune(name)}"
    if kind == "schema":
        body = SCHEMA_BODY.format(first=year, last=year + 2, who=who)
        title = "Schéma pluriannuel de mise en accessibilité numérique"
    else:
        body = PLAN_BODY.format(year=year, who_short=name)
        title = f"Plan d'action {year} pour l'accessibilité numérique"
    return PageDraft(title, page_slug(kind, year), body, MENU_POSITION)


def create_accessibility_page(
    session: Session, owner: Owner, kind: Kind, user: User, *, year: int | None = None
) -> tuple[Page, bool]:
    """The schéma or this year's action plan: the existing page, or a new draft from its
    skeleton; and whether it was created."""
    year = year or current_year()
    existing = find_page(session, owner, page_slug(kind, year))
    if existing is not None:
        return existing, False
    page = save_page(session, owner, None, skeleton(kind, owner, year), None, user)
    return page, True
