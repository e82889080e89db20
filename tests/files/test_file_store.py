"""The store of uploaded files: one copy per SHA-256, written read-only, and bytes that
no content uses (a refused save) removed once an hour old, never a file in use."""

from __future__ import annotations

import hashlib
import os
import time

from app.builds.queue import get_queue
from app.files.paths import file_path
from app.files.store import UploadedFile, clean_filename, prune_unreferenced, store_file


def _store(database, settings, commune, data: bytes, name="acte.pdf"):
    with database.unit_of_work() as session:
        stored = store_file(
            session,
            settings.files_dir,
            commune,
            UploadedFile(data, name),
            media_type="application/pdf",
            user=None,
        )
        return stored.sha256


def _age(path, hours: float) -> None:
    old = time.time() - hours * 3600
    os.utime(path, (old, old))


def test_bytes_are_stored_once_under_their_sha256(database, settings, commune):
    first = _store(database, settings, commune, b"%PDF-1.7 contenu")
    again = _store(database, settings, commune, b"%PDF-1.7 contenu", "autre-nom.pdf")
    assert first == again == hashlib.sha256(b"%PDF-1.7 contenu").hexdigest()
    stored = file_path(settings.files_dir, first)
    assert stored.read_bytes() == b"%PDF-1.7 contenu"
    assert oct(stored.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in settings.files_dir.rglob("*") if p.is_file()] == [first]


def test_unreferenced_bytes_are_pruned_once_an_hour_old(database, settings, commune):
    kept = _store(database, settings, commune, b"%PDF-1.7 en usage")
    with database.unit_of_work() as session:  # a refused save: bytes written, row rolled back
        store_file(session, settings.files_dir, commune, UploadedFile(b"%PDF refuse", "x.pdf"),
                   media_type="application/pdf", user=None)  # fmt: skip
        session.rollback()
    orphan = hashlib.sha256(b"%PDF refuse").hexdigest()
    assert file_path(settings.files_dir, orphan).exists()
    with database.unit_of_work() as session:  # too recent: may be an upload in flight
        assert prune_unreferenced(session, settings.files_dir) == []
    for sha in (kept, orphan):
        _age(file_path(settings.files_dir, sha), hours=2)
    with database.unit_of_work() as session:
        assert prune_unreferenced(session, settings.files_dir) == [orphan]
    assert not file_path(settings.files_dir, orphan).exists()
    assert file_path(settings.files_dir, kept).exists()


def test_the_command_and_the_nightly_task_prune(bastide, database, settings, commune):
    with database.unit_of_work() as session:
        store_file(session, settings.files_dir, commune, UploadedFile(b"%PDF orphelin", "o.pdf"),
                   media_type="application/pdf", user=None)  # fmt: skip
        session.rollback()
    _age(file_path(settings.files_dir, hashlib.sha256(b"%PDF orphelin").hexdigest()), hours=2)
    result = bastide("files", "prune")
    assert result.exit_code == 0 and "1 fichier(s)" in result.output
    tasks = {t.__name__: t for t in get_queue(settings)._registry._periodic_tasks}
    assert "prune_unreferenced_files" in tasks


def test_file_names_are_cleaned():
    assert clean_filename("C:\\Mes documents\\Arrêté n°12 (signé).PDF") == "arrete-n12-signe-.pdf"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("   ") == "fichier"
