"""The accessibility check flags each problem of a text, with a quote, and nothing in a
clean text; only a missing alternative text blocks publication; it stays fast."""

from __future__ import annotations

import time

import pytest

from app.content.accessibility import RULES, blocks_publication, check_html
from app.publishing.markdown import render_markdown

# One Markdown text with every problem the check knows, rendered as the site renders it.
FAULTY = """\
### Horaires d'ouverture

![IMG_1234.jpg](/medias/mairie.jpg)

![](/medias/plan-du-bourg.png)

Pour le menu de la cantine, [cliquez ici](/cantine/). Les démarches : <https://www.service-public.fr/particuliers>.

##

LA MAIRIE SERA FERMÉE LUNDI 14 JUILLET

<table><tr><td>Lundi</td><td>9 h à 12 h</td></tr><tr><td>Mardi</td><td>14 h à 17 h</td></tr></table>

<table><tr><td>Bienvenue à Aurignac</td></tr></table>

Le [compte rendu du conseil](/docs/cr-2025-03.pdf) est en ligne.
Voir aussi le [plan cadastral](/docs/cadastre.pdf) (PDF, 2 Mo).

Les jours de collecte sont indiqués en rouge dans le calendrier.
"""

CLEAN = """\
# Horaires d'ouverture

La mairie est ouverte du lundi au vendredi. Le secrétariat de la **SNCF** et de la CAF
reçoit sur rendez-vous.

## Accès

![La façade de la mairie, place du Marché](/medias/mairie.jpg)

![](/medias/filet.png)

Consultez le [menu de la cantine](/cantine/) et les
[démarches sur Service-Public.fr](https://www.service-public.fr/particuliers).
Le [compte rendu du conseil du 12 mars](/docs/cr-2025-03.pdf) (PDF, 120 Ko) est en ligne.

### Jours d'ouverture

| Jour | Horaires |
|------|----------|
| Lundi | 9 h à 12 h |
| Mardi | 14 h à 17 h |

- Les jours fériés, la mairie est fermée ;
- les jours de collecte sont marqués « collecte » dans le calendrier ;
- les textes importants sont en gras.

# Contact

Écrivez à la mairie.
"""


@pytest.fixture(scope="module")
def problems():
    html = render_markdown(FAULTY)
    return check_html(html, scanned_hrefs=frozenset({"/docs/cadastre.pdf"}))


def _excerpts(problems, rule: str) -> list[str]:
    return [problem.excerpt for problem in problems if problem.rule == rule]


def test_an_image_without_alternative_text_is_flagged(problems):
    assert _excerpts(problems, "image-alt") == ["IMG_1234.jpg", "plan-du-bourg.png"]


def test_a_vague_link_text_is_flagged(problems):
    assert _excerpts(problems, "link-text") == ["cliquez ici"]
    vague = next(problem for problem in problems if problem.rule == "link-text")
    assert vague.params == {"text": "cliquez ici"}


def test_a_bare_address_as_link_text_is_flagged(problems):
    assert _excerpts(problems, "link-url") == ["https://www.service-public.fr/particuliers"]


def test_a_first_heading_below_title_is_flagged(problems):
    assert _excerpts(problems, "heading-order") == ["Horaires d'ouverture"]


def test_an_empty_heading_is_flagged(problems):
    assert _excerpts(problems, "heading-empty") == ["h3"]


def test_text_in_capitals_is_flagged(problems):
    assert _excerpts(problems, "capitals") == ["LA MAIRIE SERA FERMÉE LUNDI 14 JUILLET"]


def test_a_table_without_header_row_is_flagged(problems):
    assert _excerpts(problems, "table-header") == ["Lundi 9 h à 12 h Mardi 14 h à 17 h"]


def test_a_single_cell_layout_table_is_flagged(problems):
    assert _excerpts(problems, "table-layout") == ["Bienvenue à Aurignac"]


def test_a_document_link_without_format_and_size_is_flagged(problems):
    assert _excerpts(problems, "document-format") == ["compte rendu du conseil"]


def test_a_scanned_pdf_is_flagged(problems):
    assert _excerpts(problems, "document-scanned") == ["plan cadastral"]


def test_colour_alone_is_flagged(problems):
    assert _excerpts(problems, "colour-only") == ["en rouge"]


def test_every_rule_is_exercised_by_the_fixture(problems):
    assert {problem.rule for problem in problems} == set(RULES)


def test_a_clean_text_has_no_problem():
    html = render_markdown(CLEAN)
    assert check_html(html, decorative_srcs=frozenset({"/medias/filet.png"})) == []


