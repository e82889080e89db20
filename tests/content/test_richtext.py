"""The editor's HTML -> the canonical Markdown, and back (app.content.richtext)."""

from __future__ import annotations

import time

import pytest

from app.content.richtext import editor_html, markdown_from_editor
from app.publishing.content import FileContent, MediaContent
from app.publishing.markdown import render_markdown
from app.publishing.media import AdminMedia

WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset=utf-8>
<title>Document1</title>
<style><!-- p.MsoNormal {margin:0cm; font-family:"Calibri"} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom>
</w:WordDocument></xml><![endif]--></head><body lang=FR style='tab-interval:35.4pt'>
<!--StartFragment--><div class=WordSection1>
<h1 style='mso-margin-top-alt:auto'><span style='font-family:"Calibri Light";color:#2F5496'>
Horaires de la mairie<o:p></o:p></span></h1>
<p class=MsoNormal style='margin:0cm'><span style='font-size:12.0pt;font-family:Arial;
color:red'>La mairie est <b>ouverte</b> le <i>lundi</i>.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>&nbsp;</p>
<p class=MsoNormal></p>
<h2><font face="Arial" color="red" size=4>Pièces à fournir</font></h2>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt
"Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span><!--[endif]-->Carte d'identité
<o:p>
</o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72pt;mso-list:l0 level2 lfo1'>
<![if !supportLists]><span style='font-family:"Courier New"'>o<span style='font:7.0pt
"Times New Roman"'>&nbsp; </span></span><![endif]>Photo récente<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span>
Justificatif de domicile</p>
<p class=MsoNormal>Les étapes :</p>
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp; </span></span>Remplir le formulaire</p>
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp; </span></span>Le déposer en mairie</p>
<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse;border:none'>
<tr style='height:14pt'><td width=302 valign=top style='width:226pt;border:solid windowtext 1pt'>
<p class=MsoNormal><b>Jour<o:p></o:p></b></p></td><td width=302 valign=top>
<p class=MsoNormal><b>Heures<o:p></o:p></b></p></td></tr>
<tr><td><p class=MsoNormal>Lundi</p></td><td><p class=MsoNormal>9 h – 12 h</p></td></tr>
</table>
<p class=MsoNormal>Voir <a href="https://www.service-public.fr/"><span style='color:#0563C1'>
le site service-public.fr</span></a>.</p>
</div><!--EndFragment--></body></html>"""

WORD_MARKDOWN = """# Horaires de la mairie

La mairie est **ouverte** le *lundi*.

# Pièces à fournir

- Carte d'identité
    - Photo récente
- Justificatif de domicile

Les étapes :

1. Remplir le formulaire
2. Le déposer en mairie

| Jour | Heures |
| --- | --- |
| Lundi | 9 h – 12 h |

