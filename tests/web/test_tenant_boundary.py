"""The tenant boundary, proven over every route of the application.

Every rule of ``app.url_map`` must be listed in ``ROUTES`` with who may reach it; a new
route without an entry fails this suite, so nobody can add an unguarded page by accident.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import DirectoryEntry, Page, Revision, Role
from tests.conftest import csrf_token, publish_directly

PUBLIC, SIGNED_IN, PLATFORM_ADMIN, COMMUNE = "public", "signed-in", "platform-admin", "commune"

ROUTES = {
    "static": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.accept_invitation": PUBLIC,
    "accounts.logout": SIGNED_IN,
    "accounts.account": SIGNED_IN,
    "accounts.set_language": SIGNED_IN,
    "platform.home": SIGNED_IN,
    "platform.theme_static": SIGNED_IN,
    "platform.communes": PLATFORM_ADMIN,
    "platform.onboard": PLATFORM_ADMIN,
    "platform.invite": PLATFORM_ADMIN,
    "commune.dashboard.home": COMMUNE,
    "commune.pages.index": COMMUNE,
    "commune.pages.new": COMMUNE,
    "commune.pages.edit": COMMUNE,
    "commune.pages.unpublish": COMMUNE,
    "commune.pages.preview": COMMUNE,
    "commune.directory.index": COMMUNE,
    "commune.directory.new": COMMUNE,
    "commune.directory.edit": COMMUNE,
    "commune.directory.unpublish": COMMUNE,
    "commune.directory.preview": COMMUNE,
}
# Routes that take an item id, with the model of the item they load.
ITEM_ROUTES = {
    "commune.pages.edit": Page,
    "commune.pages.unpublish": Page,
    "commune.directory.edit": DirectoryEntry,
    "commune.directory.unpublish": DirectoryEntry,
}
SAMPLE_VALUES = {"token": "no-such-token", "theme": "bastide", "filename": "css/style.css"}


def test_every_route_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTES) == set(), "add the new routes to ROUTES with their access rule"
    assert set(ROUTES) - endpoints == set(), "ROUTES lists endpoints that no longer exist"


def test_commune_routes_all_live_under_the_guarded_prefix(app):
    for rule in app.url_map.iter_rules():
        under_prefix = rule.rule.startswith("/admin/c/<commune_slug>")
        assert under_prefix == (ROUTES[rule.endpoint] == COMMUNE), rule.rule


@pytest.fixture
def two_communes(make_commune, make_user, database):
    """Commune A with its publisher; commune B with its publisher, a published page and a
    published directory entry. Returns (A, B, {model: B's item})."""
    a = make_commune(slug="alpha", name="Alpha")
    b = make_commune(slug="beta", name="Beta")
    make_user("clerk@alpha.test", commune=a, role=Role.PUBLISHER)
    make_user("clerk@beta.test", commune=b, role=Role.PUBLISHER)
    with database.unit_of_work() as session:
        page = Page(commune_id=b.id, title="Secret de Beta", slug="secret", body="beta only")
        entry = DirectoryEntry(commune_id=b.id, name="Secret de Beta", slug="secret",
                               category="sante", phones=[])  # fmt: skip
        publish_directly(session, page)
        publish_directly(session, entry)
    return a, b, {Page: page, DirectoryEntry: entry}


def _urls(app, endpoint, slug, item_id):
    """Every (method, url) of an endpoint, filled with commune ``slug`` and ``item_id``."""
    from flask import url_for

    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules(endpoint):
            values = {"commune_slug": slug, "item_id": item_id, **SAMPLE_VALUES}
            url = url_for(endpoint, **{k: values[k] for k in rule.arguments})
            urls += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return urls


def _item_id(endpoint, items) -> int:
    return items[ITEM_ROUTES.get(endpoint, Page)].id


def _request(client, method, url):
    data = {
        "csrf_token": csrf_token(client),
        "title": "Piraté",
        "name": "Piraté",
        "category": "sante",
        "body": "x",
        "version": "1",
    }
    return client.open(url, method=method, data=data if method == "POST" else None)


def _beta_untouched(database, items):
    with database.session() as session:
        revisions = session.scalar(select(func.count()).select_from(Revision))
        for model, item in items.items():
            row = session.get(model, item.id)
            if row.title != "Secret de Beta" or not row.published_revision_id:
                return False
        return revisions == len(items)


@pytest.mark.parametrize("endpoint", sorted(e for e, rule in ROUTES.items() if rule == COMMUNE))
def test_member_of_a_cannot_reach_b(endpoint, app, client, login, two_communes, database):
    _a, b, items = two_communes
    login("clerk@alpha.test")
    for method, url in _urls(app, endpoint, b.slug, _item_id(endpoint, items)):
        response = _request(client, method, url)
        assert response.status_code in (403, 404), (method, url, response.status_code)
        assert b"Secret de Beta" not in response.data
    assert _beta_untouched(database, items)


@pytest.mark.parametrize("endpoint", sorted(ITEM_ROUTES))
def test_object_of_b_is_not_found_through_a(endpoint, app, client, login, two_communes, database):
    """The data layer is scoped too: A's URL with B's item id is a 404."""
    a, _b, items = two_communes
    login("clerk@alpha.test")
    for method, url in _urls(app, endpoint, a.slug, _item_id(endpoint, items)):
        response = _request(client, method, url)
        assert response.status_code == 404, (method, url)
    assert _beta_untouched(database, items)


def test_every_item_route_is_checked_for_objects_of_another_commune(app):
    with_item = {r.endpoint for r in app.url_map.iter_rules() if "item_id" in r.arguments}
    assert with_item == set(ITEM_ROUTES)


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ROUTES.items() if r != PUBLIC))
def test_anonymous_is_sent_to_login(endpoint, app, client, two_communes):
    _a, b, items = two_communes
    for method, url in _urls(app, endpoint, b.slug, _item_id(endpoint, items)):
        response = _request(client, method, url)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/admin/login"), (method, url)


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ROUTES.items() if r == PLATFORM_ADMIN))
def test_commune_member_cannot_reach_platform_pages(endpoint, app, client, login, two_communes):
    _a, b, items = two_communes
    login("clerk@alpha.test")
    for method, url in _urls(app, endpoint, b.slug, _item_id(endpoint, items)):
        assert _request(client, method, url).status_code == 403, (method, url)


def test_member_reaches_own_commune_and_platform_admin_reaches_all(
    app, client, login, two_communes, make_user
):
    a, b, _items = two_communes
    login("clerk@alpha.test")
    assert client.get(f"/admin/c/{a.slug}/").status_code == 200
    other = app.test_client()
    make_user("it@metropole.test", admin=True)
    login("it@metropole.test", client=other)
    assert other.get(f"/admin/c/{b.slug}/pages/").status_code == 200
    assert other.get(f"/admin/c/{a.slug}/pages/").status_code == 200


def test_unknown_commune_is_404(client, login, two_communes):
    login("clerk@alpha.test")
    assert client.get("/admin/c/nowhere/").status_code == 404
