"""A sign-in does not hold the database's write lock during the password check."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from tests.conftest import post_form


def test_a_write_during_many_sign_ins_is_not_delayed(app, database, make_user, monkeypatch):
    from app.accounts import services

    make_user("slow@example.org")
    real_verify = services.verify_password

    def slow_verify(*args):
        time.sleep(1.0)  # a slow argon2 check, exaggerated
        return real_verify(*args)

    monkeypatch.setattr(services, "verify_password", slow_verify)

    def sign_in():
        post_form(
            app.test_client(), "/admin/login", {"email": "slow@example.org", "password": "x" * 12}
        )

    threads = [threading.Thread(target=sign_in) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.4)  # every sign-in is now inside its password check
    start = time.monotonic()
    with database.unit_of_work() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS probe (id INTEGER)"))
    waited = time.monotonic() - start
    for thread in threads:
        thread.join(10)
    assert waited < 0.5, f"a writer waited {waited:.2f} s behind sign-ins"
