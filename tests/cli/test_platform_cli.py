"""Mistakes in running the platform get a sentence and exit code 2, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from app.config import PROJECT_ROOT


def _bastide(settings, *args, **env):
    result = subprocess.run(
        [sys.executable, "-m", "app", *args],
        env={
            **os.environ,
            "BASTIDE_DATA_DIR": str(settings.data_dir),
            "BASTIDE_COMMUNES_DIR": str(settings.communes_dir),
            **env,
        },
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_serve_on_a_busy_port_says_so(settings):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _bastide(settings, "serve", "--port", str(port))
    assert result.returncode == 2
    assert f"127.0.0.1:{port}" in result.stderr and "--port" in result.stderr


def test_unknown_queue_url_is_refused_before_serving(settings):
    result = _bastide(settings, "worker", BASTIDE_QUEUE_URL="amqp://nowhere")
    assert result.returncode == 2
    assert "BASTIDE_QUEUE_URL" in result.stderr


def test_unusable_database_url_is_explained(settings):
    result = _bastide(settings, "communes", DATABASE_URL="sqlite:////nonexistent-dir/x/bastide.db")
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr


def test_a_malformed_setting_is_explained(settings):
    result = _bastide(settings, "communes", BASTIDE_PROXY_HOPS="one")
    assert result.returncode == 2
    assert "BASTIDE_PROXY_HOPS" in result.stderr


def test_a_missing_database_driver_is_explained(settings):
    result = _bastide(settings, "communes", DATABASE_URL="postgresql+nosuchdriver://db/bastide")
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
