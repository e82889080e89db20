"""Long admin lists come in pages of 50: ?page=N, previous/next links, bad numbers."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Page, Revision
from app.web.pagination import Pagination, requested_page
from tests.conftest import publish_directly


@pytest.fixture
def many_pages(database, commune):
    """120 pages, in menu order "Page 000" … "Page 119", every other one published."""
    with database.unit_of_work() as session:
        for n in range(120):
            page = Page(commune_id=commune.id, title=f"Page {n:03d}", slug=f"p{n}", body="x")
            page.menu_position = n
            if n % 2:
                publish_directly(session, page)
            else:
                session.add(page)


def _titles(html: str) -> list[str]:
    return re.findall(r">(Page \d{3})</a>", html)


def _pager(html: str) -> str:
    match = re.search(r'<nav class="pager" aria-label="[^"]+">.*?</nav>', html, re.S)
    assert match, "no pager"
    return match.group(0)


@pytest.fixture
def signed_in(client, login, publisher, many_pages):
    login(publisher.email)
    return client


def test_the_first_page_shows_50_items_and_a_link_to_the_next(signed_in, commune):
    html = signed_in.get(f"/admin/c/{commune.slug}/pages/").get_data(as_text=True)
    assert _titles(html) == [f"Page {n:03d}" for n in range(50)]
    pager = _pager(html)
    assert 'rel="prev"' not in pager
    assert f'href="/admin/c/{commune.slug}/pages/?page=2" rel="next"' in pager
    assert re.search(r'href="/admin/c/[^"]+/pages/" aria-current="page"', pager)


def test_page_two_shows_items_51_to_100_with_both_links(signed_in, commune):
    html = signed_in.get(f"/admin/c/{commune.slug}/pages/?page=2").get_data(as_text=True)
    assert _titles(html) == [f"Page {n:03d}" for n in range(50, 100)]
    pager = _pager(html)
    assert "2 of 3" in pager or "2 sur 3" in pager
    assert "51" in pager and "100" in pager and "120" in pager
    assert f'href="/admin/c/{commune.slug}/pages/" rel="prev"' in pager
    assert f'href="/admin/c/{commune.slug}/pages/?page=3" rel="next"' in pager
    assert f'href="/admin/c/{commune.slug}/pages/?page=2" aria-current="page"' in pager


@pytest.mark.parametrize(
    ("raw", "first_title"),
    [
        ("abc", "Page 000"),
        ("0", "Page 000"),
        ("-1", "Page 000"),
        ("", "Page 000"),
        ("٣", "Page 000"),  # a digit, but not one a URL should carry
        ("4", "Page 100"),
        ("99999999999999999999999999999", "Page 100"),
    ],
)
def test_a_page_number_out_of_range_or_unreadable_shows_the_nearest_page(
    signed_in, commune, raw, first_title
):
    response = signed_in.get(f"/admin/c/{commune.slug}/pages/", query_string={"page": raw})
    assert response.status_code == 200
    assert _titles(response.get_data(as_text=True))[0] == first_title


def test_a_short_list_has_no_pager(client, login, publisher, commune, database):
    with database.unit_of_work() as session:
        session.add(Page(commune_id=commune.id, title="Page 000", slug="p0", body="x"))
    login(publisher.email)
    html = client.get(f"/admin/c/{commune.slug}/pages/").get_data(as_text=True)
    assert _titles(html) == ["Page 000"]
    assert 'class="pager"' not in html


def test_the_history_of_an_item_comes_in_pages(signed_in, commune, database):
    with database.unit_of_work() as session:
        page = session.scalar(select(Page).where(Page.slug == "p1"))
        for n in range(60):
            session.add(
                Revision(content_type="page", item_id=page.id, commune_id=commune.id,
                         data={"title": f"v{n}"}, published=False)
            )  # fmt: skip
    url = f"/admin/c/{commune.slug}/pages/{page.id}/history"
    first = signed_in.get(url).get_data(as_text=True)
    second = signed_in.get(url + "?page=2").get_data(as_text=True)
    restore = re.compile(r"/restore/(\d+)")
    assert len(restore.findall(first)) == 50
    assert len(restore.findall(second)) == 11  # 60 saved + the published revision
    assert not set(restore.findall(first)) & set(restore.findall(second))
    assert f'href="{url}?page=2" aria-current="page"' in _pager(second)


def test_page_links_keep_the_other_arguments(app):
    with app.test_request_context("/admin/login?q=école&page=3"):
        pagination = Pagination(items=[], number=3, per_page=50, total=200)
        assert pagination.url(4) == "/admin/login?q=%C3%A9cole&page=4"
        assert pagination.url(1) == "/admin/login?q=%C3%A9cole"


@pytest.mark.parametrize(
    ("number", "pages", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (1, 10, [1, 2, 3, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
    ],
)
def test_numbers_around_the_current_page(number, pages, expected):
    pagination = Pagination(items=[], number=number, per_page=50, total=pages * 50)
    assert pagination.numbers() == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, 1), ("", 1), (" 2 ", 2), ("x", 1), ("0", 1), ("1e3", 1), ("12345678901", 10**9)],
)
def test_requested_page(raw, expected):
    assert requested_page(raw) == expected


def test_paged_screens_are_valid_html(signed_in, commune, tmp_path):
    """The pager's markup passes the checks every admin screen passes (html5lib, Nu)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publishing"))
    from test_html_validity import _nu_errors, _parse_errors

    pages = {
        "list, page 2": signed_in.get(f"/admin/c/{commune.slug}/pages/?page=2"),
        "list, last page": signed_in.get(f"/admin/c/{commune.slug}/pages/?page=3"),
    }
    html = {name: response.get_data(as_text=True) for name, response in pages.items()}
    assert {name: errors for name, page in html.items() if (errors := _parse_errors(page))} == {}
    assert _nu_errors(html, tmp_path / "nu") == {}
