"""Pathological Markdown is refused at once or cut by a time budget; real pages render."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG
from werkzeug.datastructures import MultiDict

from app.content.errors import ContentError
from app.content.text import check_markdown
from app.pages.forms import PageForm
from app.publishing.budget import BudgetExceeded, time_budget
from app.publishing.markdown import MarkdownRefused, markdown_settings, render_markdown
from app.publishing.reader import PageTooComplex, SanitisedMarkdownReader
from tests.conftest import csrf_token, post_form

# The texts of issue 9 that took from 10 s to minutes to render.
PATHOLOGICAL = {
    "dash-lines": "-\n" * 50_000,
    "open-links": "[a](" * 25_000,
    "open-angle-links": "[a](<" * 20_000,
    "open-tags": "<a" * 50_000,
}
# A long real page: headings, lists, links, a table, inline HTML, ~95,000 characters.
SECTION = """## Rubrique {n}

La mairie vous accueille *du lundi au vendredi*, voir [les horaires](/horaires/) et
[le plan](https://example.org/plan?id={n}) (accès handicapé) ; <b>important</b> : [1].

- état civil
- urbanisme (permis, déclarations)

| Jour | Horaires |
|------|----------|
| Lundi | 9 h – 12 h |

"""
LONG_PAGE = "".join(SECTION.format(n=n) for n in range(300))
# Generous: the refusals are immediate; this only guards against the minutes of before.
ANSWER_S = 1.0


def test_long_page_fits_the_body_limit_and_renders() -> None:
    assert 80_000 < len(LONG_PAGE) <= 100_000
    html = render_markdown(LONG_PAGE)
    assert html.count("<table>") == 300 and "<h3>Rubrique 299</h3>" in html


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_render_refuses_pathological_text_within_a_second(text: str) -> None:
    start = time.thread_time()  # CPU time: the suite's neighbours do not count
    with pytest.raises(MarkdownRefused) as refused:
        render_markdown(text)
    assert time.thread_time() - start < ANSWER_S
    assert "«" in str(refused.value)  # names the culprit, translated when shown


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_saving_pathological_text_is_a_content_error_on_the_body(text: str) -> None:
    with pytest.raises(ContentError) as refused:
        check_markdown(text)
    assert refused.value.field == "body"


def test_a_render_over_its_budget_is_refused() -> None:
    """Whatever else is slow (not listed in markdown_limits) is cut by the budget."""
    with pytest.raises(MarkdownRefused) as refused:
        render_markdown(LONG_PAGE, budget=0.001)
    assert refused.value.params == {"seconds": 0.001}


def test_time_budget_interrupts_a_loop_and_leaves_nothing_behind() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.05):
        while True:
            pass
    with time_budget(0.05):
        pass
    time.sleep(0.1)  # an expired timer must not raise later in the caller


def test_time_budget_interrupts_a_web_thread_too() -> None:
    """Requests run in waitress's threads, where no signal can be used: a watcher does it."""
    outcome = []

    def request() -> None:
        try:
            with time_budget(0.05):
                while True:
                    pass
        except BudgetExceeded:
            outcome.append("interrupted")

    thread = threading.Thread(target=request)
    thread.start()
    thread.join(5)
    assert outcome == ["interrupted"]


def test_a_tighter_inner_budget_gives_the_outer_one_back() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.3):
        with contextlib.suppress(BudgetExceeded), time_budget(0.02):
            while True:
                pass
        while True:  # the outer budget still runs out
            pass


def test_ordinary_parentheses_tags_and_rules_are_fine() -> None:
    text = "Voir [ici](/a) (ouvert) :( ;) a < b, <b>gras</b>\n\n---\n\n# Titre\n" * 300
    assert "<hr>" in render_markdown(text)


def timed_post(client, url: str, form: dict):
    """POST ``form`` as the browser would; the response and the CPU seconds it took.

    The screen is warmed first with an ordinary text (a clerk's admin is), and the cost is
    the request thread's CPU time: the suite runs four workers on two cores, where wall
    time measures the neighbours (quiet, these answers take 0.03-0.2 s of wall time)."""
    data = {"csrf_token": csrf_token(client), **form}  # fetched before the clock starts
    client.post(url, data={**data, "body": "Un texte ordinaire.", "body_html": ""})
    start = time.thread_time()
    response = client.post(url, data=data)
    return response, time.thread_time() - start


