"""Importing a directory from a spreadsheet: every mistake with its line, nothing written
unless the whole file is right, and the files Excel and LibreOffice write in France."""

from __future__ import annotations

from datetime import date

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from app.content.errors import ContentError
from app.directory import csv_import
from app.directory.categories import CATEGORIES
from app.directory.contact import parse_phone
from app.directory.csv_import import (
    CsvImportError,
    LineError,
    import_entries,
    read_directory_csv,
)
from app.errors import DomainError, platform_translations
from app.models import Build, Commune, DirectoryEntry

HEADER = (
    "Nom;Catégorie;Description;Adresse;Code postal;Commune;Téléphone;Courriel;Horaires;"
    "Latitude;Longitude;Vérifié le"
)
TOWN_HALL = (
    "Mairie d'Aurignac;mairie;Accueil, état civil;1 place de l’Œuvre;31420;Aurignac;"
    "05 61 98 90 08;mairie@aurignac.fr;Mo-Fr 09:00-12:00;43,2167;0,8833;31/01/2025"
)
LIBRARY = "Bibliothèque Hélène-Boucher;equipements;;;;;;;;;;2025-02-01"


def pharmacy(phone: str) -> str:
    health = platform_translations().gettext(CATEGORIES["sante"])  # the label, not the key
    return f"Pharmacie Sainte-Thérèse;{health};;;31420;Aurignac;{phone};;;;;"


def windows_file(*lines: str) -> bytes:
    """What Excel saves in France: Windows-1252, ";", CRLF."""
    return "\r\n".join(lines).encode("cp1252") + b"\r\n"


def said(message: str, **params) -> str:
    """A message as the platform shows it (French once the catalog translates it)."""
    return str(DomainError(message, **params))


def phone_error(raw: str) -> str:
    with pytest.raises(ContentError) as refused:
        parse_phone(raw)
    return str(refused.value)


@pytest.fixture
def commune(make_commune):
    return make_commune(slug="aurignac", name="Aurignac", postal_codes=["31420"])


@pytest.fixture
def directory_cli(bastide_env, tmp_path):
    """Run ``bastide directory ARGS`` with FILE bytes; works before and after the group is
    registered in app.cli."""
    from app.cli import main
    from app.cli.directory import directory

    cli = main
    if "directory" not in main.commands:
        cli = click.Group("bastide", commands=[directory], callback=main.callback)
    runner = CliRunner()

    def run(*args: str, data: bytes | None = None):
        path = tmp_path / "annuaire.csv"
        if data is not None:
            path.write_bytes(data)
        arguments = [arg.replace("FILE", str(path)) for arg in args]
        return runner.invoke(
            cli, ["directory", *arguments], env=bastide_env, catch_exceptions=False
        )

    return run


def count_entries(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(DirectoryEntry))


def entries(database) -> dict[str, DirectoryEntry]:
    with database.session() as session:
        return {entry.name: entry for entry in session.scalars(select(DirectoryEntry))}


def refusal(data: bytes) -> CsvImportError:
    with pytest.raises(CsvImportError) as refused:
        read_directory_csv(data)
    return refused.value


def test_a_windows_file_with_a_bad_phone_is_refused_then_imported_once_fixed(
    directory_cli, database, commune
):
    data = windows_file(HEADER, TOWN_HALL, pharmacy("05 61 ab"), LIBRARY)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test really exercises the Windows-1252 fallback

    result = directory_cli("import", "aurignac", "FILE", data=data)

    assert result.exit_code == 2, result.output
    assert f"ligne 3, colonne « Téléphone » : {phone_error('05 61 ab')}" in result.stderr
    assert result.stderr.count("ligne ") == 1
    assert "aucune fiche n'a été importée : corrigez l'erreur puis relancez." in result.stderr
    assert count_entries(database) == 0

    fixed = windows_file(HEADER, TOWN_HALL, pharmacy("05 61 98 00 00"), LIBRARY)
    result = directory_cli("import", "aurignac", "FILE", data=fixed)

    assert result.exit_code == 0, result.output
    assert "3 fiches importées (en brouillon) pour Aurignac." in result.stdout
    saved = entries(database)
    assert set(saved) == {
        "Mairie d'Aurignac",
        "Pharmacie Sainte-Thérèse",
        "Bibliothèque Hélène-Boucher",
    }
    town_hall = saved["Mairie d'Aurignac"]
    assert (town_hall.category, town_hall.summary, town_hall.street) == (
        "mairie",
        "Accueil, état civil",
        "1 place de l’Œuvre",  # ’ and Œ: Windows-1252, not Latin-1
    )
    assert town_hall.phones == ["+33561989008"]
    assert (town_hall.latitude, town_hall.longitude) == (43.2167, 0.8833)
    assert town_hall.hours == "Mo-Fr 09:00-12:00"
    assert town_hall.last_checked_on == date(2025, 1, 31)
    assert town_hall.commune_id == commune.id and town_hall.published_revision_id is None
    assert saved["Pharmacie Sainte-Thérèse"].category == "sante"
    assert saved["Bibliothèque Hélène-Boucher"].slug == "bibliotheque-helene-boucher"
    assert saved["Bibliothèque Hélène-Boucher"].last_checked_on == date(2025, 2, 1)


