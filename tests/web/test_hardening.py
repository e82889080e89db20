"""Every answer carries the security headers; odd ids and paths are 404, never a 500."""

from __future__ import annotations

import errno
import json
import logging
import sys
from pathlib import Path

import pytest
from markupsafe import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publishing"))
from test_html_validity import _nu_errors, _parse_errors

from app.operations.events import EVENTS_LOGGER
from app.serving import SITE_HEADERS, make_platform_app
from app.web.errors import DISK_FULL, NOT_WRITTEN
from app.web.headers import SECURITY_HEADERS
from tests.conftest import post_form
from tests.web.test_serving import ClosingClient

PASSWORD = "correct horse battery"
HUGE_IDS = ["9223372036854775808", "9" * 30, "1" * 5000]


@pytest.fixture
def server(settings, database):
    return ClosingClient(make_platform_app(settings))


@pytest.fixture
def live_site(settings):
    release = settings.sites_dir / "aurignac" / "releases" / "000001"
    (release / "horaires").mkdir(parents=True)
    (release / "index.html").write_text("<!doctype html><title>Aurignac</title>")
    (release / "horaires" / "index.html").write_text("<!doctype html><title>Horaires</title>")
    (settings.sites_dir / "aurignac" / "live").symlink_to("releases/000001")


def _assert_headers(response, expected):
    missing = {name for name in expected if name not in response.headers}
    assert missing == set(), f"{response.status} without {missing}"


@pytest.mark.parametrize(
    ("path", "status", "headers"),
    [
        ("/", 302, SECURITY_HEADERS),
        ("/admin/no-such-screen", 404, SECURITY_HEADERS),
        ("/aurignac/no-such-page", 404, SITE_HEADERS),
        ("/aurignac", 301, SITE_HEADERS),
        ("/aurignac/horaires", 301, SITE_HEADERS),
    ],
)
def test_headers_on_redirects_and_errors(server, live_site, path, status, headers):
    response = server.get(path)

    assert response.status_code == status
    _assert_headers(response, headers)


def test_hsts_on_the_root_redirect_and_sites_over_https(server, live_site):
    for path in ("/", "/aurignac/", "/aurignac/missing"):
        response = server.get(path, base_url="https://localhost")
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000", path
    assert "Strict-Transport-Security" not in server.get("/aurignac/").headers


@pytest.mark.parametrize("item_id", [*HUGE_IDS, "abc", "-1", "1.5"])
def test_out_of_range_and_non_numeric_ids_are_404(client, login, editor, commune, item_id):
    login(editor.email)

    response = client.get(f"/admin/c/{commune.slug}/pages/{item_id}")

    assert response.status_code == 404


def test_largest_id_is_still_a_plain_404(client, login, editor, commune):
    login(editor.email)

    assert client.get(f"/admin/c/{commune.slug}/pages/9223372036854775807").status_code == 404


@pytest.mark.parametrize(
    "path", ["/" + "a" * 10_000, "/aurignac/" + "a" * 10_000, "/admin/" + "a" * 10_000]
)
def test_very_long_paths_are_404(server, live_site, path):
    response = server.get(path)

    assert response.status_code == 404
    assert "Content-Security-Policy" in response.headers


@pytest.fixture
def failing_app(settings, database):
    """The admin with errors rendered as in production (not raised into the test)."""
    from app import create_app

    return create_app(settings, test_config={"TESTING": True, "PROPAGATE_EXCEPTIONS": False})


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), NOT_WRITTEN),
    ],
)
def test_a_failed_save_keeps_the_clerks_text(
    failing_app, make_user, commune, monkeypatch, error, sentence, tmp_path
):
    from app.content.views import ContentAdmin

    make_user("editor@aurignac.test", commune=commune)
    client = failing_app.test_client()
    assert (
        post_form(
            client,
            "/admin/login",
            {"email": "editor@aurignac.test", "password": "correct horse battery"},
        ).status_code
        == 302
    )

    def full_disk(*args, **kwargs):
        raise error

    monkeypatch.setattr(ContentAdmin, "save_working_copy", full_disk)
    form = {
        "title": "Horaires d'été",
        "slug": "",
        "body": "Ouvert le <lundi> & le mardi.",
        "menu_position": "1",
        "save": "1",
    }

    response = post_form(client, f"/admin/c/{commune.slug}/pages/new", form)

    html = response.get_data(as_text=True)
    assert response.status_code == 503
    with failing_app.test_request_context():  # the sentence in the admin's language
        assert str(escape(sentence)) in html
    assert "Ouvert le &lt;lundi&gt; &amp; le mardi.</textarea>" in html
    assert "readonly" in html
    assert "Horaires d&#39;été" in html or "Horaires d&#x27;été" in html
    assert "No space left" not in html and "Read-only" not in html, "no technical reason shown"
    assert "csrf_token" not in html.split("<h1>")[1]
    assert _parse_errors(html) == [] and _nu_errors({"503": html}, tmp_path / "nu") == {}


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger=EVENTS_LOGGER)
    logging.getLogger(EVENTS_LOGGER).propagate = True

    def lines():
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == EVENTS_LOGGER]

    yield lines
    logging.getLogger(EVENTS_LOGGER).propagate = False


def test_a_server_error_writes_one_log_line(failing_app, make_user, commune, monkeypatch, events):
    from app.content.views import ContentAdmin

    make_user("editor@aurignac.test", commune=commune)
    client = failing_app.test_client()
    post_form(
        client,
        "/admin/login",
        {"email": "editor@aurignac.test", "password": "correct horse battery"},
    )

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(ContentAdmin, "save_working_copy", broken)
    form = {"title": "Horaires", "body": "Texte", "menu_position": "1", "save": "1"}

    assert post_form(client, f"/admin/c/{commune.slug}/pages/new", form).status_code == 500

    [line] = [line for line in events() if line["status"] == 500]
    assert line["event"] == "request_error"
    assert line["method"] == "POST"
    assert line["path"] == f"/admin/c/{commune.slug}/pages/new"
    assert line["site"] == commune.slug
    assert line["error"] == "RuntimeError"


def test_a_refusal_writes_a_log_line(client, events):
    assert client.get("/admin/no-such-screen").status_code == 404

    assert [(line["status"], line["path"]) for line in events()] == [(404, "/admin/no-such-screen")]


def test_a_file_name_too_long_is_404_and_logged_short(failing_app, make_user, commune, events):
    make_user("editor@aurignac.test", commune=commune)
    client = failing_app.test_client()
    post_form(client, "/admin/login", {"email": "editor@aurignac.test", "password": PASSWORD})

    response = client.get("/admin/themes/" + "a" * 10_000 + "/static/" + "b" * 10_000)

    assert response.status_code == 404
    [line] = [line for line in events() if line["status"] == 404]
    assert len(line["path"]) <= 500
