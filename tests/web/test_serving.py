"""The embedded server: admin and live sites behind one WSGI application."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from app.serving import make_platform_app


@pytest.fixture
def site(settings):
    """A fake live release for commune « aurignac » (the pipeline is tested elsewhere)."""
    release = settings.sites_dir / "aurignac" / "releases" / "000001"
    (release / "horaires").mkdir(parents=True)
    (release / "theme" / "css").mkdir(parents=True)
    (release / "index.html").write_text("<!doctype html><title>Aurignac</title>")
    (release / "horaires" / "index.html").write_text("<!doctype html><title>Horaires</title>")
    (release / "theme" / "css" / "style.css").write_text("body{}")
    (settings.sites_dir / "aurignac" / "live").symlink_to("releases/000001")
    (settings.data_dir / "secret.txt").write_text("do not serve")
    return release


class ClosingClient(Client):
    """A test client that reads and closes each response (no file handle left open)."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        response.get_data()
        response.close()
        return response


@pytest.fixture
def server(settings, database):
    return ClosingClient(make_platform_app(settings))


def test_home_of_a_site_is_html_and_revalidated(server, site):
    response = server.get("/aurignac/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "ETag" in response.headers
    assert "Aurignac" in response.get_data(as_text=True)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_assets_are_cached(server, site):
    response = server.get("/aurignac/theme/css/style.css")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert "max-age=3600" in response.headers["Cache-Control"]


def test_conditional_request_is_not_modified(server, site):
    etag = server.get("/aurignac/").headers["ETag"]
    assert server.get("/aurignac/", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    ("path", "location"),
    [("/aurignac", "/aurignac/"), ("/aurignac/horaires", "/aurignac/horaires/"), ("/", "/admin/")],
)
def test_redirects_to_the_canonical_address(server, site, path, location):
    response = server.get(path)
    assert response.status_code in (301, 302)
    assert response.headers["Location"].endswith(location)


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere/",
        "/aurignac/missing.html",
        "/aurignac/../secret.txt",
        "/aurignac/%2e%2e/secret.txt",
        "/Aurignac/",
        "/aurignac//etc",
        "/aurignac//tmp",
        "/aurignac/..%2f..%2fsecret.txt",
    ],
)
def test_unknown_and_escaping_paths_are_404(server, site, path):
    response = server.get(path)
    assert response.status_code == 404
    assert b"do not serve" not in response.data


def test_admin_is_routed_to_flask(server):
    response = server.get("/admin/login")
    assert response.status_code == 200
    assert b"csrf_token" in response.data


def test_the_live_pointer_switch_is_seen_immediately(server, site, settings):
    other = settings.sites_dir / "aurignac" / "releases" / "000002"
    other.mkdir()
    (other / "index.html").write_text("<!doctype html><title>Nouvelle version</title>")
    tmp_link = settings.sites_dir / "aurignac" / "live.tmp"
    tmp_link.symlink_to("releases/000002")
    tmp_link.replace(settings.sites_dir / "aurignac" / "live")
    assert "Nouvelle version" in server.get("/aurignac/").get_data(as_text=True)


def test_a_missing_page_shows_the_sites_own_404_page(server, site):
    (site / "404.html").write_text("<!doctype html><title>Page introuvable – Aurignac</title>")
    for path in ("/aurignac/nulle-part/", "/aurignac/a/b/c.html", "/aurignac/..%2fsecret.txt"):
        response = server.get(path)
        assert response.status_code == 404, path
        assert "Page introuvable – Aurignac" in response.get_data(as_text=True), path
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert response.headers["Cache-Control"] == "no-cache"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_release_without_404_page_gets_the_bare_one(server, site):
    response = server.get("/aurignac/nulle-part/")
    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in response.get_data(as_text=True)


def test_an_unknown_site_never_shows_another_sites_404_page(server, site):
    (site / "404.html").write_text("<!doctype html><title>Aurignac</title>")
    response = server.get("/nowhere/page/")
    assert response.status_code == 404
    assert "Aurignac" not in response.get_data(as_text=True)