def test_only_a_missing_alternative_text_blocks_publication(problems):
    assert {problem.rule for problem in problems if problem.blocking} == {"image-alt"}
    assert blocks_publication(problems)
    without_images = [problem for problem in problems if problem.rule != "image-alt"]
    assert without_images and not blocks_publication(without_images)


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="/x">Lire la suite…</a></p>',
        '<p><a href="/x">click here</a></p>',
        '<p><a href="/x">En savoir plus</a></p>',
        '<p><a href="/x">ici</a></p>',
    ],
)
def test_vague_link_texts_in_both_languages(html):
    assert [problem.rule for problem in check_html(html)] == ["link-text"]


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="http://example.org/page">http://example.org/page</a></p>',
        '<p><a href="https://mairie.fr">www.mairie.fr</a></p>',
    ],
)
def test_bare_urls_as_link_text(html):
    assert [problem.rule for problem in check_html(html)] == ["link-url"]


def test_a_heading_level_jump_after_a_title():
    html = "<h2>Vie locale</h2><h4>Associations</h4><h3>Écoles</h3><h4>Cantine</h4>"
    assert [(p.rule, p.excerpt) for p in check_html(html)] == [("heading-order", "Associations")]


@pytest.mark.parametrize(
    "html",
    ["<p>Réunion du CCAS à la mairie</p>", "<p>SNCF RATP</p>", "<p>A B C D</p>"],
)
def test_acronyms_and_short_words_are_not_capitals(html):
    assert check_html(html) == []


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<p>Les cases rouges sont complètes.</p>", "cases rouges"),
        ("<p>Closed days are shown in red.</p>", "in red"),
        ("<li>Les dates en vert sont libres</li>", "en vert"),
    ],
)
def test_colour_phrases_in_french_and_english(html, found):
    assert [(p.rule, p.excerpt) for p in check_html(html)] == [("colour-only", found)]


def test_an_image_link_takes_its_text_from_the_alternative_text():
    html = '<p><a href="/plan/"><img src="/medias/plan.png" alt="Plan du bourg"></a></p>'
    assert check_html(html) == []


def test_a_heading_made_of_a_described_image_is_not_empty():
    assert check_html('<h2><img src="/medias/logo.png" alt="Mairie d\'Aurignac"></h2>') == []


def test_a_decorative_image_needs_no_text_but_a_file_name_is_no_description():
    html = '<p><img src="/medias/filet.png" alt=""><img src="/medias/a.jpg" alt="DSC_0042"></p>'
    problems = check_html(html, decorative_srcs=frozenset({"/medias/filet.png"}))
    assert [(p.rule, p.excerpt) for p in problems] == [("image-alt", "DSC_0042")]


def test_a_document_link_stating_format_and_size_in_its_text_is_fine():
    html = '<p><a href="/docs/budget.xlsx?v=2">Budget 2026 (Excel, 35 Ko)</a></p>'
    assert check_html(html) == []


def _cpu_seconds(html: str) -> float:
    """The best CPU time of three checks (other processes do not count)."""
    timings = []
    for _ in range(3):
        start = time.process_time()
        check_html(html)
        timings.append(time.process_time() - start)
    return min(timings)


def test_a_text_at_the_length_limit_is_checked_without_stalling():
    # A guard against quadratic work (a save must not hang), not a measure of speed: the
    # check takes ~45 ms here; html.parser alone took tens of seconds on some inputs.
    section = CLEAN + "\n" + FAULTY + "\n"
    html = render_markdown(section * (100_000 // len(section) + 1))[:100_000]
    assert _cpu_seconds(html) < 1.0


@pytest.mark.parametrize(
    "html",
    [
        "<a" * 50_000,  # unclosed tags: html.parser alone rescans the rest at each one
        "<a x='" * 16_000,
        "<!--" * 25_000,
        "<?" * 50_000,
        "<ul><li>" * 6_000 + "</li></ul>" * 6_000,
        "<p>" + "AB CD " * 16_000,
        "<table><tr><td>" * 6_000,
    ],
    ids=["unclosed", "unclosed quote", "comments", "instructions", "nesting", "capitals", "tables"],
)
def test_pathological_html_is_checked_in_well_under_a_second(html):
    assert _cpu_seconds(html) < 1.0


def _report(app, problems, language="en") -> str:
    with app.test_request_context(headers={"Accept-Language": language}):
        macro = app.jinja_env.get_template("content/_accessibility.html").module
        return str(macro.accessibility_problems(problems))


def test_the_report_lists_each_problem_with_its_quote_and_fix(app, problems):
    html = _report(app, problems)
    assert '<section class="accessibility-report" aria-labelledby="accessibility-check">' in html
    assert (
        f'<h2 id="accessibility-check">Accessibility check: {len(problems)} problems</h2>' in html
    )
    assert html.count("<li ") == len(problems)
    assert "<q>cliquez ici</q>" in html
    assert "The text of a link does not say where it leads: “cliquez ici”." in html
    assert "Select the table and turn its first row into a header row." in html
    # Blocking problems say so in words, not only with a colour.
    assert html.count("Blocks publication</strong>") == 2


def test_the_report_escapes_the_quoted_text(app):
    problems = check_html('<p><a href="/x">www.&lt;b&gt;.fr</a></p>')
    html = _report(app, problems)
    assert "<q>www.&lt;b&gt;.fr</q>" in html and "<b>" not in html


def test_no_problem_no_report(app):
    assert _report(app, []).strip() == ""
