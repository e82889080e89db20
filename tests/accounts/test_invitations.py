"""Invitations from the command line and from the IT team's page: one link, once, 72 h."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from .helpers import input_value, is_redirect_to_login, post_form, sign_in

LINK = re.compile(r"((?:https?://[^\s<>\"']+)?/admin/invitation/[A-Za-z0-9_\-]+)")
NEW_PASSWORD = "a long enough passphrase"
ENGLISH = {"Accept-Language": "en"}


def _link_path(output: str) -> str:
    match = LINK.search(output)
    assert match, f"no invitation link in: {output!r}"
    return urlsplit(match.group(1)).path


def _accept(client, path: str, password: str = NEW_PASSWORD):
    return post_form(client, path, {"password": password, "confirm": password})


@pytest.fixture
def user_of(db):
    """The stored account of an address, with its memberships loaded."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from app.models import User

    def load(email: str):
        query = select(User).options(selectinload(User.memberships)).where(User.email == email)
        return db(lambda session: session.scalar(query))

    return load


@pytest.fixture
def age_invitations(db):
    """Make every invitation as old as ``age`` (created then, expiring 72 h later)."""
    from sqlalchemy import update

    from app.models import Invitation
    from app.models.base import utcnow

    def age(age: timedelta) -> None:
        created = utcnow() - age
        statement = update(Invitation).values(
            created_at=created, expires_at=created + timedelta(hours=72)
        )
        db(lambda session: session.execute(statement))

    return age


# --- command line ----------------------------------------------------------------------


def test_cli_add_prints_a_link_that_sets_the_password_and_signs_in(
    bastide, client, commune, user_of
):
    result = bastide(
        "user", "add", "Secretaire@Example.org", "--commune", commune.slug, "--role", "publisher"
    )

    assert result.exit_code == 0, result.output
    assert "https://admin.bastide.test/admin/invitation/" in result.stdout
    path = _link_path(result.stdout)

    form = client.get(path)
    assert form.status_code == 200
    assert "secretaire@example.org" in form.get_data(as_text=True)

    response = _accept(client, path)
    assert response.status_code == 302
    assert urlsplit(response.location).path.startswith("/admin/")
    account = client.get("/admin/account")
    assert account.status_code == 200, "signed in right after choosing the password"
    assert "secretaire@example.org" in account.get_data(as_text=True)

    user = user_of("secretaire@example.org")
    assert [(m.commune_id, str(m.role)) for m in user.memberships] == [(commune.id, "publisher")]
    assert not user.is_platform_admin


def test_password_from_the_invitation_works_at_the_login_page(app, bastide, commune):
    result = bastide(
        "user", "add", "new@example.org", "--commune", commune.slug, "--role", "editor"
    )
    _accept(app.test_client(), _link_path(result.stdout))

    assert sign_in(app.test_client(), "new@example.org", NEW_PASSWORD).status_code == 302


def test_invitation_link_works_only_once(app, bastide, commune, password_is):
    result = bastide(
        "user", "add", "new@example.org", "--commune", commune.slug, "--role", "editor"
    )
    path = _link_path(result.stdout)
    assert _accept(app.test_client(), path).status_code == 302

    second_visit = app.test_client().get(path, headers=ENGLISH)
    second_post = _accept(app.test_client(), path, "someone else's passphrase")

    assert second_visit.status_code == 404
    assert "already used" in second_visit.get_data(as_text=True)
    assert second_post.status_code == 404
    assert password_is("new@example.org", NEW_PASSWORD)
    assert not password_is("new@example.org", "someone else's passphrase")


def test_invitation_lasts_72_hours(bastide, commune, db):
    from app.models import Invitation

    bastide("user", "add", "new@example.org", "--commune", commune.slug, "--role", "editor")

    invitation = db(lambda session: session.query(Invitation).one())
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - timedelta(hours=72)) < timedelta(minutes=1)


