"""Act rules: the kind's required fields, votes that add up, reserved addresses, signatory."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from app.acts.services import ActDraft, check_act, default_author
from app.config import TIMEZONE
from app.content.errors import ContentError, NotAllowed
from app.models import Intercommunality, MunicipalAct
from tests.acts.conftest import acts, acts_url, admin_text, page_text, pdf_bytes

DRAFT = ActDraft(kind="arrete", number="1", title="Arrêté", slug="", act_date=date(2026, 11, 20))


@pytest.mark.parametrize("kind", ["deliberation", "liste_deliberations"])
def test_a_deliberation_and_a_list_need_the_council_meeting(kind):
    with pytest.raises(ContentError) as error:
        check_act(replace(DRAFT, kind=kind))
    assert error.value.field == "session_date"
    check_act(replace(DRAFT, kind=kind, session_date=date(2026, 11, 18)))


@pytest.mark.parametrize("kind", ["arrete", "decision", "proces_verbal"])
def test_other_kinds_need_no_council_meeting(kind):
    check_act(replace(DRAFT, kind=kind))


def test_votes_cannot_exceed_the_members_voting():
    deliberation = replace(DRAFT, kind="deliberation", session_date=date(2026, 11, 18))
    check_act(replace(deliberation, voters=11, votes_for=9, votes_against=1, abstentions=1))
    with pytest.raises(ContentError) as error:
        check_act(replace(deliberation, voters=10, votes_for=9, votes_against=1, abstentions=1))
    assert error.value.field == "voters"


def test_a_negative_count_is_refused_by_the_form(create_act, database):
    response = create_act(pdf_bytes(), kind="deliberation", session_date="2026-11-18",
                          voters="-1")  # fmt: skip
    assert response.status_code == 400
    assert acts(database) == []


def test_vote_counts_are_kept_for_a_deliberation_only(create_act, database):
    votes = {"voters": "11", "votes_for": "9", "votes_against": "1", "abstentions": "1"}
    create_act(pdf_bytes(), kind="deliberation", session_date="2026-11-18", **votes)
    create_act(pdf_bytes(), kind="arrete", number="2026-002", **votes)
    deliberation, order = acts(database)
    assert (deliberation.voters, deliberation.votes_for, deliberation.abstentions) == (11, 9, 1)
    assert (order.voters, order.votes_for, order.votes_against, order.abstentions) == (None,) * 4


def test_the_votes_sum_error_is_shown_next_to_the_votes(create_act, database):
    response = create_act(pdf_bytes(), kind="deliberation", session_date="2026-11-18",
                          voters="3", votes_for="3", votes_against="1")  # fmt: skip
    assert response.status_code == 400
    message = "Votes for, against and abstentions add up to more than the members voting."
    assert admin_text(message) in page_text(response)
    assert acts(database) == []


def test_a_kind_page_address_is_reserved(create_act, database):
    response = create_act(pdf_bytes(), slug="deliberations")
    assert response.status_code == 400
    assert acts(database) == []


def test_the_address_is_made_from_the_number_and_title(create_act, database):
    create_act(pdf_bytes(), number="2026-014", title="Fermeture de la rue Haute")
    [act] = acts(database)
    assert act.slug == "2026-014-fermeture-de-la-rue-haute"


def test_an_intercommunality_act_is_signed_by_its_president():
    epci = Intercommunality(siren="200072643", slug="cc", name="CC", kind="CC")
    assert default_author(epci) == ("", "Président(e)")


def test_the_index_lists_kind_number_title_date_and_online_time(
    client, create_act, commune, database
):
    create_act(pdf_bytes(), number="2026-014", title="Fermeture de la rue Haute")
    text = page_text(client.get(acts_url(commune)))
    for cell in ("2026-014", "Fermeture de la rue Haute", admin_text("Order (arrêté)")):
        assert cell in text
    [act] = acts(database)
    assert act.online_since is not None and "—" not in text.split("<tbody>")[1]


def test_two_months_online_are_calendar_months():
    """Online on 1 July at 10:00 (Paris): still refused on 31 August (61 days later, the
    end of two 31-day months), allowed from 1 September at 10:00."""
    act = MunicipalAct(online_since=datetime(2026, 7, 1, 10, 0, tzinfo=TIMEZONE))
    with pytest.raises(NotAllowed) as refused:
        act.check_unpublish(datetime(2026, 8, 31, 23, 0, tzinfo=TIMEZONE))
    assert refused.value.params == {"date": "01/07/2026", "earliest": "01/09/2026"}
    act.check_unpublish(datetime(2026, 9, 1, 10, 0, tzinfo=TIMEZONE))
