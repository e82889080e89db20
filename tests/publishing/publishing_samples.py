"""Sample content and HTML helpers shared by the publishing tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from app.config import PROJECT_ROOT
from app.publishing.content import EntryContent, PageContent, SiteContent, WasteZoneContent
from app.waste import Round

THEMES_DIR = PROJECT_ROOT / "themes"
TRANSLATIONS_DIR = PROJECT_ROOT / "translations"

BODY = """# Bienvenue

La mairie vous accueille *du lundi au vendredi*. Voir aussi [les horaires](../horaires/).

- état civil
- urbanisme

| Jour | Horaires |
|------|----------|
| Lundi | 9 h – 12 h |
"""


def page(slug: str, title: str, position: int, body: str = BODY) -> PageContent:
    """One published page."""
    published = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    return PageContent(slug, title, body, menu_position=position, published_at=published)


# Several pages whose menu order needs both keys: position first, then accent-blind title.
PAGES = (
    page("associations", "Associations", 3),
    page("eglise", "Église Saint-Martin", 2),
    page("horaires", "Horaires de la mairie", 1),
    page("ecole", "École", 2),
    page("vie-municipale", "Vie municipale", 0),
)
MENU_ORDER = ["vie-municipale", "horaires", "ecole", "eglise", "associations"]


PUBLISHED = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
TOWN_HALL = EntryContent(
    slug="mairie",
    name="Mairie d'Aurignac",
    category="mairie",
    published_at=PUBLISHED,
    summary="Accueil du public, état civil, urbanisme.",
    street="1 place de la Mairie",
    postal_code="31420",
    town="Aurignac",
    phones=("+33561989008",),
    email="mairie@aurignac.example",
    hours="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    is_town_hall=True,
)
LIBRARY = EntryContent(
    slug="bibliotheque",
    name="Bibliothèque municipale",
    category="equipements",
    published_at=PUBLISHED,
    summary="Prêt de livres & jeux <gratuit>.",
    body="Le **mercredi**, heure du conte.",
    street="2 rue de l'École",
    postal_code="31420",
    town="Aurignac",
    phones=("+33561000020", "+33612345678"),
    website="https://bibliotheque.aurignac.example/",
    hours='We 14:00-18:00; Sa 10:00-12:00; PH off; 2026 Dec 24-2026 Dec 26 off "Inventaire"',
    latitude=43.2167,
    longitude=0.8833,
    accessibility="Accès de plain-pied.",
    last_checked_on=date(2026, 11, 2),
)
ENTRIES = (TOWN_HALL, LIBRARY)
FRIDAY, TUESDAY = 4, 1
WASTE_ZONE = WasteZoneContent(
    slug="aurignac-centre-bourg",
    name="Aurignac – centre bourg",
    communes=("Aurignac",),
    rounds=(
        Round("menagers", FRIDAY),  # Christmas and New Year's Day 2026 are Fridays
        Round("emballages", TUESDAY, every_weeks=2, reference_date=date(2026, 12, 1)),
    ),
)


def site_content(**overrides) -> SiteContent:
    """The published content of a small commune, with overrides."""
    site = SiteContent(
        slug="aurignac",
        insee="31028",
        name="Aurignac",
        postal_codes=("31420",),
        population=1291,
        department="Haute-Garonne",
        intercommunality="Cœur et Coteaux du Comminges",
        hostnames=("aurignac.communes.localhost",),
        theme="bastide",
        languages=("fr",),
        live_url="http://127.0.0.1:8000/aurignac/",
        town_hall_address="1 place de la Mairie\n31420 Aurignac",
        town_hall_phone="05 61 98 90 08",
        town_hall_email="mairie@aurignac.example",
        publication_director="Jeanne Dupont",
        accessibility_status="partiellement",
        pages=PAGES,
        entries=ENTRIES,
        waste_zones=(WASTE_ZONE,),
    )
    return replace(site, **overrides)


# (payload, fragments that must not survive, compared case-insensitively)
XSS_PAYLOADS = [
    ("<script>alert(1)</script>", ["<script", "alert(1)"]),
    ("<img src=x onerror=alert(1)>", ["onerror", "alert(1)"]),
    ("[x](javascript:alert(1))", ["javascript:", "alert(1)"]),
    ('<a href="JaVaScRiPt:alert(1)">lien</a>', ["javascript:", "alert(1)"]),
    ("<style>body { display: none }</style>", ["<style", "display"]),
    ('<iframe src="https://evil.example/"></iframe>', ["<iframe", "evil.example"]),
    ("<svg onload=alert(1)><circle r=5 /></svg>", ["<svg", "onload", "alert(1)"]),
    ('<p style="position:fixed;top:0">texte</p>', ["style=", "position:fixed"]),
    ("[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", ["data:"]),
    ("![pixel](data:image/gif;base64,R0lGODlhAQABAAAAACw=)", ["data:"]),
    ("![suivi](https://tracker.example/pixel.gif)", ["tracker.example"]),
    ('<form action="/x"><input name="q"></form>', ["<form", "<input"]),
    ('<object data="x.swf"></object><embed src="x.swf">', ["<object", "<embed"]),
    ('<a href="#" onclick="alert(1)">x</a>', ["onclick", "alert(1)"]),
    ("<h1 id=x onmouseover=alert(1)>Titre</h1>", ["onmouseover", "alert(1)"]),
]
XSS_BODY = "\n\n".join(payload for payload, _ in XSS_PAYLOADS)


def assert_inert(html: str, forbidden: list[str]) -> None:
    """None of the forbidden fragments appears in ``html``."""
    lowered = html.lower()
    for fragment in forbidden:
        assert fragment.lower() not in lowered, f"{fragment!r} survived in {html!r}"


class HtmlScan(HTMLParser):
    """Every start tag with its attributes, and the text, of one HTML document."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        """Attributes of every ``tag`` whose attributes include ``attrs``."""
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(k) == v for k, v in attrs.items())
        ]

    @property
    def text(self) -> str:
        """The document's text, whitespace collapsed."""
        return " ".join(" ".join(self.text_parts).split())


def build_at(content: SiteContent, site_dir, name: str, now: datetime):
    """Build ``content`` into ``site_dir`` as release ``name``, at the instant ``now``."""
    from app.publishing.pipeline import build_site

    return build_site(
        content,
        site_dir=site_dir,
        release_name=name,
        themes_dir=THEMES_DIR,
        translations_dir=TRANSLATIONS_DIR,
        now=now,
    )
