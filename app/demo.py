"""Demo data: four real communes with plausible pages, accounts and built sites.

Contacts are fictitious. Every step is idempotent: a second run finds what exists and
changes nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts import services as accounts
from app.config import Settings
from app.content.services import publish_item
from app.directory import services as directory
from app.models import Commune, Page, Role, User
from app.onboarding import services as onboarding
from app.pages import services as pages

DEMO_COMMUNES = {
    "11076": ("04 68 00 11 76", "Place de la République"),  # Castelnaudary
    "31028": ("05 61 00 10 28", "Place de la Mairie"),  # Aurignac
    "31080": ("05 61 00 10 80", "Place de l'Hôtel de Ville"),  # Boulogne-sur-Gesse
    "31239": ("05 61 00 12 39", "Place de la Halle"),  # L'Isle-en-Dodon
}
ADMIN_EMAIL = "admin@bastide.test"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str | None  # None when the account existed before this run
    commune: str | None


def onboard_demo_communes(session: Session, settings: Settings) -> list[Commune]:
    """Onboard the demo communes with their (fictitious) town hall contacts."""
    communes = []
    for insee, (phone, street) in DEMO_COMMUNES.items():
        record = onboarding.prepare_commune(session, settings, insee)
        if not record.town_hall_phone:
            record = replace(
                record,
                town_hall_address=f"Mairie, {street}, {record.postal_codes[0]} {record.name}",
                town_hall_phone=phone,
                town_hall_email=f"mairie@{record.slug}.test",
                publication_director=f"Le maire de {record.name}",
            )
        onboarding.onboard_commune(session, settings, record, actor="demo")
        communes.append(session.scalar(select(Commune).where(Commune.insee == insee)))
    return communes


def ensure_accounts(session: Session, communes: list[Commune]) -> list[DemoAccount]:
    """One platform admin and one publisher per commune; passwords only for new accounts."""
    wanted = [(ADMIN_EMAIL, None)] + [(f"mairie@{c.slug}.test", c) for c in communes]
    created = []
    for email, commune in wanted:
        existing = accounts.find_user(session, email)
        if existing is not None and existing.password_hash:
            created.append(DemoAccount(email, None, commune.slug if commune else None))
            continue
        issued = accounts.invite_user(
            session,
            email,
            commune=commune,
            role=Role.PUBLISHER if commune else None,
            platform_admin=commune is None,
            actor="demo",
        )
        password = secrets.token_urlsafe(12)
        accounts.set_password_directly(session, issued.user, password)
        created.append(DemoAccount(email, password, commune.slug if commune else None))
    return created


def ensure_pages(session: Session, commune: Commune, clerk: User) -> int:
    """Give a commune with no page a few published pages; returns how many were made."""
    if session.scalar(select(func.count()).where(Page.commune_id == commune.id)):
        return 0
    for position, (title, body) in enumerate(_demo_pages(commune), start=1):
        draft = pages.PageDraft(title=title, slug="", body=body, menu_position=position)
        page = pages.save_page(session, commune, None, draft, None, clerk)
        publish_item(session, commune, page, clerk, Role.PUBLISHER)
    return len(_demo_pages(commune))


def _demo_pages(commune: Commune) -> list[tuple[str, str]]:
    name, postal = commune.name, commune.postal_codes[0] if commune.postal_codes else ""
    return [
        (
            "La mairie",
            f"## Horaires d'ouverture\n\n- Lundi, mardi, jeudi : 9 h – 12 h et 14 h – 17 h\n"
            f"- Mercredi et vendredi : 9 h – 12 h\n\n## Nous contacter\n\n"
            f"{commune.town_hall_address}\n\nTéléphone : {commune.town_hall_phone}\n\n"
            f"Courriel : [{commune.town_hall_email}](mailto:{commune.town_hall_email})\n",
        ),
        (
            "Vie municipale",
            f"## Le conseil municipal\n\nLe conseil municipal de {name} se réunit en séance "
            "publique environ une fois par trimestre. Les comptes rendus sont affichés en mairie "
            "et publiés sur ce site.\n\n## Les commissions\n\n- Finances\n- Travaux et voirie\n"
            "- Écoles et jeunesse\n",
        ),
        (
            "Vivre à " + name,
            f"## École\n\nL'école accueille les enfants de la petite section au CM2. "
            "Inscriptions en mairie.\n\n## Associations\n\nComité des fêtes, club des aînés, "
            f"association sportive : la mairie tient la liste à jour.\n\n## Déchets\n\n"
            f"La collecte est assurée par l'intercommunalité. Déchèterie la plus proche : "
            f"voir les horaires sur le site de l'intercommunalité ({postal}).\n",
        ),
        (
            "Démarches",
            "## État civil\n\nActes de naissance, de mariage et de décès : demande en mairie ou "
            "sur [service-public.fr](https://www.service-public.fr/).\n\n"
            "## Urbanisme\n\nPermis de construire et déclarations préalables se déposent en "
            "mairie ou en ligne.\n\n## Carte d'identité et passeport\n\n"
            "Sur rendez-vous dans une mairie équipée d'un dispositif de recueil.\n",
        ),
    ]


TOWN_HALL_HOURS = "Mo,Tu,Th 09:00-12:00,14:00-17:00; We,Fr 09:00-12:00; PH off"


def ensure_directory(session: Session, commune: Commune, clerk: User) -> int:
    """Give the town hall its hours and the commune a few published entries, once."""
    town_hall = directory.town_hall(session, commune)
    if town_hall is None:
        town_hall = directory.ensure_town_hall(session, commune, clerk)
    if town_hall.hours:
        return 0
    draft = directory.EntryDraft(
        **{
            name: getattr(town_hall, name)
            for name in ("name", "category", "slug", "summary", "body", "street")
        },
        postal_code=town_hall.postal_code,
        town=town_hall.town,
        phones="\n".join(town_hall.phones),
        email=town_hall.email,
        hours=TOWN_HALL_HOURS,
    )
    directory.save_entry(session, commune, town_hall, draft, town_hall.version, clerk)
    publish_item(session, commune, town_hall, clerk, Role.PUBLISHER)
    for draft in _demo_entries(commune):
        entry = directory.save_entry(session, commune, None, draft, None, clerk)
        publish_item(session, commune, entry, clerk, Role.PUBLISHER)
    return 1 + len(_demo_entries(commune))


def _demo_entries(commune: Commune) -> list[directory.EntryDraft]:
    postal = commune.postal_codes[0] if commune.postal_codes else ""
    town = commune.name
    return [
        directory.EntryDraft(
            name="Bibliothèque municipale",
            category="equipements",
            summary="Prêt de livres, revues et jeux ; accès internet.",
            street="2 rue de l'École",
            postal_code=postal,
            town=town,
            phones="05 61 00 20 20",
            hours="We 14:00-18:00; Sa 10:00-12:00; PH off",
            accessibility="Accès de plain-pied depuis la rue.",
        ),
        directory.EntryDraft(
            name="École publique",
            category="ecoles",
            summary="Maternelle et élémentaire ; inscriptions en mairie.",
            street="1 rue de l'École",
            postal_code=postal,
            town=town,
            phones="05 61 00 30 30",
            hours="Mo,Tu,Th,Fr 08:50-12:00,13:30-16:30; PH off",
        ),
        directory.EntryDraft(
            name="Cabinet médical",
            category="sante",
            summary="Médecine générale, sur rendez-vous.",
            street="5 place du Marché",
            postal_code=postal,
            town=town,
            phones="05 61 00 40 40",
            hours="Mo-Fr 08:30-12:00,14:00-19:00; Sa 08:30-12:00; PH off",
        ),
        directory.EntryDraft(
            name="Comité des fêtes",
            category="associations",
            summary="Fête du village, marché de Noël, vide-greniers.",
            email=f"comite-des-fetes@{commune.slug}.test",
        ),
    ]
