"""The rich-text editor in real Chromium: paste from Word, a keyboard-only page, axe-core,
autosave, and the Markdown text area without JavaScript."""

from __future__ import annotations

import itertools
import re
import time
import urllib.request
from html.parser import HTMLParser

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import Platform, accept_invitation

pytestmark = pytest.mark.browser

WCAG_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}
EDITOR = "[role=textbox][contenteditable=true]"
_MARKER = (
    "<!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt "
    '"Times New Roman"\'>&nbsp;&nbsp;&nbsp; </span></span><!--[endif]-->'
)
WORD_FRAGMENT = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
    '<meta name=Generator content="Microsoft Word 15">'
    "<style><!-- p.MsoNormal {margin:0cm;} --></style>"
    "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml>"
    "<![endif]--></head><body lang=FR><!--StartFragment-->"
    "<h1 style='margin-top:12pt'><span style='font-family:\"Calibri Light\";color:#2F5496'>"
    "Inscriptions scolaires<o:p></o:p></span></h1>"
    "<p class=MsoNormal><span style='font-size:12.0pt;font-family:Arial;color:red'>"
    "Les inscriptions ouvrent le <b>1er mars</b>.<o:p></o:p></span></p>"
    "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
    '<h2><font face="Arial" size=4>Pièces à fournir</font></h2>'
    "<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
    f"{_MARKER}Livret de famille<o:p></o:p></p>"
    "<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
    f"{_MARKER}Justificatif de domicile<o:p></o:p></p>"
    "<table class=MsoTableGrid border=1 style='border-collapse:collapse'>"
    "<tr><td style='width:120pt'><p class=MsoNormal><b>Jour</b></p></td>"
    "<td><p class=MsoNormal><b>Horaires</b></p></td></tr>"
    "<tr><td><p class=MsoNormal>Lundi</p></td><td><p class=MsoNormal>9 h – 12 h</p></td></tr>"
    "</table>"
    "<p class=MsoNormal>Voir <a href=\"https://www.service-public.fr/\" style='color:#0563C1'>"
    "<span style='font-size:11pt'>service-public.fr</span></a>.</p>"
    "<!--EndFragment--></body></html>"
)


class _Structure(HTMLParser):
    """The tags, attributes and heading levels of a page's <main>."""

    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.headings: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        if not self.in_main:
            return
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1


def _site_html(url: str, text: str, timeout: float = 25) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our server
                html = response.read().decode()
            if text in html:
                return html
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on {url} after {timeout} s")


