"""Is an uploaded file a PDF residents can open safely? Checked by content, not by name.

An act's PDF is published byte for byte, so it is refused rather than cleaned: it must
start like a PDF, parse, open without a password, and hold no JavaScript and no attached
file (the usual ways a PDF carries code to a reader's computer). The clerk is asked to
save it again as PDF/A, which forbids both.
"""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from app.errors import N_
from app.files.store import FileRefused, UploadedFile

PDF_MAGIC = b"%PDF-"
MEDIA_TYPE = "application/pdf"
# A real act has a few thousand objects; a file with far more is refused, not walked.
MAX_OBJECTS = 500_000

NOT_A_PDF = N_(
    "This file is not a PDF: it does not start like one. Save the act as PDF (File › "
    "Export as PDF), then send it again."
)
UNREADABLE = N_(
    "This PDF cannot be read: it is damaged or incomplete. Save it again as PDF, then "
    "send it again."
)
ENCRYPTED = N_(
    "This PDF is protected by a password or encrypted: residents could not open it. Save "
    "it again without protection, then send it again."
)
JAVASCRIPT = N_(
    "The PDF contains JavaScript: it is refused for the safety of residents. Save it again "
    "as PDF/A (File › Export as PDF, PDF/A option), then send it again."
)
ATTACHMENTS = N_(
    "The PDF contains attached files: it is refused for the safety of residents. Save it "
    "again as PDF/A without attachments, then send it again."
)
TOO_COMPLEX = N_(
    "This PDF is too complex to be checked. Save it again as PDF/A, then send it again."
)


def check_pdf(upload: UploadedFile, *, field: str = "file") -> None:
    """Raise FileRefused, with the reason a clerk can act on, unless the PDF is safe."""
    if not upload.data.startswith(PDF_MAGIC):
        raise FileRefused(NOT_A_PDF, field=field)
    try:
        reader = PdfReader(BytesIO(upload.data), strict=False)
        if reader.is_encrypted:
            raise FileRefused(ENCRYPTED, field=field)
        if len(reader.pages) == 0:
            raise FileRefused(UNREADABLE, field=field)
        found = _active_content(reader.trailer["/Root"])
    except FileRefused:
        raise
    except Exception as error:  # pypdf raises many types on a malformed file: all refuse it
        raise FileRefused(UNREADABLE, field=field) from error
    if "javascript" in found:
        raise FileRefused(JAVASCRIPT, field=field)
    if "attachment" in found:
        raise FileRefused(ATTACHMENTS, field=field)


def _active_content(root) -> set[str]:
    """Walk every object reachable from the document catalog (names tree, open action,
    pages, their annotations and actions…); say whether any holds JavaScript or an
    attached file."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [root]
    walked = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        walked += 1
        if walked > MAX_OBJECTS:
            raise FileRefused(TOO_COMPLEX, field="file")
        if isinstance(node, DictionaryObject):
            found |= _dictionary_content(node)
            stack.extend(dict.values(node))  # unresolved: references are followed once
        elif isinstance(node, ArrayObject):
            stack.extend(list.__iter__(node))
    return found


def _dictionary_content(node: DictionaryObject) -> set[str]:
    found = set()
    keys = set(dict.keys(node))
    # /JavaScript in the names tree, a JavaScript action (/S /JavaScript, its /JS code),
    # wherever it hangs: /OpenAction, /AA of the document, a page, an annotation, a field.
    if "/JavaScript" in keys or "/JS" in keys or _name(node, "/S") == "/JavaScript":
        found.add("javascript")
    # /EmbeddedFiles in the names tree, a file specification carrying the file (/EF),
    # an embedded file stream, a file attachment annotation.
    if (
        "/EmbeddedFiles" in keys
        or "/EF" in keys
        or _name(node, "/Type") == "/EmbeddedFile"
        or _name(node, "/Subtype") == "/FileAttachment"
    ):
        found.add("attachment")
    return found


def _name(node: DictionaryObject, key: str) -> str:
    value = dict.get(node, key)
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return value if isinstance(value, str) else ""
