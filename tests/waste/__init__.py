"""Tests of ``app.waste``, and the French its messages are meant to have (shared with
``tests/publishing/test_waste_feed.py``)."""

from __future__ import annotations

from babel.support import Translations

from tests.hours.helpers import translations_from

# The French the catalogs (messages.po, theme.po) are meant to hold for app.waste.
FRENCH = {
    "household waste": "ordures ménagères",
    "packaging (yellow bin)": "emballages (bac jaune)",
    "glass": "verre",
    "food waste": "biodéchets",
    "garden waste": "végétaux",
    "On a day of the week": "Un jour de la semaine",
    "On given dates": "À des dates précises",
    "Collected the next day": "Rattrapée le lendemain",
    "Collected the previous working day": "Avancée au jour ouvré précédent",
    "Collected the next working day": "Reportée au jour ouvré suivant",
    "Collected as usual": "Maintenue",
    "Not collected": "Annulée",
    "Moved: %(original)s → %(moved)s": "Décalée : %(original)s → %(moved)s",
    "Collected despite the public holiday (%(holiday)s)": (
        "Collecte maintenue malgré le jour férié (%(holiday)s)"
    ),
    "Waste collection – %(zone)s": "Collecte des déchets – %(zone)s",
    "Waste collection days in %(place)s. Days moved for public holidays are already shown.": (
        "Jours de collecte des déchets à %(place)s. Les jours décalés pour les jours fériés "
        "sont déjà indiqués."
    ),
    "Collection: %(stream)s": "Collecte : %(stream)s",
    "Put the bin out": "Sortir le bac",
    "Choose the kind of waste collected by this round.": (
        "Choisissez le type de déchets collectés par cette tournée."
    ),
    "Choose how often this round comes: on a day of the week or on dates.": (
        "Choisissez quand passe cette tournée : un jour de la semaine ou à des dates précises."
    ),
    "Choose the day of the week of the collection.": (
        "Choisissez le jour de la semaine de la collecte."
    ),
    "A round comes every week or every other week; for another rhythm, list its dates.": (
        "Une tournée passe chaque semaine ou une semaine sur deux ; pour un autre rythme, "
        "indiquez ses dates."
    ),
    "Give the date of one collection, so that the weeks with a collection are known.": (
        "Indiquez la date d'une collecte, pour savoir quelles semaines la tournée passe."
    ),
    "List at least one collection date.": "Indiquez au moins une date de collecte.",
    "Choose what happens to a collection due on a public holiday.": (
        "Choisissez ce que devient une collecte qui tombe un jour férié."
    ),
    "The last day of the round (%(end)s) comes before its first day (%(start)s).": (
        "Le dernier jour de la tournée (%(end)s) précède son premier jour (%(start)s)."
    ),
    "There is no collection on %(date)s to move or cancel.": (
        "Il n'y a pas de collecte le %(date)s à décaler ou à annuler."
    ),
    "The collection of %(date)s is changed twice: keep one change.": (
        "La collecte du %(date)s est modifiée deux fois : gardez une seule modification."
    ),
    "« %(text)s » is not a date: write it as DD/MM/YYYY, e.g. 25/12/2026.": (
        "« %(text)s » n'est pas une date : écrivez-la sous la forme JJ/MM/AAAA, "
        "par exemple 25/12/2026."
    ),
    "« %(text)s » is not understood: write 25/12/2026 -> 26/12/2026 to move a collection, "
    "or 25/12/2026 cancelled to cancel it.": (
        "« %(text)s » n'est pas compris : écrivez 25/12/2026 -> 26/12/2026 pour décaler une "
        "collecte, ou 25/12/2026 annulée pour l'annuler."
    ),
    "Give the name of the zone, e.g. « Aurignac – centre bourg ».": (
        "Indiquez le nom de la zone, par exemple « Aurignac – centre bourg »."
    ),
    "Another zone is already called « %(name)s ». Choose another name.": (
        "Une autre zone s'appelle déjà « %(name)s ». Choisissez un autre nom."
    ),
    "Tick at least one member commune covered by this zone.": (
        "Cochez au moins une commune membre desservie par cette zone."
    ),
    "Only member communes of the intercommunality can be part of a zone.": (
        "Seules les communes membres de l'intercommunalité peuvent faire partie d'une zone."
    ),
    "Only a member with the publisher role can change the waste collection calendar.": (
        "Seul un membre ayant le rôle « publication » peut modifier le calendrier de collecte "
        "des déchets."
    ),
}


def french_translations() -> Translations:
    """The FRENCH strings of the waste package as a compiled catalog."""
    return translations_from(FRENCH)
