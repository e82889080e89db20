"""Browser tests: a real `bastide serve` (admin + worker) and Debian's headless Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from app.config import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Platform:
    """A running platform instance with its own data directory."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "BASTIDE_DATA_DIR": str(tmp_path / "var"),
            "BASTIDE_COMMUNES_DIR": str(tmp_path / "communes"),
            "BASTIDE_BASE_URL": self.base_url,
            "BASTIDE_SECRET_KEY": "browser-test-secret",
        }
        self.env.pop("BASTIDE_QUEUE_URL", None)
        self.process: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "app", *args],
            env=self.env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def invitation_link(self, *args: str) -> str:
        return re.search(r"https?://\S+/admin/invitation/\S+", self.cli(*args)).group(0)

    def start(self, *command: str) -> None:
        """Run ``bastide serve`` (or ``command``, e.g. ``demo``) on this instance's port."""
        self.output = self.tmp_path / "server.out"
        with self.output.open("w") as output:  # the child keeps its own copy of the file
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app", *(command or ("serve",)), "--port", str(self.port)],
                env=self.env,
                cwd=PROJECT_ROOT,
                start_new_session=True,
                stdout=output,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.base_url}/admin/login", timeout=1)  # noqa: S310
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("bastide serve did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(10)


def accept_invitation(page, link: str, password: str = "un mot de passe solide") -> None:
    """Follow an invitation link and choose a password, as the invited clerk does."""
    page.goto(link)
    page.get_by_label("Nouveau mot de passe", exact=True).fill(password)
    page.get_by_label("Confirmer le nouveau mot de passe").fill(password)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()


@pytest.fixture
def platform(tmp_path):
    instance = Platform(tmp_path)
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="fr-FR")
    tab = context.new_page()
    yield tab
    context.close()
