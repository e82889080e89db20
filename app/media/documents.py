"""A document of the library, published byte for byte: so it is refused, never cleaned.

PDFs go through the acts' checks (no JavaScript, no attached file, no password). Office
files are downloads only: a ZIP whose declared type (ODF ``mimetype``, OOXML
``[Content_Types].xml``) matches the file's extension, without macros. No Flask.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader

from app.acts import pdf
from app.errors import N_
from app.files.store import FileRefused, UploadedFile

FIELD = "file"
ZIP_MAGIC = b"PK\x03\x04"
# Pages read to find text in a PDF: a text PDF shows it on the first pages.
TEXT_PAGES_READ = 50
MAX_ZIP_MEMBERS = 10_000
MAX_CONTENT_TYPES_SIZE = 1024 * 1024
CONTENT_TYPE = re.compile(r"""ContentType\s*=\s*["']([^"']+)["']""")

ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# The content type of an OOXML file's main part -> its extension and media type.
OOXML_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    **{extension: media_type for media_type, extension in ODF_TYPES.items()},
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

NOT_A_PDF = N_(
    "This file is not a PDF: it does not start like one. Save the document as PDF "
    "(File › Export as PDF), then send it again."
)
NOT_AN_OFFICE_FILE = N_(
    "This file does not hold what its name says (%(extension)s). Save it again from your "
    "office software in that format, or export it as PDF, then send it."
)
MACROS = N_(
    "This document contains macros: they could run code on residents' computers. Save it "
    "again without macros (as .%(extension)s, not a macro-enabled format), or export it as "
    "PDF, then send it."
)


@dataclass(frozen=True)
class PreparedDocument:
    """A checked document, ready for the file store as it was sent."""

    upload: UploadedFile
    media_type: str
    has_text: bool | None  # PDF: False for a scan without any text


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def is_pdf(data: bytes) -> bool:
    return data.startswith(pdf.PDF_MAGIC)


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def prepare_pdf(upload: UploadedFile) -> PreparedDocument:
    """A safe PDF, with whether it holds text; FileRefused otherwise."""
    try:
        pdf.check_pdf(upload, field=FIELD)
    except FileRefused as error:
        if error.message == pdf.NOT_A_PDF:  # the acts' wording speaks of an act
            raise FileRefused(NOT_A_PDF, field=FIELD) from None
        raise
    name = upload.filename if upload.filename.endswith(".pdf") else f"{upload.filename}.pdf"
    return PreparedDocument(UploadedFile(upload.data, name), MEDIA_TYPES["pdf"], _has_text(upload))


def _has_text(upload: UploadedFile) -> bool:
    """Whether any of the first pages has text a screen reader could read."""
    reader = PdfReader(BytesIO(upload.data), strict=False)
    for page in list(reader.pages)[:TEXT_PAGES_READ]:
        try:
            if page.extract_text().strip():
                return True
        except Exception:  # noqa: S112 - a page pypdf cannot read has no usable text
            continue
    return False


def prepare_office_file(upload: UploadedFile) -> PreparedDocument:
    """An ODF or OOXML file whose content matches its extension, without macros."""
    extension = extension_of(upload.filename)
    try:
        with zipfile.ZipFile(BytesIO(upload.data)) as archive:
            names = archive.namelist()
            if len(names) > MAX_ZIP_MEMBERS:
                raise zipfile.BadZipFile("too many members")
            found = _odf_type(archive, names) or _ooxml_type(archive, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError):
        found = None
    if found is None or found != extension:
        raise FileRefused(
            NOT_AN_OFFICE_FILE, field=FIELD, extension=f".{extension}" if extension else "?"
        )
    return PreparedDocument(upload, MEDIA_TYPES[extension], None)


def _odf_type(archive: zipfile.ZipFile, names: list[str]) -> str | None:
    """The extension an OpenDocument file's ``mimetype`` member declares."""
    if "mimetype" not in names:
        return None
    declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    extension = ODF_TYPES.get(declared)
    if extension and any(name.startswith(("Basic/", "Scripts/")) for name in names):
        raise FileRefused(MACROS, field=FIELD, extension=extension)
    return extension


def _ooxml_type(archive: zipfile.ZipFile, names: list[str]) -> str | None:
    """The extension an Office Open XML file's ``[Content_Types].xml`` declares."""
    if "[Content_Types].xml" not in names:
        return None
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > MAX_CONTENT_TYPES_SIZE:
        return None
    # The declared types only: read as text, so no XML parser meets the file's markup.
    declared = archive.read(info).decode("utf-8", "replace")
    types = set(CONTENT_TYPE.findall(declared))
    extension = next((OOXML_TYPES[t] for t in types if t in OOXML_TYPES), None)
    macros = any("macroenabled" in t.lower() or "vbaproject" in t.lower() for t in types)
    if macros or any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileRefused(MACROS, field=FIELD, extension=extension or "docx")
    return extension
