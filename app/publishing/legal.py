"""The three French legal pages every commune site carries, written from its record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.publishing.content import SiteContent
from app.publishing.sections import Section

MENTIONS_LEGALES = "mentions-legales"
ACCESSIBILITE = "accessibilite"
DONNEES_PERSONNELLES = "donnees-personnelles"
LEGAL_SLUGS = (MENTIONS_LEGALES, ACCESSIBILITE, DONNEES_PERSONNELLES)

# Status stored on the commune record -> wording required by the RGAA.
ACCESSIBILITY_WORDING = {
    "non": "non conforme",
    "partiellement": "partiellement conforme",
    "totalement": "totalement conforme",
}


@dataclass(frozen=True)
class LegalPage:
    """One generated legal page, as Markdown."""

    slug: str
    title: str
    body: str


def accessibility_status(content: SiteContent) -> str:
    """The commune's status, one of ACCESSIBILITY_WORDING (unknown values count as "non")."""
    status = content.accessibility_status.strip().lower()
    return status if status in ACCESSIBILITY_WORDING else "non"


def tel_uri(phone: str) -> str:
    """``tel:`` URI of a French phone number as typed by a clerk ("05 61 00 00 00")."""
    digits = re.sub(r"[^\d+]", "", phone)
    if len(digits) == 10 and digits.startswith("0"):
        digits = "+33" + digits[1:]
    return f"tel:{digits}"


def md_escape(text: str) -> str:
    """Make record data inert in Markdown (it is sanitised later anyway)."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]#|!])", r"\\\1", text)


def of_commune(name: str) -> str:
    """French "de" + name with elision and contraction: d'Auch, du Mans, des Angles."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name and name[0].upper() in "AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ":
        return "d'" + name
    return "de " + name


def collectivity(content: SiteContent) -> str:
    """ "la commune d'Aurignac" or "l'intercommunalité CC Cœur et Coteaux du Comminges"."""
    if content.is_intercommunality:
        return f"l'intercommunalité {md_escape(content.name)}"
    return f"la commune {of_commune(md_escape(content.name))}"


def _head(content: SiteContent) -> str:
    """Who heads the collectivity: the mayor, or the president of the intercommunality."""
    return "président" if content.is_intercommunality else "maire"


def _identity(content: SiteContent) -> str:
    if content.is_intercommunality:
        return f"SIREN {md_escape(content.siren)}"
    return f"({md_escape(content.department)}), code INSEE {md_escape(content.insee)}"


def _address(content: SiteContent) -> str:
    return ", ".join(md_escape(line) for line in content.town_hall_address.splitlines() if line)


def _contact_items(content: SiteContent) -> list[str]:
    items = []
    if content.town_hall_email:
        email = md_escape(content.town_hall_email)
        items.append(f"- par courriel : [{email}](mailto:{content.town_hall_email.strip()})")
    if content.town_hall_phone:
        phone = md_escape(content.town_hall_phone)
        items.append(f"- par téléphone : [{phone}]({tel_uri(content.town_hall_phone)})")
    if content.town_hall_address:
        town_hall = (
            md_escape(content.name)
            if content.is_intercommunality
            else f"Mairie {of_commune(md_escape(content.name))}"
        )
        items.append(f"- par courrier : {town_hall}, {_address(content)}")
    if content.is_intercommunality:
        return items or ["- en vous adressant au siège de l'intercommunalité"]
    return items or ["- en vous rendant à la mairie aux heures d'ouverture"]


def mentions_legales(content: SiteContent) -> LegalPage:
    """Publisher, publication director, host (loi n° 2004-575 du 21 juin 2004, art. 6)."""
    of_name = of_commune(md_escape(content.name))
    director = md_escape(content.publication_director)
    host = md_escape(content.intercommunality) or "la collectivité qui exploite la plateforme"
    if content.is_intercommunality:
        host = md_escape(content.name)
    head = _head(content)
    body = f"""# Éditeur du site

Ce site est publié par {collectivity(content)} {_identity(content)}.

{chr(10).join(_contact_items(content))}

# Directeur de la publication

{f"{director}, {head} {of_name}." if director else f"Le {head} {of_name}."}

# Hébergement

Ce site est hébergé par {host} sur la plateforme mutualisée Bastide, qui publie
les sites des communes membres.

# Réalisation

Ce site est produit par Bastide, logiciel libre publié sous licence AGPL-3.0,
et généré avec Pelican. Il ne dépose aucun cookie et ne fait appel à aucun service tiers.
"""
    return LegalPage(MENTIONS_LEGALES, "Mentions légales", body)