def test_a_utf8_file_with_bom_commas_and_multiline_cells_is_read():
    text = (
        "nom,categorie,telephone,Téléphone 2,site_web,texte,accessibilite\r\n"
        '"Salle des fêtes, Aurignac",equipements,05 61 00 00 01 / 05 61 00 00 02,'
        '06 12 34 56 78,www.aurignac.fr,"Première ligne\r\nSeconde ligne",Rampe d’accès\r\n'
        ",,,,,,\r\n"  # an empty row, as spreadsheets write them
    )
    [draft] = read_directory_csv(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert draft.name == "Salle des fêtes, Aurignac"
    assert draft.phones.split("\n") == ["05 61 00 00 01", "05 61 00 00 02", "06 12 34 56 78"]
    assert draft.body == "Première ligne\nSeconde ligne"
    assert draft.accessibility == "Rampe d’accès"
    assert draft.website == "www.aurignac.fr"  # check_entry adds https:// when saving


def test_import_with_publish_publishes_everything_and_asks_for_one_build(queued_database, commune):
    drafts = read_directory_csv(windows_file(HEADER, TOWN_HALL, LIBRARY))
    with queued_database.unit_of_work() as session:
        owner = session.get(Commune, commune.id)
        imported = import_entries(session, owner, drafts, None, publish=True)
        assert [entry.name for entry in imported] == ["Mairie d'Aurignac", LIBRARY.split(";")[0]]
        assert all(entry.published_revision is not None for entry in imported)
    with queued_database.session() as session:
        builds = list(session.scalars(select(Build).where(Build.commune_id == commune.id)))
    assert [build.reason for build in builds] == ["import de 2 fiche(s)"]


def test_a_file_of_50000_lines_is_refused_before_anything_is_written(
    directory_cli, database, commune
):
    lines = [f"Fiche {n};autres" for n in range(50_000)]
    data = "\r\n".join(["nom;categorie", *lines]).encode("utf-8")
    assert len(data) < csv_import.MAX_FILE_BYTES  # refused for its lines, not its size

    result = directory_cli("import", "aurignac", "FILE", data=data)

    assert result.exit_code == 2
    expected = said(csv_import.TOO_MANY_LINES, found=50_000, limit=2_000)
    assert f"Erreur : {expected} Aucune fiche n'a été importée." in result.stderr
    assert "Traceback" not in result.output
    assert count_entries(database) == 0


@pytest.mark.parametrize(
    ("data", "message", "params"),
    [
        (b"", csv_import.EMPTY, {}),
        (b"\xef\xbb\xbf\r\n  \r\n", csv_import.EMPTY, {}),
        (b"nom;categorie\r\n;\r\n", csv_import.NO_DATA, {}),
        (b"PK\x03\x04\x14\x00\x06\x00", csv_import.NOT_CSV, {}),
        ("nom\r\nÉcole".encode("utf-16"), csv_import.NOT_CSV, {}),
        (b"nom\r\n\x81\x8d\x8f", csv_import.UNKNOWN_ENCODING, {}),
        (b"nom\r\n" + b"x" * (2 * 1024 * 1024), csv_import.TOO_LARGE, {"megabytes": 2}),
    ],
)
def test_files_that_cannot_be_imported_say_why(data, message, params):
    error = refusal(data)
    assert error.lines == []
    assert str(error) == said(message, **params)


def test_unknown_columns_are_named_with_the_accepted_ones():
    error = refusal(b"nom;fax;Tel fixe;telephone_2\r\nMairie;1;2;05 61 00 00 00\r\n")
    [problem] = error.lines
    assert (problem.line, problem.column) == (1, "")
    assert problem.message == said(
        csv_import.UNKNOWN_COLUMNS, columns="« fax », « Tel fixe »", accepted=csv_import.ACCEPTED
    )
    assert "telephone_2" in csv_import.ACCEPTED and "verifie_le" in csv_import.ACCEPTED


def test_a_file_without_a_name_column_is_refused():
    error = refusal(b"categorie;telephone\r\nsante;05 61 00 00 00\r\n")
    assert error.lines == [LineError(1, "nom", said(csv_import.NO_NAME_COLUMN))]


def test_duplicate_names_are_reported_on_the_second_line():
    data = "nom\r\nMairie annexe\r\nÉcole\r\nMairie annexe\r\nEcole\r\n".encode()
    error = refusal(data)
    assert error.lines == [
        LineError(4, "nom", said(csv_import.DUPLICATE, name="Mairie annexe", first=2)),
        LineError(5, "nom", said(csv_import.DUPLICATE, name="Ecole", first=3)),
    ]


def test_every_error_of_every_line_is_reported_with_spreadsheet_line_numbers():
    data = (
        b"nom;texte;telephone;courriel;horaires;latitude;longitude;verifie_le;categorie\r\n"
        b'Mairie;"Un texte\r\nsur deux lignes";;;;;;;\r\n'  # one row, two physical lines
        b"Poste;;05 61 ab;poste@;Mo-Fr 9h;;;;\r\n"
        b";;;;;43,5;abc;32/01/2025;casino\r\n"
    )
    error = refusal(data)
    by_line = [(e.line, e.column) for e in error.lines]
    assert by_line == [
        (3, "telephone"),
        (3, "courriel"),
        (3, "horaires"),
        (4, "nom"),
        (4, "longitude"),
        (4, "verifie_le"),
        (4, "categorie"),
    ]
    assert error.lines[0].message == phone_error("05 61 ab")
    assert error.lines[4].message == said(csv_import.NOT_A_NUMBER, value="abc")
    assert str(error) == said(csv_import.HAS_ERRORS, count=7)


def test_a_one_megabyte_description_is_refused_and_nothing_is_written(
    directory_cli, database, commune
):
    huge = "é" * 1_000_000
    data = f"nom;description\r\nMairie;courte\r\nÉcole;{huge}\r\n".encode()
    result = directory_cli("import", "aurignac", "FILE", data=data)
    assert result.exit_code == 2
    assert "ligne 3 : " in result.stderr
    assert said(csv_import.UNREADABLE, limit=100_000) in result.stderr
    assert count_entries(database) == 0


@pytest.mark.parametrize(
    ("column", "length", "limit"),
    [
        ("texte", 100_001, 100_000),
        ("description", 301, 300),
        ("code_postal", 6, 5),
        ("nom", 201, 200),  # and not also "give the name"
    ],
)
def test_cells_longer_than_the_form_allows_are_refused(column, length, limit):
    cells = {"nom": "Mairie"} | {column: "1" * length}
    error = refusal(f"{';'.join(cells)}\r\n{';'.join(cells.values())}\r\n".encode())
    assert error.lines == [
        LineError(2, column, said(csv_import.TOO_LONG, length=length, limit=limit))
    ]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("sante;43,25;-0,5;31/01/2025;1000", ("sante", 43.25, -0.5, date(2025, 1, 31), "01000")),
        ("SANTE;43.25;0.5;2025-01-31;31420", ("sante", 43.25, 0.5, date(2025, 1, 31), "31420")),
        (";;;;", ("autres", None, None, None, "")),
        (f"{CATEGORIES['sport-culture'].upper()};;;;", ("sport-culture", None, None, None, "")),
    ],
)
def test_french_numbers_dates_and_category_labels_are_understood(cells, expected):
    data = f"nom;categorie;latitude;longitude;verifie_le;code_postal\r\nMairie;{cells}\r\n"
    [draft] = read_directory_csv(data.encode())
    assert (
        draft.category,
        draft.latitude,
        draft.longitude,
        draft.last_checked_on,
        draft.postal_code,
    ) == expected