Voir [le site service-public.fr](https://www.service-public.fr/).
"""


def test_word_html_becomes_clean_markdown_with_its_structure():
    assert markdown_from_editor(WORD_HTML) == WORD_MARKDOWN


def test_google_docs_html_keeps_bold_and_italic_but_not_its_wrapper():
    html = (
        '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1">'
        '<h2 dir="ltr"><span style="font-size:16pt;font-weight:400;color:#434343">Le marché'
        '</span></h2><p dir="ltr"><span style="font-weight:700">Tous les jeudis</span>'
        '<span style="font-weight:400"> sur la </span><span style="font-style:italic">place'
        "</span></p><br></b>"
    )
    assert markdown_from_editor(html) == "# Le marché\n\n**Tous les jeudis** sur la *place*\n"


def test_libreoffice_and_web_lists_and_tables_keep_their_structure():
    html = (
        '<ol><li><p style="margin-bottom:0cm">Un</p><ol><li><p>Un bis</p></li></ol></li>'
        "<li><p>Deux</p></li></ol><table><tbody><tr><td>A</td><td>B | C</td></tr>"
        "<tr><td>1</td><td>2</td></tr></tbody></table><blockquote><p>Dit le maire.</p>"
        "</blockquote>"
    )
    assert markdown_from_editor(html) == (
        "1. Un\n    1. Un bis\n2. Deux\n\n| A | B \\| C |\n| --- | --- |\n| 1 | 2 |\n\n"
        "> Dit le maire.\n"
    )


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<h1>T</h1>", "# T\n"),
        ("<h2>T</h2>", "# T\n"),
        ("<h3>T</h3>", "## T\n"),
        ("<h4>T</h4>", "### T\n"),
        ("<h5>T</h5>", "### T\n"),
        ("<h6>T</h6>", "### T\n"),
        ("<h2></h2><p>x</p>", "x\n"),
    ],
)
def test_heading_levels(html, markdown):
    assert markdown_from_editor(html) == markdown


def test_the_admin_media_urls_become_media_references():
    html = (
        '<p><img src="/admin/c/aurignac/media/3/view" alt="La mairie"></p>'
        '<p><img src="/admin/e/cc-x/media/4/view" alt=""></p>'
        '<p><a href="/admin/c/aurignac/media/5/download">Le budget</a></p>'
        '<p><a href="/admin/c/aurignac/media/5/other">pas un média</a></p>'
    )
    assert markdown_from_editor(html) == (
        "![La mairie](media:3)\n\n![](media:4)\n\n[Le budget](media:5)\n\n"
        "[pas un média](/admin/c/aurignac/media/5/other)\n"
    )


def test_images_from_other_sites_and_scripts_are_dropped():
    html = (
        '<p>A<img src="https://tracker.example/x.gif" alt="t"><script>alert(1)</script></p>'
        '<p><a href="javascript:alert(1)">piège</a></p><p onclick="x()">B</p>'
    )
    assert markdown_from_editor(html) == "A\n\npiège\n\nB\n"


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("1. Pas une liste", "1\\. Pas une liste"),
        ("# pas un titre", "\\# pas un titre"),
        ("- pas une puce", "\\- pas une puce"),
        ("> pas une citation", "\\> pas une citation"),
        ("---", "\\---"),
        ("*étoile* et 2 * 3", "\\*étoile\\* et 2 * 3"),
        ("snake_case et _souligné_", "snake_case et \\_souligné\\_"),
        ("[crochets](pas un lien)", "\\[crochets](pas un lien)"),
        ("`code`", "\\`code\\`"),
        ("a &lt;b&gt; &amp;amp; c", "a &lt;b> &amp;amp; c"),
        ("Le 1. est ici, 3 # 4, l'an 2024.", "Le 1. est ici, 3 # 4, l'an 2024."),
    ],
)
def test_only_what_markdown_would_read_as_markup_is_escaped(text, markdown):
    result = markdown_from_editor(f"<p>{text}</p>")
    assert result == markdown + "\n"
    rendered = render_markdown(result)
    assert rendered.startswith("<p>")


def test_a_line_break_stays_without_trailing_spaces_and_blank_lines_are_single():
    result = markdown_from_editor("<p>Mairie<br>1 place<br># 2</p><p></p><p></p><p>Fin  </p>")
    assert result == "Mairie<br>\n1 place<br>\n\\# 2\n\nFin\n"
    assert render_markdown(result) == "<p>Mairie<br>\n1 place<br>\n# 2</p>\n<p>Fin</p>"


def test_empty_editor_gives_an_empty_text():
    assert markdown_from_editor("<p></p>") == ""
    assert markdown_from_editor("") == ""


PLATFORM_MARKDOWN = [
    "# Horaires\n\nLa mairie est **ouverte** le *lundi*.\n",
    "# Horaires\n\nPremière ligne.\nSuite du paragraphe.\n",
    "## Sous-titre\n\n### Intertitre\n\nTexte.\n",
    "- Un\n- Deux\n    - Deux bis\n    - Deux ter\n- Trois\n",
    "1. Un\n2. Deux\n    - Puce\n3. Trois\n",
    "| Jour | Heures |\n| --- | --- |\n| Lundi | 9 h |\n| Mardi | 14 h |\n",
    "> Une citation.\n\nEt la suite.\n",
    "Voir [le site](https://www.service-public.fr/) ou <https://example.org/a>.\n",
    "Écrire à [la mairie](mailto:mairie@aurignac.test).\n",
    "1\\. Pas une liste et # pas un titre, snake_case.\n",
    "Adresse<br>\n1 place de la Mairie\n",
]


@pytest.mark.parametrize("markdown", PLATFORM_MARKDOWN)
def test_round_trip_is_stable(markdown):
    assert markdown_from_editor(editor_html(markdown)) == markdown


def test_editor_html_is_the_sanitised_rendering():
    html = editor_html("# Titre\n\n<script>alert(1)</script>[a](javascript:alert(1))")
    assert html.startswith("<h2>Titre</h2>")
    assert "<script" not in html and "javascript" not in html
    assert editor_html("") == ""


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 50_000 + "x" + "</div>" * 50_000,
        "<blockquote>" * 20_000 + "x",
        "<ul><li>" * 10_000 + "x",
        "<em>" * 30_000 + "x",
        "<span style='font-weight:bold'>" * 30_000 + "x",
        "<p style='mso-list:l0 level1 lfo1'>x</p>" * 4_000,
        "<p>" + "[" * 50_000 + "</p>",
    ],
    ids=["divs", "quotes", "lists", "em", "styled-spans", "word-list", "brackets"],
)
def test_pathological_html_is_converted_within_a_second(html):
    # A guard against runaway work (CPU time: other test workers do not count); these
    # convert in 0.1-0.6 s, an unguarded converter in minutes.
    start = time.process_time()
    result = markdown_from_editor(html)
    assert time.process_time() - start < 2.0
    assert "x" in result or "[" in result


def test_a_long_text_round_trips_within_a_second():
    paragraph = "La mairie de la commune est ouverte du lundi au vendredi, de 9 h à 12 h. "
    markdown = "# Horaires\n\n" + "\n\n".join([paragraph * 4] * 320)
    assert len(markdown) > 90_000
    html = editor_html(markdown)
    start = time.process_time()
    result = markdown_from_editor(html)
    assert time.process_time() - start < 2.0
    assert result.count("La mairie") == 1280


def _library() -> AdminMedia:
    photo = FileContent("a" * 64, 120_000, "image/jpeg", "mairie.jpg", 1600, 1200)
    pdf = FileContent("b" * 64, 1_258_291, "application/pdf", "budget.pdf")
    return AdminMedia(
        [
            MediaContent(3, "image", "La mairie", photo, alt_text="La mairie", credit="© Mairie"),
            MediaContent(5, "document", "Budget 2027", pdf, has_text=True),
        ],
        prefix="/admin/c/aurignac",
    )


def test_library_files_show_from_the_admin_and_come_back_as_references():
    markdown = (
        "![La façade](media:3)\n\nLire [le budget](media:5) (page 3).\n\nEt [le budget](media:5).\n"
    )
    html = editor_html(markdown, media=_library())
    assert 'src="/admin/c/aurignac/media/3/view"' in html
    assert 'href="/admin/c/aurignac/media/5/download"' in html
    assert "© Mairie" not in html and "Mo)" not in html
    assert markdown_from_editor(html) == markdown
