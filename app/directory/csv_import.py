"""Import a directory from a spreadsheet saved as CSV (the IT team's migration tool).

Every line is checked with the web form's rules (``check_entry``) and every mistake is
reported with its line as the spreadsheet numbers it (header = line 1), so that one pass
fixes the whole file; ``import_entries`` then saves every entry or, if one fails, none.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from app.content.owners import Owner
from app.content.services import publish_item, request_builds
from app.directory.categories import CATEGORIES
from app.directory.services import EntryDraft, check_entry, save_entry
from app.errors import N_, DomainError, platform_translations
from app.models import DirectoryEntry, Role, User
from app.text import slugify

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DATA_LINES = 2_000
MAX_CELL_CHARS = 100_000
DEFAULT_CATEGORY = "autres"
# The web form's lengths (app.directory.forms.EntryForm), which check_entry leaves to it.
MAX_LENGTHS = {
    "name": 200, "summary": 300, "street": 300, "postal_code": 5, "town": 100, "phones": 400,
    "email": 254, "website": 500, "hours": 1000, "accessibility": 2000, "body": MAX_CELL_CHARS,
}  # fmt: skip

# Column name (lower case, no accents, "_" between words) -> EntryDraft field.
COLUMNS = {
    "nom": "name", "intitule": "name", "libelle": "name",
    "categorie": "category", "rubrique": "category",
    "description": "summary", "resume": "summary",
    "texte": "body", "presentation": "body",
    "adresse": "street", "rue": "street",
    "code_postal": "postal_code", "cp": "postal_code",
    "commune": "town", "ville": "town",
    "courriel": "email", "email": "email", "e_mail": "email", "mail": "email", "mel": "email",
    "site_web": "website", "site_internet": "website", "site": "website", "url": "website",
    "horaires": "hours", "opening_hours": "hours",
    "latitude": "latitude", "lat": "latitude",
    "longitude": "longitude", "lon": "longitude", "lng": "longitude",
    "accessibilite": "accessibility",
    "verifie_le": "last_checked_on", "date_de_verification": "last_checked_on",
}  # fmt: skip
PHONE_COLUMN = re.compile(r"(?:telephones?|tel)(?:_?\d)?")  # telephone, telephone_2, tel2...
# The name shown for a field (errors, the list of accepted columns).
CANONICAL = {
    "name": "nom", "category": "categorie", "summary": "description", "body": "texte",
    "street": "adresse", "postal_code": "code_postal", "town": "commune",
    "phones": "telephone", "email": "courriel", "website": "site_web", "hours": "horaires",
    "latitude": "latitude", "longitude": "longitude", "accessibility": "accessibilite",
    "last_checked_on": "verifie_le",
}  # fmt: skip
ACCEPTED = (
    "nom, categorie, description, texte, adresse, code_postal, commune, telephone, "
    "telephone_2, courriel, site_web, horaires, latitude, longitude, accessibilite, verifie_le"
)
# How to blank a field check_entry refused, to look for more errors on the line.
BLANKED = {
    "name": {"name": "?"}, "category": {"category": DEFAULT_CATEGORY},
    "postal_code": {"postal_code": ""}, "body": {"body": ""}, "hours": {"hours": ""},
    "phones": {"phones": ""}, "email": {"email": ""}, "website": {"website": ""},
    "latitude": {"latitude": None, "longitude": None},
}  # fmt: skip

HAS_ERRORS = N_("The file has %(count)d error(s): no entry was imported.")
TOO_LARGE = N_("The file is larger than %(megabytes)d MiB: split it into several files.")
NOT_CSV = N_(
    "This is not a CSV file. In the spreadsheet, use « Save as » and choose « CSV UTF-8 » "
    "(or « Text CSV »)."
)
UNKNOWN_ENCODING = N_(
    "The file is neither UTF-8 nor Windows-1252 text: save it again as « CSV UTF-8 »."
)
EMPTY = N_("The file is empty.")
NO_DATA = N_("The file has a header line but no entry below it.")
TOO_MANY_LINES = N_(
    "The file has %(found)d lines of entries; at most %(limit)d can be imported at once. "
    "Split it into several files."
)
UNREADABLE = N_(
    'This line cannot be read: a quotation mark (") is not closed, or a cell is longer than '
    "%(limit)d characters."
)
UNKNOWN_COLUMNS = N_("Unknown column(s): %(columns)s. The accepted columns are: %(accepted)s.")
NO_NAME_COLUMN = N_("The column « nom » is missing: it gives the name of each entry.")
COLUMN_TWICE = N_("The column « %(column)s » appears twice.")
UNNAMED_COLUMN = N_("Column %(position)d has values but no name in the header line.")
EXTRA_CELLS = N_("This line has more cells than the header line has columns.")
TOO_LONG = N_("This cell has %(length)d characters; at most %(limit)d are allowed here.")
UNKNOWN_CATEGORY = N_("« %(value)s » is not a category. Use one of: %(choices)s.")
NOT_A_NUMBER = N_("« %(value)s » is not a number (e.g. 43.2167 or 43,2167).")
NOT_A_DATE = N_("« %(value)s » is not a date: write it DD/MM/YYYY (e.g. 31/01/2025).")
POSTAL_CODE = N_("A postal code has five digits.")
DUPLICATE = N_("« %(name)s » is already on line %(first)d.")


@dataclass(frozen=True)
class LineError:
    """One mistake: its line as the spreadsheet shows it, its column ("" for the whole
    line) and what to do, in French."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class CsvRow:
    """A checked line of the file and its line number."""

    line: int
    draft: EntryDraft