def test_invitation_older_than_72_hours_is_refused(
    client, bastide, commune, age_invitations, user_of
):
    result = bastide(
        "user", "add", "new@example.org", "--commune", commune.slug, "--role", "editor"
    )
    path = _link_path(result.stdout)

    age_invitations(timedelta(hours=72, minutes=1))

    visit = client.get(path, headers=ENGLISH)
    assert visit.status_code == 404
    assert "has expired" in visit.get_data(as_text=True)
    assert _accept(client, path).status_code == 404
    assert user_of("new@example.org").password_hash is None
    assert is_redirect_to_login(client.get("/admin/account"))


def test_invitation_just_under_72_hours_still_works(client, bastide, commune, age_invitations):
    result = bastide(
        "user", "add", "new@example.org", "--commune", commune.slug, "--role", "editor"
    )
    path = _link_path(result.stdout)

    age_invitations(timedelta(hours=71))

    assert _accept(client, path).status_code == 302


def test_unknown_invitation_token_is_a_404_with_a_message(client):
    response = client.get("/admin/invitation/not-a-real-token", headers=ENGLISH)

    assert response.status_code == 404
    assert "This invitation link is not valid" in response.get_data(as_text=True)


def test_cli_add_platform_admin(bastide, client, user_of):
    result = bastide("user", "add", "it2@example.org", "--platform-admin")

    assert result.exit_code == 0, result.output
    user = user_of("it2@example.org")
    assert user.is_platform_admin
    assert user.memberships == []
    assert _accept(client, _link_path(result.stdout)).status_code == 302
    assert client.get("/admin/platform/invite").status_code == 200


def test_cli_invite_reissues_a_link_for_an_existing_account(app, bastide, clerk):
    result = bastide("user", "invite", "clerk@example.org")

    assert result.exit_code == 0, result.output
    path = _link_path(result.stdout)
    assert _accept(app.test_client(), path).status_code == 302
    assert sign_in(app.test_client(), "clerk@example.org", NEW_PASSWORD).status_code == 302


ENGLISH_WORDS = re.compile(r"\b(is|not|the|choose|valid|address|unknown|no)\b", re.I)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        pytest.param(["new@example.org", "--commune", "{slug}"], ["--role"], id="no-role"),
        pytest.param(["new@example.org", "--role", "editor"], ["--commune"], id="no-commune"),
        pytest.param(["new@example.org"], ["--commune", "--platform-admin"], id="nothing"),
        pytest.param(
            ["new@example.org", "--commune", "{slug}", "--role", "editor", "--platform-admin"],
            ["--platform-admin"],
            id="both",
        ),
        pytest.param(
            ["new@example.org", "--commune", "nulle-part", "--role", "editor"],
            ["commune", "nulle-part"],
            id="unknown-commune",
        ),
        pytest.param(
            ["pas-une-adresse", "--commune", "{slug}", "--role", "editor"],
            ["pas-une-adresse", "adresse"],
            id="bad-email",
        ),
        pytest.param(
            ["pas une@adresse.fr", "--platform-admin"], ["pas une@adresse.fr"], id="space-in-email"
        ),
    ],
)
def test_cli_add_bad_usage_exits_2_with_a_french_sentence(bastide, commune, count, args, fragments):
    from app.models import Invitation, Membership, User

    users_before = count(User)

    result = bastide("user", "add", *[arg.format(slug=commune.slug) for arg in args])

    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert message.startswith("Erreur : "), message
    for fragment in fragments:
        assert fragment in message
    english = ENGLISH_WORDS.findall(message.replace("--platform-admin", ""))
    assert not english, f"not French: {message!r}"
    assert "Traceback" not in result.output
    assert count(User) == users_before
    assert count(Invitation) == 0
    assert count(Membership) == 0


def test_cli_invite_unknown_account_exits_2(bastide, count):
    from app.models import User

    result = bastide("user", "invite", "nobody@example.org")

    assert result.exit_code == 2
    assert "aucun compte" in result.stderr
    assert count(User) == 0


