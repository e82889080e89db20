"""Concurrent wrong passwords cannot slip past the per-account limit."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from app.accounts.throttling import LIMITS

from .helpers import csrf_token


def test_twenty_concurrent_wrong_passwords_check_at_most_the_limit(app, clerk, monkeypatch):
    from app.accounts import services

    checks = []
    lock = threading.Lock()
    real_verify = services.verify_password

    def counted_verify(*args):
        with lock:
            checks.append(1)
        time.sleep(0.05)  # a slow argon2 check: every attempt overlaps the others
        return real_verify(*args)

    monkeypatch.setattr(services, "verify_password", counted_verify)
    clients = [app.test_client() for _ in range(20)]
    tokens = [csrf_token(client) for client in clients]
    start = threading.Barrier(len(clients))

    def attempt(client, token):
        start.wait()
        data = {"csrf_token": token, "email": "clerk@example.org", "password": "wrong" * 3}
        return client.post("/admin/login", data=data).status_code

    with ThreadPoolExecutor(len(clients)) as pool:
        statuses = list(pool.map(attempt, clients, tokens))

    assert len(checks) <= LIMITS["account"]
    assert statuses.count(401) == len(checks)
    assert statuses.count(429) == len(clients) - len(checks)


def test_a_right_password_leaves_no_failure_behind(app, clerk, count):
    from app.models import LoginFailure

    from .helpers import sign_in

    assert sign_in(app.test_client(), "clerk@example.org").status_code == 302

    assert count(LoginFailure) == 0, "the attempt counted in advance must be forgotten"