def test_an_entry_already_in_the_directory_refuses_the_whole_file(directory_cli, database, commune):
    first = directory_cli("import", "aurignac", "FILE", data=b"nom\r\nBiblioth\xe8que\r\n")
    assert first.exit_code == 0, first.output
    assert "1 fiche importée (en brouillon) pour Aurignac." in first.stdout

    again = directory_cli(
        "import", "aurignac", "FILE", data=b"nom\r\nPiscine\r\nBiblioth\xe8que\r\n"
    )

    assert again.exit_code == 2
    assert "ligne 3, colonne « nom » : " in again.stderr
    assert "bibliotheque" in again.stderr  # the web address already taken
    assert set(entries(database)) == {"Bibliothèque"}  # not even the pool


def test_an_unknown_commune_is_refused_with_a_sentence(directory_cli, database, commune):
    result = directory_cli("import", "nulle-part", "FILE", data=windows_file(HEADER, LIBRARY))
    assert result.exit_code == 2
    assert "aucune commune « nulle-part »" in result.stderr
    assert "Traceback" not in result.output
    assert count_entries(database) == 0


def test_an_unreadable_file_is_refused_with_a_sentence(directory_cli, commune, tmp_path):
    result = directory_cli("import", "aurignac", str(tmp_path / "absent.csv"))
    assert result.exit_code == 2
    assert "impossible de lire" in result.stderr and "absent.csv" in result.stderr
