"""The documented production set-up, end to end: nginx (generated config, TLS with a
self-signed certificate) in front of waitress with ``BASTIDE_PROXY_HOPS=1``.

nginx is required (.ci/run installs nginx-light): this module fails, never skips, without it.
Clients connect from several loopback addresses (all of 127/8 is local on Linux) so that
nginx sees different client addresses.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import pytest
from argon2 import PasswordHasher, profiles
from click.testing import CliRunner

from app.accounts.throttling import LIMITS
from app.cli import main
from app.config import Settings
from app.db import Database
from app.migrate import upgrade_database
from app.serving import make_platform_app, waitress_options

ADMIN_HOST = "admin.bastide.test"
SITE_HOST = "www.aurignac.test"
PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _certificate(directory) -> tuple[str, str]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    names = f"subjectAltName=DNS:{ADMIN_HOST},DNS:{SITE_HOST}"
    command = ["openssl", "req", "-x509", "-nodes", "-days", "2", "-subj", f"/CN={ADMIN_HOST}"]
    command += ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-addext", names]
    subprocess.run(
        [*command, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


def _data(settings: Settings, migrated_sqlite) -> None:
    from app.models import Commune, User

    settings.ensure_dirs()
    shutil.copyfile(migrated_sqlite, settings.data_dir / "bastide.db")
    upgrade_database(settings)
    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST).hash(PASSWORD)
    database = Database(settings)
    with database.unit_of_work() as session:
        for name in ("clerk", "target", *(f"guess{n}" for n in range(4))):
            session.add(User(email=f"{name}@example.org", password_hash=cheap))
        session.add(
            Commune(
                insee="31005",
                slug="aurignac",
                name="Aurignac",
                postal_codes=["31420"],
                population=1200,
                department="31",
                hostnames=[SITE_HOST],
            )
        )
    database.dispose()
    live = settings.sites_dir / "aurignac" / "releases" / "000001"
    live.mkdir(parents=True)
    (live / "index.html").write_text("<!doctype html><title>Aurignac</title>")
    (settings.sites_dir / "aurignac" / "live").symlink_to("releases/000001")


def _nginx_config(env: dict, directory, upstream: str, http_port: int, https_port: int) -> None:
    cert, key = _certificate(directory)
    options = ["--upstream", upstream, "--tls-certificate", cert, "--tls-key", key]
    options += ["--listen-http", f"127.0.0.1:{http_port}"]
    options += ["--listen-https", f"127.0.0.1:{https_port}"]
    result = CliRunner().invoke(main, ["nginx-config", *options], env=env)
    assert result.exit_code == 0, result.output
    (directory / "bastide.conf").write_text(result.output)
    temp = " ".join(
        f"{kind}_temp_path {directory}/{kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    (directory / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {directory}/nginx.pid;\nerror_log {directory}/error.log;\ndaemon off;\n"
        "events { worker_connections 256; }\n"
        f"http {{ access_log off; {temp} uwsgi_temp_path {directory}/uwsgi; "
        f"scgi_temp_path {directory}/scgi; include {directory}/bastide.conf; }}\n"
    )


def _wait_for(port: int, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, f"nginx stopped: {log.read_text()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nginx did not listen: {log.read_text()}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory, migrated_sqlite):
    """waitress (as `bastide serve` configures it) behind nginx with the generated config."""
    import waitress

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert os.path.exists(nginx), "nginx is missing: .ci/run installs nginx-light"
    directory = tmp_path_factory.mktemp("stack")
    env = {
        "BASTIDE_DATA_DIR": str(directory / "var"),
        "BASTIDE_COMMUNES_DIR": str(directory / "communes"),
        "BASTIDE_SECRET_KEY": "stack-secret",
        "BASTIDE_QUEUE_URL": "immediate://",
        "BASTIDE_BASE_URL": f"https://{ADMIN_HOST}",
        "BASTIDE_PROXY_HOPS": "1",
    }
    settings = Settings.from_env(env)
    _data(settings, migrated_sqlite)
    application = make_platform_app(settings, server_trusts_proxy=True)
    server = waitress.create_server(
        application, host="127.0.0.1", port=0, threads=8, **waitress_options(settings)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    http_port, https_port = _free_port(), _free_port()
    _nginx_config(env, directory, f"127.0.0.1:{server.effective_port}", http_port, https_port)
    process = subprocess.Popen(
        [nginx, "-p", str(directory), "-c", str(directory / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(https_port, process, directory / "error.log")
        yield {"http": http_port, "https": https_port, "cafile": str(directory / "cert.pem")}
    finally:
        process.terminate()
        process.wait(10)
        server.close()
        thread.join(5)
        application.admin.extensions["bastide.database"].dispose()


class Browser:
    """An HTTPS client from one source address, keeping the session cookie."""

    def __init__(self, stack, source: str, host: str = ADMIN_HOST):
        self.stack, self.source, self.host = stack, source, host
        self.cookies: dict[str, str] = {}
        self.set_cookies: list[str] = []

    def request(self, method: str, path: str, body=None, headers=None, sni: str | None = None):
        context = ssl.create_default_context(cafile=self.stack["cafile"])
        connection = http.client.HTTPSConnection(
            sni or self.host, self.stack["https"], timeout=5, context=context
        )
        raw = socket.create_connection(("127.0.0.1", self.stack["https"]), 5, (self.source, 0))
        connection.sock = context.wrap_socket(raw, server_hostname=sni or self.host)
        headers = {"Host": self.host, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(header)
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def csrf_token(self) -> str:
        match = CSRF.search(self.request("GET", "/admin/login").text)
        return match.group(1) or match.group(2)

    def sign_in(self, email: str, password: str, token: str, headers=None) -> int:
        form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            # Flask-WTF checks the Referer over HTTPS; nginx forwards the host without port.
            "Referer": f"https://{ADMIN_HOST}/admin/login",
            **(headers or {}),
        }
        return self.request("POST", "/admin/login", form, headers).status


def test_session_cookie_is_secure_and_hsts_is_sent(stack):
    browser = Browser(stack, "127.0.0.2")

    response = browser.request("GET", "/admin/login")

    assert response.status == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    [cookie] = [c for c in browser.set_cookies if c.startswith("bastide_session=")]
    assert "; Secure" in cookie, cookie
    assert browser.sign_in("clerk@example.org", PASSWORD, browser.csrf_token()) == 302
    assert all("; Secure" in c for c in browser.set_cookies if c.startswith("bastide_session="))


def test_sites_send_hsts_and_their_headers_over_https(stack):
    response = Browser(stack, "127.0.0.2", host=SITE_HOST).request("GET", "/")

    assert response.status == 200 and "Aurignac" in response.text
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_one_address_failures_never_lock_out_another(stack):
    attacker = Browser(stack, "127.0.0.3")
    token = attacker.csrf_token()
    for n in range(LIMITS["ip"]):
        # A forged X-Forwarded-For does not hide the address nginx saw.
        spoof = {"X-Forwarded-For": f"192.0.2.{n}"}
        status = attacker.sign_in(f"guess{n % 4}@example.org", "wrong" * 3, token, spoof)
        assert status == 401, f"attempt {n + 1}"
    assert attacker.sign_in("clerk@example.org", PASSWORD, token) == 429

    honest = Browser(stack, "127.0.0.4")
    assert honest.sign_in("clerk@example.org", PASSWORD, honest.csrf_token()) == 302


def test_concurrent_wrong_passwords_are_refused_after_the_limit(stack):
    attempts = 20
    browsers = [Browser(stack, f"127.0.1.{n + 1}") for n in range(attempts)]
    tokens = [browser.csrf_token() for browser in browsers]
    start = threading.Barrier(attempts)

    def attempt(browser, token):
        start.wait()
        return browser.sign_in("target@example.org", "wrong" * 3, token)

    with ThreadPoolExecutor(attempts) as pool:
        statuses = list(pool.map(attempt, browsers, tokens))

    assert statuses.count(401) <= LIMITS["account"], statuses
    assert statuses.count(401) + statuses.count(429) == attempts, statuses
    right = Browser(stack, "127.0.0.5")
    assert right.sign_in("target@example.org", PASSWORD, right.csrf_token()) == 429


def test_unknown_hosts_get_no_answer(stack):
    with pytest.raises(http.client.RemoteDisconnected):  # 444: connection closed
        Browser(stack, "127.0.0.2", host="evil.example").request(
            "GET", "/admin/login", sni=ADMIN_HOST
        )
    with pytest.raises(ssl.SSLError):  # an unknown TLS server name: handshake refused
        Browser(stack, "127.0.0.2", host="evil.example").request("GET", "/admin/login")
    plain = http.client.HTTPConnection("127.0.0.1", stack["http"], timeout=5)
    plain.request("GET", "/admin/login", headers={"Host": "evil.example"})
    with pytest.raises(http.client.RemoteDisconnected):
        plain.getresponse()
    plain.close()


def test_plain_http_redirects_to_https(stack):
    plain = http.client.HTTPConnection("127.0.0.1", stack["http"], timeout=5)
    plain.request("GET", "/admin/login", headers={"Host": ADMIN_HOST})
    response = plain.getresponse()
    plain.close()

    assert response.status == 301
    assert response.headers["Location"] == f"https://{ADMIN_HOST}/admin/login"