_STATUS_DETAIL = {
    "non": "Aucun audit de conformité n'a encore été réalisé.",
    "partiellement": "Certains critères du RGAA ne sont pas encore respectés ; "
    "ils sont corrigés au fil des mises à jour.",
    "totalement": "Le site respecte l'ensemble des critères du RGAA.",
}


def declaration_accessibilite(content: SiteContent) -> LegalPage:
    """The déclaration d'accessibilité (article 47 of loi n° 2005-102) with its status."""
    url = md_escape(content.live_url)
    status = accessibility_status(content)
    who = collectivity(content)
    office = "l'intercommunalité" if content.is_intercommunality else "la mairie"
    body = f"""{who[0].upper()}{who[1:]} s'engage à rendre son site internet accessible
conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.

Cette déclaration d'accessibilité s'applique au site {url}.

# État de conformité

Le site {url} est **{ACCESSIBILITY_WORDING[status]}** avec le référentiel général
d'amélioration de l'accessibilité (RGAA), version 4.1. {_STATUS_DETAIL[status]}

# Retour d'information et contact

Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter
{office} pour être orienté vers une alternative accessible ou obtenir le contenu
sous une autre forme :

{chr(10).join(_contact_items(content))}

# Voies de recours

Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu
ou à un service du site et que vous n'avez pas obtenu de réponse satisfaisante,
vous pouvez saisir le Défenseur des droits :

- par le formulaire en ligne du site defenseurdesdroits.fr ;
- en contactant le délégué du Défenseur des droits de votre département ;
- par courrier gratuit, sans affranchissement : Défenseur des droits,
  Libre réponse 71120, 75342 Paris CEDEX 07.
"""
    return LegalPage(ACCESSIBILITE, "Accessibilité", body)


def donnees_personnelles(content: SiteContent) -> LegalPage:
    """What the site collects (nothing but server logs) and how to exercise GDPR rights."""
    director = md_escape(content.publication_director)
    head = f"son {_head(content)}, {director}" if director else f"son {_head(content)}"
    controller = collectivity(content)
    body = f"""# Responsable du traitement

{controller[0].upper()}{controller[1:]}, représentée par {head}.

# Aucun suivi

Ce site ne dépose aucun cookie, n'utilise aucun outil de mesure d'audience et
ne charge aucune ressource depuis un autre site : pages, styles et images sont
servis par l'hébergeur du site.

# Journaux techniques

Comme tout serveur web, celui qui héberge ce site enregistre des journaux techniques
(adresse IP, date, page demandée) pour assurer la sécurité du service. Ils ne sont
utilisés à aucune autre fin et sont conservés un an au plus.

# Vos droits

Conformément au règlement général sur la protection des données (RGPD) et à la loi
« Informatique et libertés », vous pouvez accéder aux données qui vous concernent,
les faire rectifier ou effacer, et vous opposer à leur traitement. Pour exercer
ces droits, contactez {"l'intercommunalité" if content.is_intercommunality else "la mairie"} :

{chr(10).join(_contact_items(content))}

Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés,
vous pouvez adresser une réclamation à la CNIL (cnil.fr).
"""
    return LegalPage(DONNEES_PERSONNELLES, "Données personnelles", body)


def legal_pages(content: SiteContent) -> list[LegalPage]:
    """The three legal pages, in footer order."""
    return [
        mentions_legales(content),
        declaration_accessibilite(content),
        donnees_personnelles(content),
    ]


# The legal pages are still exported as Markdown (app.publishing.export); this section is
# where they move to templates.
SECTION = Section(name="legal")
