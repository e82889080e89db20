"""NUL and other control characters are refused in every text field of the content forms."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, StringField, TextAreaField

from app.acts.forms import ActForm
from app.alerts.forms import AlertForm
from app.content.forms import ContentForm, TextInputForm
from app.directory.forms import EntryForm
from app.events.forms import EventForm
from app.media.forms import DescriptionForm
from app.models import Commune, Page
from app.news.forms import NewsForm
from app.pages.forms import PageForm
from app.platform_admin.forms import InviteForm, OnboardForm
from app.publishing.export import page_document
from app.site_settings.forms import IdentityForm, LegalForm
from app.text import has_control_characters
from app.waste.forms import RoundForm, ZoneForm
from app.web.database import db_session
from tests.conftest import post_form
from tests.publishing.publishing_samples import page

FORMS = [PageForm, NewsForm, EventForm, AlertForm, ActForm, EntryForm, ZoneForm, RoundForm]
FORMS += [IdentityForm, LegalForm, DescriptionForm, OnboardForm, InviteForm]


@pytest.mark.parametrize(
    ("text", "multiline", "refused"),
    [
        ("Mairie\x00", False, True),
        ("a\x1fb", True, True),
        ("a\x0bb", True, True),
        ("ligne\tune\r\nligne deux", True, False),
        ("ligne\tune", False, True),
        ("Église « Saint-Martin » – 9 h", False, False),
    ],
)
def test_control_characters(text: str, multiline: bool, refused: bool) -> None:
    assert has_control_characters(text, multiline=multiline) is refused


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: form.__name__)
def test_every_text_field_refuses_a_nul(app, commune, form_class) -> None:
    """Each form gets the shared check on each of its text fields, whatever its type."""
    assert issubclass(form_class, TextInputForm)
    with app.test_request_context(method="POST"):
        # The agenda's form lists the commune's directory.
        g.tenant = db_session().get(Commune, commune.id)
        names = [
            name
            for name, field in form_class(meta={"csrf": False})._fields.items()
            if isinstance(field, StringField)
        ]
        assert names
        data = MultiDict({name: "texte\x00" for name in names})
        form = form_class(formdata=data, meta={"csrf": False})
        form.validate()
        for name in names:
            assert any("contr" in str(error) for error in form[name].errors), name


def test_line_breaks_stay_allowed_in_texts(app) -> None:
    with app.test_request_context(method="POST"):
        form = PageForm(
            formdata=MultiDict({"title": "Horaires", "body": "a\r\n\tb", "menu_position": "1"}),
            meta={"csrf": False},
        )
        assert form.validate(), form.errors
        assert isinstance(form.body, TextAreaField) and isinstance(form.version, HiddenField)
        assert issubclass(PageForm, ContentForm)


def test_a_title_with_a_nul_is_refused_and_the_form_kept(
    client, login, editor, commune, database
) -> None:
    login(editor.email)
    form = {"title": "Horaires\x00", "slug": "", "body": "Texte gardé", "menu_position": "1"}
    response = post_form(client, f"/admin/c/{commune.slug}/pages/new", form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Texte gardé" in html and "Horaires" in html  # the form is kept
    assert "caractère de contrôle" in html or "control character" in html  # until translated
    with database.session() as session:
        assert list(session.scalars(select(Page))) == []


def test_the_export_never_writes_a_control_character() -> None:
    document = page_document(page("horaires", "Horaires\x00\x07", 1, "Texte\x00 et\tsuite\n"))
    assert b"\x00" not in document and b"\x07" not in document
    assert b"Title: Horaires\n" in document and b"Texte et\tsuite" in document