def _reader() -> SanitisedMarkdownReader:
    settings = dict(DEFAULT_CONFIG, MARKDOWN=markdown_settings())
    return SanitisedMarkdownReader(settings)


def _source(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "tarifs.md"
    path.write_text(f"Title: Tarifs de la salle\nSlug: tarifs\n\n{body}\n", encoding="utf-8")
    return path


def test_build_reader_names_a_pathological_page(tmp_path: Path) -> None:
    start = time.thread_time()
    with pytest.raises(PageTooComplex) as refused:
        _reader().read(str(_source(tmp_path, PATHOLOGICAL["open-links"])))
    assert time.thread_time() - start < ANSWER_S
    assert "Tarifs de la salle" in str(refused.value) and "tarifs.md" in str(refused.value)


def test_build_reader_bounds_a_page_share_of_the_build(tmp_path: Path) -> None:
    reader = _reader()
    reader.budget = 0.001
    with pytest.raises(PageTooComplex, match="Tarifs de la salle"):
        reader.read(str(_source(tmp_path, LONG_PAGE)))


def test_build_reader_renders_a_long_page(tmp_path: Path) -> None:
    content, metadata = _reader().read(str(_source(tmp_path, LONG_PAGE)))
    assert metadata["title"] == "Tarifs de la salle" and content.count("<table>") == 300


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_preview_and_save_answer_within_a_second_and_keep_the_text(
    client, login, editor, commune, text
) -> None:
    login(editor.email)
    form = {"title": "Tarifs", "slug": "", "body": text, "menu_position": "1"}
    preview, seconds = timed_post(client, f"/admin/c/{commune.slug}/pages/preview", form)
    assert seconds < ANSWER_S
    assert preview.status_code == 400
    saved = post_form(client, f"/admin/c/{commune.slug}/pages/new", form)
    assert saved.status_code == 400
    assert "Tarifs" in saved.get_data(as_text=True)


def test_a_preview_over_its_render_budget_is_a_400_not_a_500(
    client, login, editor, commune, monkeypatch
) -> None:
    """The text passed the save checks but the preview's own render overruns its budget."""
    monkeypatch.setattr("app.publishing.preview.ADMIN_BUDGET_S", 0.001)
    login(editor.email)
    form = {"title": "Tarifs", "slug": "", "body": LONG_PAGE, "menu_position": "1"}
    response = post_form(client, f"/admin/c/{commune.slug}/pages/preview", form)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("html", "status"),
    [
        ("<a" * 50_000, 400),  # too many tags to convert (was 130 s: a quadratic regex)
        ("<p>" + "-<br>" * 50_000 + "</p>", 400),
        ("<p>-</p>" * 50_000, 400),
        ("<p>" + "[a](" * 25_000 + "</p>", 400),  # typed in the editor: 25,000 escapes
    ],
    ids=["open-tags", "dash-lines", "dash-paragraphs", "open-links"],
)
def test_editor_html_is_converted_or_refused_within_a_second(
    client, login, editor, commune, html, status
) -> None:
    """The rich-text editor's HTML -> Markdown path is bounded too."""
    login(editor.email)
    form = {"title": "Tarifs", "slug": "", "body": "", "body_html": html, "menu_position": "1"}
    response, seconds = timed_post(client, f"/admin/c/{commune.slug}/pages/preview", form)
    assert seconds < ANSWER_S
    assert response.status_code == status


def test_editor_html_over_the_conversion_budget_is_refused(app, monkeypatch) -> None:
    monkeypatch.setattr("app.content.forms.ADMIN_BUDGET_S", 0.001)
    with app.test_request_context(method="POST"):
        form = PageForm(
            formdata=MultiDict({"title": "T", "body_html": "<p>Un texte.</p>" * 2000}),
            meta={"csrf": False},
        )
        with pytest.raises(ContentError, match=r"too complex|trop complexe"):
            form.text()
