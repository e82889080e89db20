"""The five kinds of municipal acts and the ACTES subject codes ("matières").

No Flask or database import: the site build reads these tables too. Labels are English
msgids, shown in French by the admin and theme catalogs; the ACTES names are the
official French nomenclature, written as the SCDL « Délibérations » schema asks (lower
case, no comma nor parenthesis, level 1 and level 2 separated by a slash).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import N_


@dataclass(frozen=True)
class ActKind:
    key: str  # stored in MunicipalAct.kind
    label: str  # msgid, singular
    plural: str  # msgid, the heading of its list
    slug: str  # its page on the site: /actes/<slug>/
    # The council meeting that adopted it must be given (article L2121-15).
    needs_session: bool = False
    # Vote counts apply (members voting, for, against, abstentions).
    has_votes: bool = False


ACT_KINDS: dict[str, ActKind] = {
    kind.key: kind
    for kind in (
        ActKind("deliberation", N_("Deliberation"), N_("Deliberations"), "deliberations",
                needs_session=True, has_votes=True),
        ActKind("arrete", N_("Order (arrêté)"), N_("Orders (arrêtés)"), "arretes"),
        ActKind("decision", N_("Decision"), N_("Decisions"), "decisions"),
        ActKind("proces_verbal", N_("Minutes (procès-verbal)"), N_("Minutes (procès-verbaux)"),
                "proces-verbaux"),
        ActKind("liste_deliberations", N_("List of deliberations"), N_("Lists of deliberations"),
                "listes-des-deliberations", needs_session=True),
    )
}  # fmt: skip
KIND_SLUGS = frozenset(kind.slug for kind in ACT_KINDS.values())

# ACTES level 1 ("matière") names, by their first digit.
_ACTES_MATTERS = {
    "1": "commande publique",
    "2": "urbanisme",
    "3": "domaine et patrimoine",
    "4": "fonction publique",
    "5": "institutions et vie politique",
    "6": "libertés publiques et pouvoirs de police",
    "7": "finances locales",
    "8": "domaines de compétences par thèmes",
    "9": "autres domaines de compétences",
}
# ACTES level 2 codes and names (the codes the SCDL schema lists: 1.1 to 9.4).
_ACTES_SUBJECTS = {
    "1.1": "marchés publics",
    "1.2": "délégation de service public",
    "1.3": "conventions de mandat",
    "1.4": "autres types de contrats",
    "1.5": "transactions protocole d'accord transactionnel",
    "1.6": "actes relatifs à la maîtrise d'oeuvre",
    "1.7": "actes spéciaux et divers",
    "2.1": "documents d'urbanisme",
    "2.2": "actes relatifs au droit d'occupation ou d'utilisation des sols",
    "2.3": "droit de préemption urbain",
    "3.1": "acquisitions",
    "3.2": "aliénations",
    "3.3": "locations",
    "3.4": "limites territoriales",
    "3.5": "autres actes de gestion du domaine public",
    "3.6": "autres actes de gestion du domaine privé",
    "4.1": "personnels titulaires et stagiaires de la fpt",
    "4.2": "personnels contractuels",
    "4.3": "fonction publique hospitalière",
    "4.4": "autres catégories de personnels",
    "4.5": "régime indemnitaire",
    "5.1": "election exécutif",
    "5.2": "fonctionnement des assemblées",
    "5.3": "désignation de représentants",
    "5.4": "délégation de fonctions",
    "5.5": "délégation de signature",
    "5.6": "exercice des mandats locaux",
    "5.7": "intercommunalité",
    "5.8": "décision d'ester en justice",
    "6.1": "police municipale",
    "6.2": "pouvoirs du président du conseil général",
    "6.3": "pouvoirs du président du conseil régional",
    "6.4": "autres actes réglementaires",
    "6.5": "actes pris au nom de l'etat",
    "7.1": "décisions budgétaires",
    "7.2": "fiscalité",
    "7.3": "emprunts",
    "7.4": "interventions économiques",
    "7.5": "subventions",
    "7.6": "contributions budgétaires",
    "7.7": "avances",
    "7.8": "fonds de concours",
    "7.9": "prise de participation sem etc",
    "7.10": "divers",
    "8.1": "enseignement",
    "8.2": "aide sociale",
    "8.3": "voirie",
    "8.4": "aménagement du territoire",
    "8.5": "politique de la ville-habitat-logement",
    "8.6": "emploi-formation professionnelle",
    "8.7": "transports",
    "8.8": "environnement",
    "8.9": "culture",
    "9.1": "autres domaines de compétences des communes",
    "9.2": "autres domaines de compétences des départements",
    "9.3": "autres domaines de compétences des régions",
    "9.4": "voeux et motions",
}
SUBJECT_CODES = tuple(_ACTES_SUBJECTS)


def subject_name(code: str) -> str:
    """The SCDL ``DELIB_MATIERE_NOM`` of an ACTES code: « finances locales/décisions
    budgétaires » for 7.1; empty for no code."""
    if code not in _ACTES_SUBJECTS:
        return ""
    return f"{_ACTES_MATTERS[code.split('.')[0]]}/{_ACTES_SUBJECTS[code]}"


def subject_label(code: str) -> str:
    """How a person reads an ACTES code: « 7.1 Finances locales – décisions budgétaires »."""
    if code not in _ACTES_SUBJECTS:
        return ""
    matter = _ACTES_MATTERS[code.split(".")[0]]
    return f"{code} {matter[:1].upper()}{matter[1:]} – {_ACTES_SUBJECTS[code]}"