class CsvImportError(DomainError):
    """The file was refused; ``lines`` lists every line error (none when the whole file
    is refused: the message then says why)."""

    def __init__(self, lines: Sequence[LineError], message: str = HAS_ERRORS, **params):
        super().__init__(message, count=len(lines), **params)
        self.lines = list(lines)


def read_directory_csv(data: bytes) -> list[EntryDraft]:
    """The entries of a CSV file, all checked; CsvImportError lists every mistake."""
    return [row.draft for row in read_directory_rows(data)]


def read_directory_rows(data: bytes) -> list[CsvRow]:
    """Like ``read_directory_csv``, with the line number of each entry."""
    records = _records(_decode(data))
    header, body = records[0], records[1:]
    columns = _columns(header, body)
    numbered = [
        (n, record) for n, record in enumerate(body, start=2) if any(map(str.strip, record))
    ]
    if not numbered:
        raise CsvImportError([], NO_DATA)
    if len(numbered) > MAX_DATA_LINES:
        raise CsvImportError([], TOO_MANY_LINES, found=len(numbered), limit=MAX_DATA_LINES)
    name_column = next(label for _, label, field in columns if field == "name")
    rows, errors, seen = [], [], {}
    for line, record in numbered:
        draft, line_errors = _read_line(line, record, len(header), columns)
        errors += line_errors
        # Two equal names would get the same web address: the second would be refused.
        key = slugify(draft.name)
        if key in seen:
            errors.append(_error(line, name_column, DUPLICATE, name=draft.name, first=seen[key]))
        elif key:
            seen[key] = line
        rows.append(CsvRow(line, draft))
    if errors:
        raise CsvImportError(errors)
    return rows


def import_entries(
    session: Session,
    owner: Owner,
    drafts: Sequence[EntryDraft],
    user: User | None,
    *,
    publish: bool,
    lines: Sequence[int] | None = None,
) -> list[DirectoryEntry]:
    """Save (and publish) every draft in the caller's transaction; CsvImportError, for the
    caller to roll back, if any fails. ``lines`` numbers the drafts (default 2, 3, …)."""
    numbers = list(lines) if lines is not None else list(range(2, len(drafts) + 2))
    entries, errors = [], []
    for line, draft in zip(numbers, drafts, strict=True):
        try:
            entry = save_entry(session, owner, None, draft, None, user)
        except DomainError as error:
            errors.append(LineError(line, CANONICAL.get(_draft_field(error), ""), str(error)))
            continue
        if publish:
            publish_item(session, owner, entry, user, Role.PUBLISHER, rebuild=False)
        entries.append(entry)
    if errors:
        raise CsvImportError(errors)
    if publish and entries:
        request_builds(
            session, owner, DirectoryEntry, user, reason=f"import de {len(entries)} fiche(s)"
        )
    return entries


