"""An act's PDF is checked by content: refused files say why, keep the form, store nothing."""

from __future__ import annotations

import pytest

from app.acts import pdf
from app.acts.views import act_request_limit
from app.files.store import UploadedFile
from tests.acts.conftest import (
    acts,
    acts_url,
    admin_text,
    page_text,
    pdf_bytes,
    sha256,
    stored_files,
)
from tests.conftest import post_form

REFUSED = {
    "a text file renamed .pdf": (b"Compte rendu du conseil municipal\n" * 20, pdf.NOT_A_PDF),
    "a PDF with JavaScript": (pdf_bytes(javascript=True), pdf.JAVASCRIPT),
    "a PDF with an attached file": (pdf_bytes(attachment=True), pdf.ATTACHMENTS),
    "an encrypted PDF": (pdf_bytes(password="secret"), pdf.ENCRYPTED),
    "a truncated PDF": (pdf_bytes()[:200], pdf.UNREADABLE),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_file_says_why_keeps_the_form_and_stores_nothing(
    case, create_act, database, settings
):
    data, message = REFUSED[case]
    response = create_act(data, title="Arrêté à ne pas retaper")
    assert response.status_code == 400
    text = page_text(response)
    assert admin_text(message) in text
    assert "Arrêté à ne pas retaper" in text  # the form is kept
    assert 'id="file-error"' in text  # the reason sits next to the file field
    assert acts(database) == []
    assert stored_files(database, settings) == ([], [])


def test_a_pdf_over_the_size_limit_is_refused_with_the_limit(create_act, database, settings):
    assert settings.max_act_file_size == 20 * 1024 * 1024
    big = pdf_bytes() + b"%" + b"0" * (30 * 1000 * 1000)  # 30 MB, past the 20 MiB limit
    response = create_act(big, title="Gros arrêté")
    assert response.status_code == 400
    text = page_text(response)
    assert "Gros arrêté" in text
    message = "The file is larger than %(limit)s MB, the limit: send a lighter file."
    assert admin_text(message, limit="20") in text
    assert acts(database) == [] and stored_files(database, settings) == ([], [])


def test_a_request_larger_than_the_platform_accepts_gets_a_clear_413(
    client, login, publisher, commune, app
):
    login(publisher.email)
    too_big = act_request_limit(app.config["BASTIDE_SETTINGS"]) + 1
    response = client.post(
        acts_url(commune, "new"),
        data=b"x" * too_big,
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 413
    message = (
        "What was sent is larger than the platform accepts. The PDF of an act may weigh up "
        "to %(limit)s MB: send a lighter file."
    )
    assert admin_text(message, limit=20) in page_text(response)


def test_a_new_act_needs_its_pdf(create_act, database):
    response = create_act(None)
    assert response.status_code == 400
    assert admin_text("Attach the PDF of the act.") in page_text(response)
    assert acts(database) == []


def test_a_valid_pdf_is_stored_byte_for_byte_under_its_cleaned_name(create_act, database, settings):
    data = pdf_bytes()
    response = create_act(data, filename="Arrêté n°1 (signé).PDF", publish=False)
    assert response.status_code == 302
    [row], [path] = stored_files(database, settings)
    assert (row.sha256, row.size, row.media_type) == (sha256(data), len(data), "application/pdf")
    assert row.filename == "arrete-n1-signe.pdf"
    assert path.read_bytes() == data
    [act] = acts(database)
    assert act.file_id == row.id


def test_a_pdf_is_recognised_by_its_content_not_its_name():
    pdf.check_pdf(UploadedFile(pdf_bytes(), "acte.txt"))  # a PDF under any name is a PDF
    with pytest.raises(pdf.FileRefused):
        pdf.check_pdf(UploadedFile(b"<html>acte</html>", "acte.pdf"))


def test_javascript_in_a_page_annotation_is_found():
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([]),
            NameObject("/A"): writer._add_object(action),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    buffer = BytesIO()
    writer.write(buffer)
    assert PdfReader(BytesIO(buffer.getvalue())).trailer["/Root"].get("/Names") is None
    with pytest.raises(pdf.FileRefused) as refused:
        pdf.check_pdf(UploadedFile(buffer.getvalue(), "acte.pdf"))
    assert refused.value.message == pdf.JAVASCRIPT


def test_editing_without_a_file_keeps_the_current_pdf(
    client, create_act, commune, database, settings
):
    create_act(pdf_bytes(), publish=False)
    [act] = acts(database)
    form = {"kind": "arrete", "number": "2026-001", "title": "Nouveau titre",
            "act_date": "2026-11-20", "version": str(act.version), "save": "1"}  # fmt: skip
    response = post_form(client, acts_url(commune, str(act.id)), form)
    assert response.status_code == 302
    [edited] = acts(database)
    assert (edited.title, edited.file_id) == ("Nouveau titre", act.file_id)
