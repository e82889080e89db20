"""The demo sites' identities: a drawn coat of arms, a colour, a theme, a header photo,
complete legal data, and Occitan for Castelnaudary (with one translated page)."""

from __future__ import annotations

from io import BytesIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.content.owners import Owner
from app.files.store import UploadedFile
from app.media.services import MediaDetails, add_media
from app.models import Commune, MediaItem, Page, User
from app.site_settings.services import update_site_profile

# slug -> (colour, theme, display name or "", extra languages, mayor's name)
DEMO_IDENTITIES: dict[str, tuple[str, str, str, tuple[str, ...], str]] = {
    "castelnaudary": ("#1d4e89", "clocher", "Castelnaudary, capitale du cassoulet",
                      ("oc", "en"), "Claire Fabre"),
    "aurignac": ("#7a2e1f", "bastide", "", (), "Jean Sabatier"),
    "boulogne-sur-gesse": ("#ffff00", "gazette", "", (), "Anne Dupuy"),
    "l-isle-en-dodon": ("#2f6b3a", "bastide", "", (), "Paul Castex"),
}  # fmt: skip
EPCI_IDENTITY = ("#5b3f8c", "gazette", "", (), "Marc Lagarde")
DPO = {
    "dpo_name": "Délégué mutualisé du centre de gestion (fictif)",
    "dpo_email": "dpd@cdg31.test",
    "dpo_address": "Centre de gestion, 590 rue Buissonnière, 31670 Labège",
}
OCCITAN_PAGES = {
    "La mairie": {
        "title": "L'ostal de comuna",
        "body": "# Oraris de dobertura\n\n- Diluns, dimars, dijòus : 9 h – 12 h e 14 h – 17 h\n"
        "- Dimècres e divendres : 9 h – 12 h\n\n# Nos contactar\n\n"
        "Per telefòn o per corrièl, a las oras de dobertura.\n",
    },
}


def coat_of_arms(color: str, initial: str) -> UploadedFile:
    """A drawn shield in the commune's colour with its initial (the demo's coat of arms)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (256, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    shield = [(8, 8), (248, 8), (248, 170), (128, 292), (8, 170)]
    draw.polygon(shield, fill=color, outline=(40, 40, 40), width=6)
    draw.rectangle((8, 8, 248, 70), fill=(230, 190, 60))
    font = ImageFont.load_default(size=120)
    draw.text((128, 165), initial, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return UploadedFile(buffer.getvalue(), "blason.png")


def ensure_identity(
    session: Session, settings: Settings, owner: Owner, user: User, identity: tuple
) -> bool:
    """Give a demo site its identity and legal data once; True if it changed."""
    if owner.logo_media_id is not None:
        return False
    color, theme, display_name, languages, mayor = identity
    name = owner.name
    logo = add_media(
        session, settings.files_dir, owner, coat_of_arms(color, name[0]),
        MediaDetails(title=f"Blason de {name}", alt_text=f"Blason de {name}",
                     credit="Dessin : Bastide (démonstration)"),
        user=user, quota=settings.media_quota,
    )  # fmt: skip
    photo = session.scalar(
        select(MediaItem.id)
        .where(_owned(owner), MediaItem.kind == "image", MediaItem.id != logo.id)
        .order_by(MediaItem.id)
    )
    is_commune = isinstance(owner, Commune)
    values = {
        "display_name": display_name,
        "main_color": color,
        "theme": theme,
        "logo_media_id": logo.id,
        "header_photo_media_id": photo,
        "header_photo_credit": f"Photo : mairie de {name}" if photo else "",
        "languages": ["fr", *languages],
        "publication_director": mayor,
        "director_capacity": "Maire" if is_commune else "Président",
        **DPO,
    }
    if not is_commune and not owner.town_hall_address:
        values |= {
            "town_hall_address": "Siège de la communauté de communes\n31420 Aurignac",
            "town_hall_phone": "05 61 00 20 00",
            "town_hall_email": "contact@cc-coeur-coteaux-comminges.test",
        }
    update_site_profile(session, settings, owner, values, user, action="site.demo_identity")
    if "oc" in languages:
        _translate_pages(session, owner)
    return True


def _owned(owner: Owner):
    if isinstance(owner, Commune):
        return MediaItem.commune_id == owner.id
    return MediaItem.intercommunality_id == owner.id


def _translate_pages(session: Session, commune: Commune) -> None:
    """The Occitan translation of the demo's town hall page, published with it."""
    from app.content.services import publish_item
    from app.models import Role

    for page in session.scalars(select(Page).where(Page.commune_id == commune.id)):
        translation = OCCITAN_PAGES.get(page.title)
        if translation:
            page.translations = {"oc": dict(translation)}
            page.version += 1
            publish_item(session, commune, page, None, Role.PUBLISHER, rebuild=False)