# --- web: the IT team's invitation page ------------------------------------------------


def _web_invite(client, **fields):
    return post_form(client, "/admin/platform/invite", fields)


def test_platform_admin_invites_from_the_web_and_sees_the_link(
    app, client, login, it_admin, commune, user_of
):
    login("it@example.org")
    assert client.get("/admin/platform/invite").status_code == 200

    response = _web_invite(client, email="Maire@Example.org", commune=commune.slug, role="editor")

    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    assert "maire@example.org" in page
    path = _link_path(page)
    user = user_of("maire@example.org")
    assert [(m.commune_id, str(m.role)) for m in user.memberships] == [(commune.id, "editor")]

    newcomer = app.test_client()
    assert newcomer.get(path).status_code == 200
    assert _accept(newcomer, path).status_code == 302
    assert newcomer.get("/admin/account").status_code == 200


def test_platform_admin_invites_another_platform_admin(client, login, it_admin, user_of):
    login("it@example.org")

    response = _web_invite(
        client, email="it2@example.org", commune="", role="editor", platform_admin="y"
    )

    assert response.status_code == 200
    _link_path(response.get_data(as_text=True))
    user = user_of("it2@example.org")
    assert user.is_platform_admin
    assert user.memberships == []


def test_web_invite_without_commune_or_admin_is_refused(client, login, it_admin, count):
    from app.models import User

    login("it@example.org")
    users_before = count(User)

    response = _web_invite(client, email="new@example.org", commune="", role="editor")

    assert response.status_code == 400
    assert not LINK.search(response.get_data(as_text=True))
    assert count(User) == users_before


def test_invite_page_preselects_the_commune_from_the_query(client, login, it_admin, commune):
    login("it@example.org")

    page = client.get("/admin/platform/invite", query_string={"commune": commune.slug})

    assert page.status_code == 200
    selected = re.search(r"<option\b[^>]*\bselected\b[^>]*>", page.get_data(as_text=True))
    assert selected, "no commune preselected"
    assert f'value="{commune.slug}"' in selected.group(0)


def test_commune_member_cannot_open_the_invite_page(client, login, clerk):
    login("clerk@example.org")

    assert client.get("/admin/platform/invite").status_code == 403


def test_commune_member_cannot_post_an_invitation(client, login, clerk, commune, count):
    from app.models import Invitation, User

    login("clerk@example.org")
    users_before = count(User)

    response = _web_invite(
        client,
        email="intruder@example.org",
        commune=commune.slug,
        role="publisher",
        platform_admin="y",
    )

    assert response.status_code == 403
    assert count(User) == users_before
    assert count(Invitation) == 0


def test_invite_page_requires_sign_in(client):
    assert is_redirect_to_login(client.get("/admin/platform/invite"))


def test_invitation_form_shows_the_account(client, invite):
    token = invite("newcomer@example.org")

    page = client.get(f"/admin/invitation/{token}").get_data(as_text=True)

    assert "newcomer@example.org" in page
    assert input_value(page, "password") in (None, "")


def test_a_newer_link_or_an_accepted_one_kills_the_older_links(app, bastide, commune, password_is):
    """An old link left in a mailbox must not reset the password of an active account."""
    first = _link_path(
        bastide(
            "user", "add", "new@example.org", "--commune", commune.slug, "--role", "editor"
        ).stdout
    )
    second = _link_path(bastide("user", "invite", "new@example.org").stdout)
    assert app.test_client().get(first, headers=ENGLISH).status_code == 404
    third = _link_path(bastide("user", "invite", "new@example.org").stdout)
    fourth_issued_before_accepting = _link_path(bastide("user", "invite", "new@example.org").stdout)
    assert app.test_client().get(third, headers=ENGLISH).status_code == 404
    assert _accept(app.test_client(), fourth_issued_before_accepting).status_code == 302
    assert _accept(app.test_client(), second, "an attacker's passphrase").status_code == 404
    assert password_is("new@example.org", NEW_PASSWORD)
