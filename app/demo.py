"""Demo data: four real communes with plausible pages, accounts and built sites.

Contacts are fictitious. Every step is idempotent: a second run finds what exists and
changes nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts import services as accounts
from app.config import Settings
from app.content.services import publish_item
from app.directory import services as directory
from app.models import Commune, DirectoryEntry, Intercommunality, Page, Role, User
from app.onboarding import services as onboarding
from app.pages import services as pages
from app.waste import services as waste
from app.waste.calendar import Round

DEMO_COMMUNES = {
    "11076": ("04 68 00 11 76", "Place de la République"),  # Castelnaudary
    "31028": ("05 61 00 10 28", "Place de la Mairie"),  # Aurignac
    "31080": ("05 61 00 10 80", "Place de l'Hôtel de Ville"),  # Boulogne-sur-Gesse
    "31239": ("05 61 00 12 39", "Place de la Halle"),  # L'Isle-en-Dodon
}
ADMIN_EMAIL = "admin@bastide.test"
DEMO_EPCI_SIREN = "200072643"  # CC Cœur et Coteaux du Comminges: Aurignac, Boulogne, L'Isle


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


def ensure_accounts(
    session: Session, communes: list[Commune], epcis: list[Intercommunality] = ()
) -> list[DemoAccount]:
    """One platform admin, one publisher per commune and per intercommunality; passwords
    only for new accounts."""
    wanted = [(ADMIN_EMAIL, None)] + [(f"mairie@{c.slug}.test", c) for c in communes]
    wanted += [(f"agents@{epci.slug}.test", epci) for epci in epcis]
    created = []
    for email, tenant in wanted:
        existing = accounts.find_user(session, email)
        if existing is not None and existing.password_hash:
            created.append(DemoAccount(email, None, tenant.slug if tenant else None))
            continue
        issued = accounts.invite_user(
            session,
            email,
            commune=tenant if isinstance(tenant, Commune) else None,
            epci=tenant if isinstance(tenant, Intercommunality) else None,
            role=Role.PUBLISHER if tenant else None,
            platform_admin=tenant is None,
            actor="demo",
        )
        password = secrets.token_urlsafe(12)
        accounts.set_password_directly(session, issued.user, password)
        created.append(DemoAccount(email, password, tenant.slug if tenant else None))
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
            f"# Horaires d'ouverture\n\n- Lundi, mardi, jeudi : 9 h – 12 h et 14 h – 17 h\n"
            f"- Mercredi et vendredi : 9 h – 12 h\n\n# Nous contacter\n\n"
            f"{commune.town_hall_address}\n\nTéléphone : {commune.town_hall_phone}\n\n"
            f"Courriel : [{commune.town_hall_email}](mailto:{commune.town_hall_email})\n",
        ),
        (
            "Vie municipale",
            f"# Le conseil municipal\n\nLe conseil municipal de {name} se réunit en séance "
            "publique environ une fois par trimestre. Les comptes rendus sont affichés en mairie "
            "et publiés sur ce site.\n\n# Les commissions\n\n- Finances\n- Travaux et voirie\n"
            "- Écoles et jeunesse\n",
        ),
        (
            "Vivre à " + name,
            f"# École\n\nL'école accueille les enfants de la petite section au CM2. "
            "Inscriptions en mairie.\n\n# Associations\n\nComité des fêtes, club des aînés, "
            f"association sportive : la mairie tient la liste à jour.\n\n# Déchets\n\n"
            f"La collecte est assurée par l'intercommunalité. Déchèterie la plus proche : "
            f"voir les horaires sur le site de l'intercommunalité ({postal}).\n",
        ),
        (
            "Démarches",
            "# État civil\n\nActes de naissance, de mariage et de décès : demande en mairie ou "
            "sur [service-public.fr](https://www.service-public.fr/).\n\n"
            "# Urbanisme\n\nPermis de construire et déclarations préalables se déposent en "
            "mairie ou en ligne.\n\n# Carte d'identité et passeport\n\n"
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


# The intercommunality of the three Comminges demo communes shares these with them.
SHARED_ENTRIES = [
    directory.EntryDraft(
        name="Déchèterie intercommunale",
        category="dechets",
        summary="Encombrants, gravats, déchets verts, métaux ; gratuite pour les habitants.",
        street="Zone artisanale",
        postal_code="31420",
        town="Aurignac",
        phones="05 61 00 90 90",
        hours="Mo,We,Fr 14:00-18:00; Sa 09:00-12:00,14:00-18:00; PH off",
        accessibility="Quais de déchargement accessibles ; aide des agents sur demande.",
    ),
    directory.EntryDraft(
        name="Office de tourisme intercommunal",
        category="tourisme",
        summary="Visites, hébergements, agenda des fêtes de villages.",
        street="1 place du Foirail",
        postal_code="31350",
        town="Boulogne-sur-Gesse",
        phones="05 61 00 80 80",
        hours="Tu-Sa 09:30-12:30,14:00-18:00; PH off",
    ),
    directory.EntryDraft(
        name="Crèche intercommunale",
        category="enfance",
        summary="Accueil des enfants de 10 semaines à 3 ans ; inscriptions auprès du relais.",
        street="3 rue des Écoles",
        postal_code="31230",
        town="L'Isle-en-Dodon",
        phones="05 61 00 70 70",
        hours="Mo-Fr 07:30-18:30; PH off",
    ),
]
EPCI_PAGE = (
    "L'intercommunalité",
    "# Ses compétences\n\nCollecte et traitement des déchets, petite enfance, tourisme, "
    "voirie intercommunale.\n\n# Le conseil communautaire\n\nChaque commune membre y est "
    "représentée. Les délibérations sont publiées sur ce site.\n",
)


def ensure_epci_content(session: Session, epci: Intercommunality, agent: User) -> int:
    """Give an intercommunality with no entry its shared entries and a page, once."""
    if session.scalar(select(func.count()).where(DirectoryEntry.intercommunality_id == epci.id)):
        return 0
    for draft in SHARED_ENTRIES:
        entry = directory.save_entry(session, epci, None, draft, None, agent)
        publish_item(session, epci, entry, agent, Role.PUBLISHER)
    title, body = EPCI_PAGE
    page = pages.save_page(session, epci, None, pages.PageDraft(title, "", body, 1), None, agent)
    publish_item(session, epci, page, agent, Role.PUBLISHER)
    ensure_waste_zones(session, epci, agent)
    return len(SHARED_ENTRIES) + 1


def ensure_waste_zones(session: Session, epci: Intercommunality, agent: User) -> None:
    """One collection zone per demo member commune: household waste every week (made up
    the next day after a holiday), packaging every other week, glass on given dates."""
    for weekday, commune in enumerate(epci.communes):
        zone = waste.save_zone(
            session,
            epci,
            None,
            waste.ZoneDraft(commune.name, (commune.id,)),
            user=agent,
            role=Role.PUBLISHER,
        )
        rounds = [
            Round("menagers", weekday, holiday_rule="next_day"),
            Round(
                "emballages",
                weekday + 2,
                every_weeks=2,
                reference_date=date(2026, 1, 5 + weekday + 2),
                holiday_rule="next_working_day",
            ),
            Round("verre", dates=_second_tuesdays(date.today(), 12)),
        ]
        for round_ in rounds:
            waste.save_round(session, epci, zone, None, round_, user=agent, role=Role.PUBLISHER)


def _second_tuesdays(start: date, months: int) -> tuple[date, ...]:
    """The glass round of the demo: the second Tuesday of the coming months."""
    days = []
    for offset in range(months):
        year, month = divmod(start.month - 1 + offset, 12)
        first = date(start.year + year, month + 1, 1)
        days.append(first + timedelta(days=(1 - first.weekday()) % 7 + 7))
    return tuple(days)