def _error(line: int, column: str, message: str, **params) -> LineError:
    return LineError(line, column, str(DomainError(message, **params)))


def _draft_field(error: DomainError) -> str:
    """The EntryDraft field an error of check_entry or save_entry is about."""
    field = error.field or ""
    if field.startswith("hours"):  # hours_expression, or a field of the weekday form
        return "hours"
    return "name" if field == "slug" else field  # the address is made from the name


def _decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 (Excel in France)."""
    if len(data) > MAX_FILE_BYTES:
        raise CsvImportError([], TOO_LARGE, megabytes=MAX_FILE_BYTES // 2**20)
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:  # an .xlsx/.ods workbook, UTF-16
        raise CsvImportError([], NOT_CSV)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise CsvImportError([], UNKNOWN_ENCODING) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CsvImportError([], EMPTY)
    return text


def _records(text: str) -> list[list[str]]:
    """Every record (blank ones too, so that indexes are line numbers minus one)."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(";\t,", key=first_line.count)  # ties go to ";", the French default
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error:
        # Past an unbalanced quote nothing can be trusted: report where reading stopped.
        line = len(records) + 1
        raise CsvImportError([_error(line, "", UNREADABLE, limit=MAX_CELL_CHARS)]) from None
    return records


def column_key(label: str) -> str:
    """« Téléphone 2 » -> ``telephone_2``: how column names are compared."""
    folded = unicodedata.normalize("NFKD", label.strip().casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


def _columns(header: list[str], body: list[list[str]]) -> list[tuple[int, str, str]]:
    """(index, label, field) of each named column; CsvImportError if the header is wrong."""
    columns, unknown, errors = [], [], []
    for index, cell in enumerate(header):
        label, key = cell.strip(), column_key(cell)
        field = "phones" if PHONE_COLUMN.fullmatch(key) else COLUMNS.get(key)
        if not key:
            if any(index < len(record) and record[index].strip() for record in body):
                errors.append(_error(1, "", UNNAMED_COLUMN, position=index + 1))
        elif field is None:
            unknown.append(f"« {label} »")
        elif field != "phones" and any(field == seen for _, _, seen in columns):
            errors.append(_error(1, label, COLUMN_TWICE, column=label))
        else:
            columns.append((index, label, field))
    if unknown:
        errors.append(_error(1, "", UNKNOWN_COLUMNS, columns=", ".join(unknown), accepted=ACCEPTED))
    if not any(field == "name" for _, _, field in columns):
        errors.append(_error(1, "nom", NO_NAME_COLUMN))
    if errors:
        raise CsvImportError(errors)
    return columns


def _read_line(
    line: int, record: list[str], width: int, columns: list[tuple[int, str, str]]
) -> tuple[EntryDraft, list[LineError]]:
    """The line's draft and every mistake in it."""
    errors = []
    if any(cell.strip() for cell in record[width:]):
        errors.append(_error(line, "", EXTRA_CELLS))
    cells: dict[str, list[tuple[str, str]]] = {}
    too_long = set()
    for index, label, field in columns:
        cell = record[index].strip().replace("\r\n", "\n") if index < len(record) else ""
        limit = MAX_LENGTHS.get(field, MAX_CELL_CHARS)
        if len(cell) > limit:
            errors.append(_error(line, label, TOO_LONG, length=len(cell), limit=limit))
            cell, too_long = "", too_long | {field}
        cells.setdefault(field, []).append((label, cell))
    values, failed = _convert(line, cells, errors)
    draft = EntryDraft(**values)
    errors += _check(line, draft, cells, failed | too_long)
    position = {label: index for index, label, _ in columns}
    return draft, sorted(errors, key=lambda error: position.get(error.column, -1))


def _convert(
    line: int, cells: dict[str, list[tuple[str, str]]], errors: list[LineError]
) -> tuple[dict, set[str]]:
    """EntryDraft values from the cells; conversion errors go to ``errors``."""
    joined = {field: "\n".join(v for _, v in pairs if v) for field, pairs in cells.items()}
    values = {field: joined.get(field, "") for field in MAX_LENGTHS}  # the text fields
    values["phones"] = re.sub(r"\s*[/;]\s*", "\n", values["phones"])
    if re.fullmatch(r"\d{4}", values["postal_code"]):  # Excel drops the 0 of "01000"
        values["postal_code"] = f"0{values['postal_code']}"
    failed = set()
    converters = {
        "category": (_category, DEFAULT_CATEGORY),
        "latitude": (_number, None),
        "longitude": (_number, None),
        "last_checked_on": (_date, None),
    }
    for field, (convert, default) in converters.items():
        label, raw = (cells.get(field) or [(CANONICAL[field], "")])[0]
        try:
            values[field] = convert(raw) if raw else default
        except _BadCell as bad:
            errors.append(_error(line, label, bad.message, value=raw, **bad.params))
            values[field], failed = default, failed | {field}
    if failed & {"latitude", "longitude"}:  # the other one alone is no news
        failed |= {"latitude", "longitude"}
    if values["postal_code"] and not re.fullmatch(r"\d{5}", values["postal_code"]):
        errors.append(_error(line, _label_of(cells, "postal_code"), POSTAL_CODE))
        values["postal_code"], failed = "", failed | {"postal_code"}
    return values, failed


class _BadCell(ValueError):
    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params


def _category(raw: str) -> str:
    """A category key from its key or its label, in French or English, any case or accent."""
    wanted = column_key(raw)
    for key, msgid in CATEGORIES.items():
        french = platform_translations().gettext(msgid)
        if wanted in {column_key(key), column_key(msgid), column_key(french)}:
            return key
    raise _BadCell(UNKNOWN_CATEGORY, choices=", ".join(CATEGORIES))


def _number(raw: str) -> float:
    """A decimal number, with a point or the French comma."""
    text = raw.replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise _BadCell(NOT_A_NUMBER)
    return float(text)


def _date(raw: str) -> date:
    """DD/MM/YYYY (the French way) or YYYY-MM-DD."""
    day = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
    try:
        if day:
            return date(int(day[3]), int(day[2]), int(day[1]))
        return date.fromisoformat(raw)
    except ValueError:
        raise _BadCell(NOT_A_DATE) from None


def _label_of(cells: dict[str, list[tuple[str, str]]], field: str, value: str = "") -> str:
    """The file's name for the column of ``field`` (the one holding ``value`` if several)."""
    pairs = cells.get(field) or [(CANONICAL.get(field, field), "")]
    return next((label for label, cell in pairs if value and value in cell), pairs[0][0])


def _check(
    line: int, draft: EntryDraft, cells: dict[str, list[tuple[str, str]]], failed: set[str]
) -> list[LineError]:
    """Every error check_entry finds: it stops at the first, so blank the field at fault
    and check again (errors on cells that did not even convert are already reported)."""
    errors = []
    for _ in range(len(BLANKED) + 1):
        try:
            check_entry(draft)
            return errors
        except DomainError as error:
            field = _draft_field(error)
            if field not in failed:
                value = str(error.params.get("phone", ""))
                errors.append(LineError(line, _label_of(cells, field, value), str(error)))
            if field not in BLANKED:
                return errors
            draft = replace(draft, **BLANKED[field])
            failed = failed | {field}
    return errors
