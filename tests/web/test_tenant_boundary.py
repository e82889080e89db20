"""The tenant boundary, proven over every route of the application.

Every rule of ``app.url_map`` must be listed in ``ROUTES`` with who may reach it; a new
route without an entry fails this suite, so nobody can add an unguarded page by accident.
Tenants are communes and intercommunalities (EPCI): the walk covers commune ↔ commune,
commune ↔ EPCI and EPCI ↔ other EPCI, at the URL guard and in the data layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models import (
    Alert,
    Commune,
    DirectoryEntry,
    Event,
    HiddenSharedItem,
    Intercommunality,
    Membership,
    MunicipalAct,
    NewsItem,
    Page,
    Revision,
    Role,
    StoredFile,
    WasteRound,
    WasteZone,
)
from tests.conftest import csrf_token, publish_directly

PUBLIC, SIGNED_IN, PLATFORM_ADMIN = "public", "signed-in", "platform-admin"
COMMUNE, EPCI = "commune", "epci"
SECRET = "Secret de"

# The views of every content type that act on one item.
CONTENT_ITEM_VIEWS = (
    "edit", "duplicate", "unpublish", "history", "compare", "restore", "autosave", "review",
    "send_back", "publish_reviewed", "translation",
)  # fmt: skip
CONTENT_SCREENS = {
    "pages": Page,
    "directory": DirectoryEntry,
    "news": NewsItem,
    "events": Event,
    "alerts": Alert,
    "acts": MunicipalAct,
}
# The media library's screens; those with an item id are checked with another tenant's ids
# (no library item exists in the world below, so any id of another tenant is a 404 too).
MEDIA_VIEWS = ("index", "picker", "edit", "delete", "view", "download")
MEDIA_ITEM_VIEWS = ("edit", "delete", "view", "download")
ROUTES = {
    "static": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.accept_invitation": PUBLIC,
    "operations.health": PUBLIC,  # the verdict only; details for platform admins
    "accounts.logout": SIGNED_IN,
    "accounts.account": SIGNED_IN,
    "accounts.set_language": SIGNED_IN,
    "platform.home": SIGNED_IN,
    "platform.theme_static": SIGNED_IN,
    "platform.communes": PLATFORM_ADMIN,
    "platform.onboard": PLATFORM_ADMIN,
    "platform.invite": PLATFORM_ADMIN,
    "commune.shared.toggle": COMMUNE,
    **{
        f"epci.waste.{view}": EPCI
        for view in ("index", "new_zone", "edit_zone", "delete_zone", "new_round", "edit_round",
                     "delete_round")
    },
    **{
        f"{tenant}.{endpoint}": tenant
        for tenant in (COMMUNE, EPCI)
        for endpoint in (
            "dashboard.home",
            "dashboard.review_setting",
            *(f"{screens}.{view}" for screens in CONTENT_SCREENS
              for view in ("index", "new", "preview", *CONTENT_ITEM_VIEWS)),
            *(f"media.{view}" for view in MEDIA_VIEWS),
            *(f"site_settings.{view}" for view in ("identity", "legal", "accessibility_page")),
        )
    },
}  # fmt: skip
# Routes that take an item id, with the model of the item they load.
ITEM_ROUTES = (
    {
        f"{tenant}.{screens}.{view}": model
        for tenant in (COMMUNE, EPCI)
        for screens, model in CONTENT_SCREENS.items()
        for view in CONTENT_ITEM_VIEWS
    }
    | {f"{tenant}.media.{view}": Page for tenant in (COMMUNE, EPCI) for view in MEDIA_ITEM_VIEWS}
    | {
        "commune.shared.toggle": DirectoryEntry,
        "epci.waste.edit_zone": WasteZone,
        "epci.waste.delete_zone": WasteZone,
        "epci.waste.new_round": WasteZone,
        "epci.waste.edit_round": WasteRound,
        "epci.waste.delete_round": WasteRound,
    }
)
# Content is owned by communes and intercommunalities; waste zones by intercommunalities only.
CONTENT_MODELS = tuple(CONTENT_SCREENS.values())
PREFIXES = {COMMUNE: "/admin/c/<commune_slug>", EPCI: "/admin/e/<epci_slug>"}
SAMPLE_VALUES = {
    "token": "no-such-token",
    "theme": "bastide",
    "filename": "css/style.css",
    "content_type": "directory_entry",
    "action": "hide",
    "revision_id": "1",
    "lang": "oc",
    "kind": "schema",
}


@dataclass
class World:
    """EPCI X (communes alpha and beta) and EPCI Y (commune gamma), with secrets: pages and
    entries of every tenant, a waste-collection zone and its round in each EPCI."""

    alpha: object
    beta: object
    x: Intercommunality
    y: Intercommunality
    items: dict  # owner slug -> {model: item}


def test_every_route_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTES) == set(), "add the new routes to ROUTES with their access rule"
    assert set(ROUTES) - endpoints == set(), "ROUTES lists endpoints that no longer exist"


def test_tenant_routes_all_live_under_their_guarded_prefix(app):
    for rule in app.url_map.iter_rules():
        for tenant, prefix in PREFIXES.items():
            assert rule.rule.startswith(prefix) == (ROUTES[rule.endpoint] == tenant), rule.rule


def test_every_item_route_is_checked_for_objects_of_another_tenant(app):
    with_item = {r.endpoint for r in app.url_map.iter_rules() if "item_id" in r.arguments}
    assert with_item == set(ITEM_ROUTES)


def _epci(database, siren, slug, name):
    with database.unit_of_work() as session:
        epci = Intercommunality(siren=siren, slug=slug, name=name, kind="CC",
                                languages=["fr", "oc"])  # fmt: skip
        session.add(epci)
    return epci


def _secrets(database, owner_column: str, owner_id: int, name: str) -> dict:
    with database.unit_of_work() as session:
        page = Page(**{owner_column: owner_id}, title=f"{SECRET} {name}", slug="secret", body="x")
        entry = DirectoryEntry(
            **{owner_column: owner_id}, name=f"{SECRET} {name}", slug="secret", category="sante"
        )
        pdf = StoredFile(**{owner_column: owner_id}, sha256="0" * 64, size=1,
                         media_type="application/pdf", filename="secret.pdf")  # fmt: skip
        session.add(pdf)
        session.flush()
        owned = {owner_column: owner_id, "slug": "secret"}
        news = NewsItem(**owned, title=f"{SECRET} {name}", news_date=date(2026, 11, 1))
        event = Event(**owned, title=f"{SECRET} {name}", starts_on=date(2026, 12, 5),
                      ends_on=date(2026, 12, 5))  # fmt: skip
        alert = Alert(**{owner_column: owner_id}, message=f"{SECRET} {name}", level="urgence",
                      unpublish_at=datetime.now(UTC) + timedelta(days=3))  # fmt: skip
        act = MunicipalAct(**owned, title=f"{SECRET} {name}", kind="arrete", number="1",
                           act_date=date(2026, 11, 1), file_id=pdf.id)  # fmt: skip
        items = {Page: page, DirectoryEntry: entry, NewsItem: news, Event: event, Alert: alert,
                 MunicipalAct: act}  # fmt: skip
        for item in items.values():
            publish_directly(session, item)
    return items


def _waste_secrets(database, epci_id: int, commune_id: int, name: str) -> dict:
    """A collection zone of the intercommunality, covering one member, with one round."""
    with database.unit_of_work() as session:
        zone = WasteZone(intercommunality_id=epci_id, name=f"{SECRET} {name}", slug="secret")
        zone.communes = [session.get(Commune, commune_id)]
        round_ = WasteRound(zone=zone, stream="verre", recurrence="weekly", weekday=2,
                            holiday_rule="next_day")  # fmt: skip
        session.add_all([zone, round_])
    return {WasteZone: zone, WasteRound: round_}


@pytest.fixture
def world(make_commune, make_user, database) -> World:
    x = _epci(database, "200000001", "cc-x", "CC X")
    y = _epci(database, "200000002", "cc-y", "CC Y")
    alpha = make_commune(
        slug="alpha", name="Alpha", languages=["fr", "oc"], intercommunality_id=x.id
    )
    beta = make_commune(slug="beta", name="Beta", languages=["fr", "oc"], intercommunality_id=x.id)
    gamma = make_commune(
        slug="gamma", name="Gamma", languages=["fr", "oc"], intercommunality_id=y.id
    )
    make_user("clerk@alpha.test", commune=alpha, role=Role.PUBLISHER)
    make_user("clerk@gamma.test", commune=gamma, role=Role.PUBLISHER)
    for email, epci in (("agent@x.test", x), ("agent@y.test", y)):
        user = make_user(email)
        with database.unit_of_work() as session:
            session.add(Membership(user_id=user.id, intercommunality_id=epci.id, role="publisher"))
    items = {
        "alpha": _secrets(database, "commune_id", alpha.id, "Alpha"),
        "beta": _secrets(database, "commune_id", beta.id, "Beta"),
        "cc-x": _secrets(database, "intercommunality_id", x.id, "X")
        | _waste_secrets(database, x.id, alpha.id, "X"),
        "cc-y": _secrets(database, "intercommunality_id", y.id, "Y")
        | _waste_secrets(database, y.id, gamma.id, "Y"),
    }
    return World(alpha, beta, x, y, items)


def _urls(app, endpoint, slug, item_id):
    """Every (method, url) of an endpoint, filled with the tenant ``slug`` and ``item_id``."""
    from flask import url_for

    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules(endpoint):
            values = {"commune_slug": slug, "epci_slug": slug, "item_id": item_id}
            values |= SAMPLE_VALUES
            url = url_for(endpoint, **{k: values[k] for k in rule.arguments})
            urls += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return urls


def _request(client, method, url):
    data = {
        "csrf_token": csrf_token(client),
        "title": "Piraté",
        "name": "Piraté",
        "category": "sante",
        "body": "x",
        "version": "1",
        # A valid round: were a waste route unguarded, the secret round would change.
        "stream": "menagers",
        "recurrence": "weekly",
        "weekday": "0",
        "every_weeks": "1",
        "holiday_rule": "next_day",
    }
    return client.open(url, method=method, data=data if method == "POST" else None)


def _untouched(database, world: World) -> bool:
    """Every secret is still published as it was, and nothing was hidden or added."""
    with database.session() as session:
        for owner_items in world.items.values():
            for model, item in owner_items.items():
                if not _intact(session.get(model, item.id)):
                    return False
        revisions = session.scalar(select(func.count()).select_from(Revision))
        hidden = session.scalar(select(func.count()).select_from(HiddenSharedItem))
        zones = session.scalar(select(func.count()).select_from(WasteZone))
        rounds = session.scalar(select(func.count()).select_from(WasteRound))
        return (revisions, hidden, zones, rounds) == (4 * len(CONTENT_MODELS), 0, 2, 2)


def _intact(row) -> bool:
    if isinstance(row, WasteZone):
        return row.name.startswith(SECRET) and len(row.communes) == 1
    if isinstance(row, WasteRound):
        return (row.stream, row.weekday) == ("verre", 2)
    return row is not None and row.title.startswith(SECRET) and bool(row.published_revision_id)


def _item_id(endpoint, owner_items) -> int:
    return owner_items[ITEM_ROUTES.get(endpoint, Page)].id


def _assert_refused(app, client, endpoint, slug, item_id, database, world):
    for method, url in _urls(app, endpoint, slug, item_id):
        response = _request(client, method, url)
        assert response.status_code in (403, 404), (method, url, response.status_code)
        assert SECRET.encode() not in response.data, (method, url)
    assert _untouched(database, world)


TENANT_ENDPOINTS = {
    tenant: sorted(e for e, rule in ROUTES.items() if rule == tenant) for tenant in (COMMUNE, EPCI)
}


# Who tries each tenant route, on whose data: (account, the tenant it attacks).
ATTACKS = {
    COMMUNE: (
        ("clerk@alpha.test", "beta"),  # a member of a commune, on another commune
        ("agent@x.test", "alpha"),  # the intercommunality's staff, on a member's own content
    ),
    EPCI: (
        ("clerk@alpha.test", "cc-x"),  # a member commune's clerk, on its intercommunality
        ("agent@x.test", "cc-y"),  # an intercommunality's staff, on another one
    ),
}


@pytest.mark.parametrize("endpoint", [*TENANT_ENDPOINTS[COMMUNE], *TENANT_ENDPOINTS[EPCI]], ids=str)
def test_no_one_reaches_a_tenant_they_do_not_belong_to(endpoint, app, login, world, database):
    for account, target in ATTACKS[ROUTES[endpoint]]:
        client = app.test_client()
        login(account, client=client)
        item_id = _item_id(endpoint, world.items[target])
        _assert_refused(app, client, endpoint, target, item_id, database, world)


# Your own URL with another tenant's item id: (account, its tenant, the other owner).
OBJECT_ATTACKS = {
    COMMUNE: (("clerk@alpha.test", "alpha", "beta"), ("clerk@alpha.test", "alpha", "cc-x")),
    EPCI: (("agent@x.test", "cc-x", "cc-y"), ("agent@x.test", "cc-x", "alpha")),
}


@pytest.mark.parametrize("endpoint", sorted(ITEM_ROUTES), ids=str)
def test_objects_of_another_tenant_are_not_found_through_your_own_urls(
    endpoint, app, login, world, database
):
    """The data layer is scoped too: your URL with another tenant's item id is a 404."""
    for account, own_slug, other_owner in OBJECT_ATTACKS[ROUTES[endpoint]]:
        if other_owner == "cc-x" and endpoint == "commune.shared.toggle":
            continue  # hiding an entry of your own intercommunality is allowed (tested below)
        if other_owner == "alpha" and ITEM_ROUTES[endpoint] not in CONTENT_MODELS:
            continue  # a commune has no waste zone
        client = app.test_client()
        login(account, client=client)
        item_id = _item_id(endpoint, world.items[other_owner])
        for method, url in _urls(app, endpoint, own_slug, item_id):
            response = _request(client, method, url)
            assert response.status_code == 404, (account, method, url, response.status_code)
        assert _untouched(database, world)


