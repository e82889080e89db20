"""The admin's screens run as many statements for 10 items as for 60: no query per row."""

from __future__ import annotations

import pytest

SCREENS = ["", "pages/", "news/", "events/", "directory/", "alerts/", "acts/", "media/"]


@pytest.mark.parametrize("screen", SCREENS)
def test_statements_do_not_grow_with_the_items(
    client, login, publisher, commune, add_items, count_statements, screen
):
    login(publisher.email)
    url = f"/admin/c/{commune.slug}/{screen}"
    counts = []
    for start, count in ((0, 10), (10, 50)):
        add_items(start, count)
        client.get(url)  # the first request of a session loads what it caches
        with count_statements() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], f"{url}: {counts[0]} statements for 10 items, {counts[1]} for 60"


def test_history_statements_do_not_grow_with_the_revisions(
    client, login, publisher, commune, add_items, count_statements, database
):
    from sqlalchemy import select

    from app.models import Page, Revision, User

    login(publisher.email)
    add_items(0, 1)
    with database.session() as session:
        page = session.scalar(select(Page))
    url = f"/admin/c/{commune.slug}/pages/{page.id}/history"
    counts = []
    for start, more in ((0, 5), (5, 40)):
        with database.unit_of_work() as session:
            for n in range(start, start + more):  # each by another clerk: one author a row
                author = User(email=f"clerk{n}@aurignac.test", password_hash="")
                session.add(author)
                session.flush()
                session.add(
                    Revision(content_type="page", item_id=page.id, commune_id=commune.id,
                             data={"title": f"v{n}"}, published=False, created_by_id=author.id)
                )  # fmt: skip
        with count_statements() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