def _main_html(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture(scope="module")
def aurignac(tmp_path_factory):
    """One running platform with Aurignac onboarded, shared by the module's tests (each
    test writes pages of its own titles)."""
    instance = Platform(tmp_path_factory.mktemp("editor"))
    instance.cli("onboard", "--insee", "31028")
    instance.start()
    yield instance
    instance.stop()


@pytest.fixture
def clerk(aurignac):
    """A new publisher of Aurignac with an invitation to accept; returns the platform."""
    email = f"mairie-{next(_clerk_numbers)}@aurignac.test"
    aurignac.invitation_link_text = aurignac.invitation_link(
        "user", "add", email, "--commune", "aurignac", "--role", "publisher"
    )
    return aurignac


_clerk_numbers = itertools.count(1)


def _sign_in(page, platform):
    accept_invitation(page, platform.invitation_link_text)
    expect(page.get_by_role("heading", level=1)).to_have_text("Aurignac")


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_word_paste_keeps_the_structure_and_drops_the_styling(clerk, page):
    _sign_in(page, clerk)
    page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
    page.get_by_label("Titre", exact=True).fill("Inscriptions")
    editor = page.locator(EDITOR)
    expect(editor).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_be_hidden()  # the Markdown text area
    editor.focus()
    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', 'fallback');
            const target = document.querySelector('[role=textbox][contenteditable=true]');
            target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                              cancelable: true}));
        }""",
        WORD_FRAGMENT,
    )
    expect(editor.locator("h2")).to_have_text(["Inscriptions scolaires", "Pièces à fournir"])
    expect(editor.locator("ul > li")).to_have_count(2)
    expect(editor.locator("th")).to_have_count(2)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_role("status").first).to_contain_text("Publication enregistrée")

    html = _main_html(
        _site_html(f"{clerk.base_url}/aurignac/inscriptions/", "Justificatif de domicile")
    )
    structure = _Structure()
    structure.feed(html)
    assert "<h2>Inscriptions scolaires</h2>" in html
    assert "<h2>Pièces à fournir</h2>" in html
    assert re.search(r"<ul>\s*<li>Livret de famille</li>\s*<li>Justificatif de domicile</li>", html)
    assert re.search(r"<th>Jour</th>\s*<th>Horaires</th>", html)
    assert re.search(r'<a href="https://www.service-public.fr/"[^>]*>service-public.fr</a>', html)
    assert "<strong>1er mars</strong>" in html
    assert not {"style", "class", "face", "color"} & _attributes_in_text(html)
    assert not {"font", "span", "o:p"} & set(structure.tags)
    assert "mso" not in html and "·" not in html and "&nbsp;" not in html
    assert structure.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(structure.headings, structure.headings[1:], strict=False))


def _attributes_in_text(html: str) -> set[str]:
    """Attributes inside the text itself (the theme's <div class="page-body">)."""
    start = html.index('<div class="page-body">') + len('<div class="page-body">')
    text = html[start : html.index("</div>", start)]
    return set(re.findall(r"\s([a-z:-]+)=", text)) - {"href", "rel"}


def _upload_photo(page, platform, tmp_path) -> None:
    """Put a photo with its alternative text in the library (the file chooser is the only
    step that is not typed)."""
    from PIL import Image

    photo = tmp_path / "marche.jpg"
    with Image.new("RGB", (800, 600), (40, 120, 200)) as image:
        image.save(photo, "JPEG")
    page.goto(f"{platform.base_url}/admin/c/aurignac/media/")
    page.locator("input[name=file]").set_input_files(photo)
    _tab_to(page, "input[name=title]")
    page.keyboard.type("Le marché")
    _tab_to(page, "input[name=alt_text]")
    page.keyboard.type("Les étals du marché sur la place")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Le marché")


def test_keyboard_only_journey(clerk, page, tmp_path):
    _sign_in(page, clerk)
    _upload_photo(page, clerk, tmp_path)
    page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
    page.locator(EDITOR).wait_for()
    _tab_to(page, "input[name=title]")
    page.keyboard.type("Vie scolaire")
    # The toolbar is one tab stop; its arrow keys move between the buttons.
    _tab_to(page, "[role=toolbar] button")
    assert page.evaluate("document.activeElement.textContent") == "Paragraphe"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.textContent") == "Titre"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[role=textbox]')")

    page.keyboard.press("Control+Alt+2")
    expect(page.locator(EDITOR).locator("h2")).to_have_count(1)  # the shortcut took effect
    page.keyboard.type("La cantine")
    page.keyboard.press("Enter")
    page.keyboard.type("Les menus de la semaine :")
    page.keyboard.press("Enter")
    page.keyboard.type("- Lundi : poisson")
    page.keyboard.press("Enter")
    page.keyboard.type("Mardi : lentilles")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    page.keyboard.type("Plus d'informations sur ")
    page.keyboard.press("Control+k")
    dialog = page.get_by_role("dialog", name="Lien")
    expect(dialog).to_be_visible()
    page.keyboard.type("le site de l'école")
    page.keyboard.press("Tab")
    page.keyboard.type("ecole.aurignac.test")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator(EDITOR).locator("a")).to_have_text("le site de l'école")
    expect(page.locator(EDITOR)).to_be_focused()
    page.keyboard.type(".")
    # The photo, from the library: back to the toolbar, arrow keys to "Image", Enter.
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    for _ in range(30):
        if page.evaluate("document.activeElement.textContent") == "Image":
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    picker = page.get_by_role("dialog", name="Choisir une image")
    expect(picker).to_be_visible()
    expect(picker.get_by_role("button", name=re.compile("Le marché"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(picker).to_be_hidden()
    expect(page.locator(EDITOR).locator("img")).to_have_attribute(
        "alt", "Les étals du marché sur la place"
    )
    expect(page.locator(EDITOR)).to_be_focused()
    # "Sous-titre" right after the page title would skip a level: it makes a "Titre".
    page.keyboard.press("Enter")
    page.keyboard.type("Transport")
    page.keyboard.press("Control+Alt+4")
    editor = page.locator(EDITOR)
    expect(editor.locator("h3")).to_have_text("Transport")

    _tab_to(page, "button[name=publish]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Publication enregistrée")
    html = _main_html(_site_html(f"{clerk.base_url}/aurignac/vie-scolaire/", "Transport"))
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["La cantine"]
    assert re.search(r"<ul>\s*<li>Lundi : poisson</li>\s*<li>Mardi : lentilles</li>\s*</ul>", html)
    assert re.search(r'<a href="https://ecole.aurignac.test"[^>]*>le site de l.école</a>', html)
    assert "<h3>Transport</h3>" in html
    assert re.search(r'<img [^>]*alt="Les étals du marché sur la place"', html)
    assert re.search(r'<img [^>]*src="/aurignac/medias/', html)


@pytest.mark.parametrize("width", [360, 1280])
def test_editor_and_link_dialog_have_no_axe_violation(clerk, chromium, width):
    context = chromium.new_context(
        locale="fr-FR", bypass_csp=True, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    try:
        _sign_in(page, clerk)
        page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
        page.locator(EDITOR).focus()
        page.keyboard.type("Un texte")
        assert _violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.keyboard.press("Control+k")
        expect(page.get_by_role("dialog", name="Lien")).to_be_visible()
        assert _violations(page) == []
    finally:
        context.close()


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def test_an_existing_page_saves_itself_and_survives_a_reload(clerk, page):
    _sign_in(page, clerk)
    page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
    page.get_by_label("Titre", exact=True).fill("Horaires")
    page.locator(EDITOR).focus()
    page.keyboard.type("Première version.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status").first).to_contain_text("enregistré")

    page.locator(EDITOR).focus()
    page.keyboard.press("End")
    page.keyboard.type(" Fermé le samedi.")
    expect(page.locator(".autosave-status")).to_contain_text("Brouillon enregistré", timeout=25_000)
    page.reload()
    expect(page.locator(EDITOR)).to_contain_text("Première version. Fermé le samedi.")


def test_a_new_page_is_kept_in_the_browser_until_it_is_saved(clerk, page):
    _sign_in(page, clerk)
    page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
    page.get_by_label("Titre", exact=True).fill("Brouillon perdu")
    page.locator(EDITOR).focus()
    page.keyboard.type("Un texte à ne pas perdre.")
    page.wait_for_timeout(1500)
    page.reload()
    page.get_by_role("button", name="Reprendre le brouillon").click()
    expect(page.locator(EDITOR)).to_contain_text("Un texte à ne pas perdre.")
    expect(page.get_by_label("Titre", exact=True)).to_have_value("Brouillon perdu")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status").first).to_contain_text("enregistré")
    page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
    page.locator(EDITOR).wait_for()
    expect(page.get_by_role("button", name="Reprendre le brouillon")).to_have_count(0)


def test_leaving_with_unsaved_text_asks_first(clerk, page):
    _sign_in(page, clerk)
    page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
    page.locator(EDITOR).focus()
    page.keyboard.type("Pas encore enregistré.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    with pytest.raises(PlaywrightError):  # the clerk stayed: the navigation is cancelled
        page.goto(f"{clerk.base_url}/admin/c/aurignac/", wait_until="commit")
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/pages/new")
    expect(page.locator(EDITOR)).to_contain_text("Pas encore enregistré.")


def test_saving_does_not_ask_before_leaving(clerk, page):
    _sign_in(page, clerk)
    page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
    page.get_by_label("Titre", exact=True).fill("Enregistrée")
    page.locator(EDITOR).focus()
    page.keyboard.type("Texte.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status").first).to_contain_text("enregistré")
    assert dialogs == []


def test_after_an_error_the_editor_keeps_what_was_typed(clerk, page):
    _sign_in(page, clerk)
    page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
    page.locator(EDITOR).focus()
    page.keyboard.press("Control+Alt+2")
    page.keyboard.type("Un titre gardé")
    page.get_by_role("button", name="Enregistrer le brouillon").click()  # no title: refused
    expect(page.locator(".field.has-error").first).to_be_visible()
    expect(page.locator(EDITOR).locator("h2")).to_have_text("Un titre gardé")


def test_without_javascript_the_markdown_text_area_works(clerk, chromium):
    context = chromium.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        _sign_in(page, clerk)
        page.goto(f"{clerk.base_url}/admin/c/aurignac/pages/new")
        expect(page.locator(EDITOR)).to_have_count(0)
        page.get_by_label("Titre", exact=True).fill("Sans script")
        page.get_by_label("Texte", exact=True).fill("# Accueil\n\n- un\n- deux")
        page.get_by_role("button", name="Publier").click()
        expect(page.get_by_role("status").first).to_contain_text("Publication enregistrée")
        html = _main_html(_site_html(f"{clerk.base_url}/aurignac/sans-script/", "deux"))
        assert "<h2>Accueil</h2>" in html
        assert re.search(r"<li>un</li>\s*<li>deux</li>", html)
    finally:
        context.close()
