"""Directory rules: a category from the list, checked contacts, hours that parse, one
town hall per commune. The life cycle itself is the content kernel's."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.content.errors import ContentError
from app.content.owners import Owner
from app.content.queries import slug_in_use
from app.content.services import choose_slug, publish_item, save_item
from app.content.text import check_markdown
from app.directory.categories import CATEGORIES, TOWN_HALL
from app.directory.contact import clean_coordinates, clean_email, clean_website, parse_phones
from app.errors import N_
from app.hours import is_blank, normalise_expression, parse_hours
from app.models import Commune, DirectoryEntry, Role, User
from app.publishing.legal import of_commune

RESERVED_ENTRY_SLUGS = frozenset({"donnees"})


@dataclass(frozen=True)
class EntryDraft:
    """What the clerk typed; contacts are still raw text."""

    name: str
    category: str
    slug: str = ""
    summary: str = ""
    body: str = ""
    street: str = ""
    postal_code: str = ""
    town: str = ""
    phones: str = ""
    email: str = ""
    website: str = ""
    hours: str = ""
    latitude: float | None = None
    longitude: float | None = None
    accessibility: str = ""
    last_checked_on: date | None = None


def check_entry(draft: EntryDraft) -> dict:
    """Validate a draft; return its normalised values (everything but the slug)."""
    if not draft.name.strip():
        raise ContentError(N_("Give the name of the service."), field="name")
    if draft.category not in CATEGORIES:
        raise ContentError(N_("Choose a category from the list."), field="category")
    if draft.postal_code.strip() and not draft.postal_code.strip().isdigit():
        raise ContentError(N_("A postal code has five digits."), field="postal_code")
    check_markdown(draft.body)
    hours = normalise_expression(draft.hours) if not is_blank(draft.hours) else ""
    if hours:
        parse_hours(hours)
    latitude, longitude = clean_coordinates(draft.latitude, draft.longitude)
    values = asdict(draft) | {
        "name": draft.name.strip(),
        "summary": " ".join(draft.summary.split()),
        "street": draft.street.strip(),
        "postal_code": draft.postal_code.strip(),
        "town": draft.town.strip(),
        "phones": list(parse_phones(draft.phones)),
        "email": clean_email(draft.email),
        "website": clean_website(draft.website),
        "hours": hours,
        "latitude": latitude,
        "longitude": longitude,
        "accessibility": draft.accessibility.strip(),
    }
    del values["slug"]
    return values


def save_entry(
    session: Session,
    owner: Owner,
    entry: DirectoryEntry | None,
    draft: EntryDraft,
    version: int | None,
    user: User | None,
) -> DirectoryEntry:
    """Create an entry or save its working copy (``version`` guards concurrent edits)."""
    values = check_entry(draft)
    values["slug"] = choose_slug(
        session,
        owner,
        DirectoryEntry,
        draft.slug,
        draft.name,
        entry,
        reserved=RESERVED_ENTRY_SLUGS,
        taken_message=N_("Another entry of the directory already uses the address « %(slug)s »."),
    )
    return save_item(session, owner, DirectoryEntry, entry, values, version=version, user=user)


def town_hall(session: Session, commune: Commune) -> DirectoryEntry | None:
    """The commune's town hall entry."""
    return session.scalar(
        select(DirectoryEntry).where(
            DirectoryEntry.commune_id == commune.id, DirectoryEntry.is_town_hall.is_(True)
        )
    )


def ensure_town_hall(
    session: Session, commune: Commune, user: User | None = None, hours: str = ""
) -> DirectoryEntry | None:
    """Create and publish the town hall entry from the commune record, once.

    Later edits are the clerk's: the record only seeds the entry. Returns the new entry,
    or None if the commune already has one.
    """
    if town_hall(session, commune) is not None:
        return None
    street, postal_code, town = _split_address(commune)
    draft = EntryDraft(
        name=f"Mairie {of_commune(commune.name)}",
        category=TOWN_HALL,
        slug="mairie",
        summary="Accueil du public, état civil, urbanisme, élections.",
        street=street,
        postal_code=postal_code,
        town=town,
        phones=commune.town_hall_phone,
        email=commune.town_hall_email,
        hours=hours,
    )
    try:
        values = check_entry(draft)
    except ContentError:  # a record with a malformed phone or e-mail still gets its entry
        values = check_entry(EntryDraft(name=draft.name, category=TOWN_HALL, street=street,
                                        postal_code=postal_code, town=town))  # fmt: skip
    entry = save_item(
        session,
        commune,
        DirectoryEntry,
        None,
        values | {"slug": _free_slug(session, commune), "is_town_hall": True},
        version=None,
        user=user,
    )
    # Onboarding publishes the entry without building: the site goes online when the IT
    # team or the clerk first publishes it.
    publish_item(session, commune, entry, user, Role.PUBLISHER, rebuild=False)
    return entry


def _free_slug(session: Session, commune: Commune) -> str:
    slug, n = "mairie", 1
    while slug_in_use(session, commune, DirectoryEntry, slug):
        n += 1
        slug = f"mairie-{n}"
    return slug


def _split_address(commune: Commune) -> tuple[str, str, str]:
    """Street, postal code and town from the record's one-line address."""
    address = " ".join(commune.town_hall_address.split())
    postal_code = commune.postal_codes[0] if commune.postal_codes else ""
    street = address
    if postal_code and postal_code in address:
        street = address.split(postal_code)[0].rstrip(" ,")
    if street.lower().startswith("mairie,"):
        street = street[len("mairie,") :].strip()
    return street, postal_code, commune.name
