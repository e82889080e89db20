"""The fixed list of directory categories, in the order residents see them."""

from __future__ import annotations

from app.errors import N_

TOWN_HALL = "mairie"
# key -> English msgid (French in the catalogs). Keys are stable: they are stored.
CATEGORIES: dict[str, str] = {
    TOWN_HALL: N_("Town hall and municipal services"),
    "ecoles": N_("Schools and after-school care"),
    "enfance": N_("Early childhood"),
    "sante": N_("Health"),
    "social": N_("Social services and solidarity"),
    "associations": N_("Associations"),
    "commerces": N_("Shops and craftsmen"),
    "equipements": N_("Public facilities"),
    "sport-culture": N_("Sport, culture and leisure"),
    "dechets": N_("Waste"),
    "transports": N_("Transport"),
    "tourisme": N_("Tourism"),
    "securite": N_("Safety and emergencies"),
    "autres": N_("Other services"),
}


def category_label(key: str, gettext=lambda text: text) -> str:
    """The category's name in the reader's language (unknown keys read "Other services")."""
    return gettext(CATEGORIES.get(key, CATEGORIES["autres"]))
