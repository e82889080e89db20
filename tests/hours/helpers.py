"""The French the hours messages are meant to have, and small builders for the tests."""

from __future__ import annotations

from datetime import time
from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

from app.hours import TimeRange

# The French the catalogs (theme.po and messages.po) are meant to hold.
FRENCH = {
    "These hours are not understood near « %(excerpt)s » (character %(column)d). Check the "
    "days (Mo, Tu, We, Th, Fr, Sa, Su, PH) and the times (09:00-12:00).": (
        "Ces horaires ne sont pas compris près de « %(excerpt)s » (caractère %(column)d). "
        "Vérifiez les jours (Mo, Tu, We, Th, Fr, Sa, Su, PH) et les heures (09:00-12:00)."
    ),
    "These hours are too long: %(length)d characters, at most %(limit)d. Group the days that "
    "share the same times (Mo-Fr 09:00-12:00) and remove past dates.": (
        "Ces horaires sont trop longs : %(length)d caractères, %(limit)d au plus. Regroupez "
        "les jours qui ont les mêmes heures (Mo-Fr 09:00-12:00) et retirez les dates passées."
    ),
    "The rule « %(rule)s » cannot be shown on the site. Write days (Mo-Fr), public holidays "
    "(PH) or dates with their year (2026 Dec 24), then times (09:00-12:00) or off.": (
        "La règle « %(rule)s » ne peut pas être affichée sur le site. Écrivez des jours "
        "(Mo-Fr), les jours fériés (PH) ou des dates avec leur année (2026 Dec 24), puis des "
        "heures (09:00-12:00) ou off."
    ),
    "The rule « %(rule)s » gives no times: add them (09:00-12:00) or write off.": (
        "La règle « %(rule)s » ne donne pas d'heures : ajoutez-les (09:00-12:00) ou écrivez off."
    ),
    "« %(time)s » is not a time of day: times go from 00:00 to 24:00.": (
        "« %(time)s » n'est pas une heure de la journée : les heures vont de 00:00 à 24:00."
    ),
    "The time range « %(range)s » must end after it starts. For an opening past midnight, "
    "write two rules: Fr 20:00-24:00; Sa 00:00-02:00.": (
        "La plage horaire « %(range)s » doit finir après son début. Pour une ouverture après "
        "minuit, écrivez deux règles : Fr 20:00-24:00; Sa 00:00-02:00."
    ),
    "« %(date)s » is not a date.": "« %(date)s » n'est pas une date.",
    "The dates « %(dates)s » end before they start. Write the year of both days if they "
    "differ: 2026 Dec 30-2027 Jan 02.": (
        "Les dates « %(dates)s » finissent avant de commencer. Écrivez l'année des deux jours "
        "s'ils diffèrent : 2026 Dec 30-2027 Jan 02."
    ),
    "Put the weekly hours « %(rule)s » before public holidays (PH) and dates: a rule replaces "
    "the rules before it on the days it names.": (
        "Placez les horaires de la semaine « %(rule)s » avant les jours fériés (PH) et les "
        "dates : une règle remplace celles qui la précèdent pour les jours qu'elle désigne."
    ),
    "The closing time (%(end)s) must come after the opening time (%(start)s).": (
        "L'heure de fermeture (%(end)s) doit venir après l'heure d'ouverture (%(start)s)."
    ),
    "At most %(limit)d time ranges a day.": "%(limit)d plages horaires par jour au plus.",
    "The time ranges %(first)s and %(second)s overlap.": (
        "Les plages horaires %(first)s et %(second)s se chevauchent."
    ),
    "The last day must be the first day or come after it.": (
        "Le dernier jour doit être le premier jour ou venir après."
    ),
    "These dates overlap those of exception %(other)d.": (
        "Ces dates chevauchent celles de l'exception %(other)d."
    ),
    "These hours are too long to be saved: remove past exceptions or shorten their labels.": (
        "Ces horaires sont trop longs pour être enregistrés : retirez les exceptions passées "
        "ou raccourcissez leurs motifs."
    ),
    "midnight": "minuit",
    "Open": "Ouvert",
    "Closed": "Fermé",
    "Open · closes at %(time)s": "Ouvert · ferme à %(time)s",
    "Open · closes tomorrow at %(time)s": "Ouvert · ferme demain à %(time)s",
    "Open · closes %(weekday)s at %(time)s": "Ouvert · ferme %(weekday)s à %(time)s",
    "Open · closes on %(date)s at %(time)s": "Ouvert · ferme le %(date)s à %(time)s",
    "Closed · opens at %(time)s": "Fermé · ouvre à %(time)s",
    "Closed · opens tomorrow at %(time)s": "Fermé · ouvre demain à %(time)s",
    "Closed · opens %(weekday)s at %(time)s": "Fermé · ouvre %(weekday)s à %(time)s",
    "Closed · opens on %(date)s at %(time)s": "Fermé · ouvre le %(date)s à %(time)s",
}

NBSP, THIN = "\u00a0", "\u2009"


def translations_from(strings: dict) -> Translations:
    """French ``strings`` (msgid -> msgstr) as a compiled catalog, read like any .mo file."""
    catalog = Catalog(locale="fr")
    for msgid, msgstr in strings.items():
        catalog.add(msgid, msgstr)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def french_translations() -> Translations:
    """The FRENCH strings of the hours package as a compiled catalog."""
    return translations_from(FRENCH)


def fr(text: str) -> str:
    """Expected French text written with plain spaces inside times: "9 h 30 – 12 h"."""
    return text.replace(" h ", f"{NBSP}h{NBSP}").replace(" h", f"{NBSP}h").replace(" –", f"{NBSP}–")


def hm(spec: str) -> tuple[TimeRange, ...]:
    """ "09:00-12:00,14:00-17:00" as time ranges ("-24:00" ends at midnight)."""
    if not spec:
        return ()
    return tuple(TimeRange(*map(_time, part.split("-"))) for part in spec.split(","))


def _time(text: str) -> time:
    return time(0) if text == "24:00" else time(*map(int, text.split(":")))
