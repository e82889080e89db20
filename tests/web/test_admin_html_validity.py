"""Every admin screen, as each kind of user sees it on the demo data, is valid HTML:
html5lib (strict parse, unique ids, a title) and the Nu HTML checker, run once on all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

# The Nu checker helper of the publishing tests, imported as those tests import it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publishing"))

from test_html_validity import _nu_errors, _parse_errors

from app.accounts.services import find_user, invite_user
from app.content.kinds import CONTENT_KINDS
from app.models import Commune, MediaItem, Revision, Role, WasteRound, WasteZone
from tests.conftest import post_form

EPCI = "cc-coeur-et-coteaux-du-comminges"
COMMUNE, INTERCOMMUNALITY = "/admin/c/castelnaudary", f"/admin/e/{EPCI}"


@pytest.fixture
def demo(database, settings, monkeypatch) -> dict:
    """The demo's communes, intercommunality, content and accounts (no site build)."""
    from app.demo import (
        DEMO_EPCI_SIREN,
        ensure_accounts,
        ensure_directory,
        ensure_epci_content,
        ensure_pages,
        onboard_demo_communes,
    )
    from app.demo_civic import ensure_civic_content, ensure_epci_alert
    from app.tenancy import find_epci

    monkeypatch.setattr("app.builds.services.enqueue_build", lambda *_: None)
    with database.unit_of_work() as session:
        communes = onboard_demo_communes(session, settings)
        epci = find_epci(session, DEMO_EPCI_SIREN)
        accounts = ensure_accounts(session, communes, [epci])
        for commune in communes:
            clerk = find_user(session, f"mairie@{commune.slug}.test")
            ensure_pages(session, commune, clerk)
            ensure_directory(session, commune, clerk)
            ensure_civic_content(session, settings, commune, clerk)
        agent = find_user(session, f"agents@{epci.slug}.test")
        ensure_epci_content(session, epci, agent)
        ensure_epci_alert(session, epci, agent)
        castelnaudary = session.scalar(select(Commune).where(Commune.slug == "castelnaudary"))
        invitation = invite_user(
            session, "accueil@castelnaudary.test", commune=castelnaudary, role=Role.EDITOR
        )
        ids = {
            kind.screens: session.scalar(
                select(kind.model.id).where(kind.model.commune_id == castelnaudary.id).limit(1)
            )
            for kind in CONTENT_KINDS
        }
        ids["revision"] = session.scalar(
            select(Revision.id).where(
                Revision.content_type == "page", Revision.item_id == ids["pages"]
            )
        )
        ids["media"] = session.scalar(
            select(MediaItem.id).where(MediaItem.commune_id == castelnaudary.id).limit(1)
        )
        ids["zone"] = session.scalar(select(WasteZone.id).limit(1))
        ids["round"] = session.scalar(select(WasteRound.id).limit(1))
    return {
        "passwords": {account.email: account.password for account in accounts},
        "invitation": invitation.token,
        "ids": ids,
    }


def _screens(client, ids: dict) -> dict[str, str]:
    """A clerk's screens: dashboard, each content type's screens, media, account."""
    pages = {"dashboard": client.get(f"{COMMUNE}/")}
    for kind in CONTENT_KINDS:
        base = f"{COMMUNE}/{kind.screens}"
        item = ids[kind.screens]
        pages |= {
            f"{kind.screens} list": client.get(f"{base}/"),
            f"{kind.screens} edit form": client.get(f"{base}/{item}"),
            f"{kind.screens} history": client.get(f"{base}/{item}/history"),
            f"{kind.screens} new form": client.get(f"{base}/new"),
            f"{kind.screens} form with errors": post_form(client, f"{base}/new", {}),
        }
    compare = f"{COMMUNE}/pages/{ids['pages']}/compare?from={ids['revision']}"
    pages["pages compare"] = client.get(compare)
    pages["pages review"] = client.get(f"{COMMUNE}/pages/{ids['pages']}/review")
    pages["media library"] = client.get(f"{COMMUNE}/media/")
    pages["media edit form"] = client.get(f"{COMMUNE}/media/{ids['media']}")
    pages["account"] = client.get("/admin/account")
    return pages


def _signed_in(app, login, passwords: dict[str, str], email: str):
    """A new test client signed in as ``email`` (a demo account)."""
    client = app.test_client()
    login(email, passwords[email], client=client)
    return client


def test_every_admin_screen_is_valid_html(app, client, login, demo, tmp_path) -> None:
    passwords, ids = demo["passwords"], demo["ids"]
    responses = {
        "sign in": client.get("/admin/login"),
        "invitation": client.get(f"/admin/invitation/{demo['invitation']}"),
        "invalid invitation": client.get("/admin/invitation/not-a-token"),
    }
    clerk = _signed_in(app, login, passwords, "mairie@castelnaudary.test")
    responses |= _screens(clerk, ids)

    admin = _signed_in(app, login, passwords, "admin@bastide.test")
    responses |= {
        "communes": admin.get("/admin/platform/communes"),
        "onboarding": admin.get("/admin/platform/communes/new"),
        "onboarding record": post_form(admin, "/admin/platform/communes/new", {"insee": "31555"}),
        "onboarding with errors": post_form(admin, "/admin/platform/communes/new", {}),
        "invite": admin.get("/admin/platform/invite"),
    }

    agent = _signed_in(app, login, passwords, f"agents@{EPCI}.test")
    waste = f"{INTERCOMMUNALITY}/waste"
    responses |= {
        "intercommunality dashboard": agent.get(f"{INTERCOMMUNALITY}/"),
        "intercommunality directory": agent.get(f"{INTERCOMMUNALITY}/directory/"),
        "waste zones": agent.get(f"{waste}/"),
        "new zone": agent.get(f"{waste}/zones/new"),
        "zone form": agent.get(f"{waste}/zones/{ids['zone']}"),
        "new round": agent.get(f"{waste}/zones/{ids['zone']}/rounds/new"),
        "round form": agent.get(f"{waste}/rounds/{ids['round']}"),
        "round form with errors": post_form(agent, f"{waste}/zones/{ids['zone']}/rounds/new", {}),
    }
    aurignac = _signed_in(app, login, passwords, "mairie@aurignac.test")
    responses["directory with shared entries"] = aurignac.get("/admin/c/aurignac/directory/")

    statuses = {name: response.status_code for name, response in responses.items()}
    expected = {name: 400 if "errors" in name else 200 for name in responses}
    expected["invalid invitation"] = 404
    assert statuses == expected
    pages = {name: response.get_data(as_text=True) for name, response in responses.items()}
    assert "Toulouse" in pages["onboarding record"]
    assert {name: errors for name, html in pages.items() if (errors := _parse_errors(html))} == {}
    assert _nu_errors(pages, tmp_path / "nu") == {}