def test_a_commune_hides_only_entries_its_own_intercommunality_shares(
    app, client, login, world, database
):
    login("clerk@gamma.test")  # gamma belongs to Y, not to X
    x_entry = world.items["cc-x"][DirectoryEntry]
    url = f"/admin/c/gamma/shared/directory_entry/{x_entry.id}/hide"
    assert _request(client, "POST", url).status_code == 404
    assert _untouched(database, world)
    other = app.test_client()
    login("clerk@alpha.test", client=other)
    response = _request(other, "POST", f"/admin/c/alpha/shared/directory_entry/{x_entry.id}/hide")
    assert response.status_code == 302
    with database.session() as session:
        hidden = session.scalars(select(HiddenSharedItem)).all()
    assert [(h.commune_id, h.item_id) for h in hidden] == [(world.alpha.id, x_entry.id)]


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ROUTES.items() if r != PUBLIC))
def test_anonymous_is_sent_to_login(endpoint, app, client, world):
    slug = "cc-y" if ROUTES[endpoint] == EPCI else "beta"
    for method, url in _urls(app, endpoint, slug, _item_id(endpoint, world.items[slug])):
        response = _request(client, method, url)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/admin/login"), (method, url)


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ROUTES.items() if r == PLATFORM_ADMIN))
def test_tenant_members_cannot_reach_platform_pages(endpoint, app, client, login, world):
    for user in ("clerk@alpha.test", "agent@x.test"):
        login(user)
        for method, url in _urls(app, endpoint, "beta", 1):
            assert _request(client, method, url).status_code == 403, (user, method, url)


def test_members_reach_their_own_space_and_platform_admins_reach_all(
    app, client, login, world, make_user
):
    login("clerk@alpha.test")
    assert client.get("/admin/c/alpha/").status_code == 200
    agent = app.test_client()
    login("agent@x.test", client=agent)
    assert agent.get("/admin/e/cc-x/").status_code == 200
    assert agent.get("/admin/e/cc-x/directory/").status_code == 200
    admin = app.test_client()
    make_user("it@metropole.test", admin=True)
    login("it@metropole.test", client=admin)
    for url in ("/admin/c/beta/pages/", "/admin/c/alpha/pages/", "/admin/e/cc-y/directory/"):
        assert admin.get(url).status_code == 200, url


def test_unknown_tenants_are_404(client, login, world):
    login("clerk@alpha.test")
    assert client.get("/admin/c/nowhere/").status_code == 404
    assert client.get("/admin/e/nowhere/").status_code == 404
