"""Behind nginx: waitress believes X-Forwarded-* from the configured proxy only, and
exactly one layer interprets them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import Settings
from app.serving import make_platform_app, waitress_options


def _settings(tmp_path, **env) -> Settings:
    return Settings.from_env({"BASTIDE_DATA_DIR": str(tmp_path / "var"), **env})


def test_no_proxy_trusts_no_forwarded_header(tmp_path):
    assert waitress_options(_settings(tmp_path)) == {}


def test_behind_nginx_waitress_trusts_the_local_proxy(tmp_path):
    options = waitress_options(_settings(tmp_path, BASTIDE_PROXY_HOPS="1"))

    assert options["trusted_proxy"] == "127.0.0.1"
    assert options["trusted_proxy_count"] == 1
    assert options["trusted_proxy_headers"] == {
        "x-forwarded-for",
        "x-forwarded-proto",
        "x-forwarded-host",
    }


def test_the_trusted_proxy_address_is_a_setting(tmp_path):
    settings = _settings(tmp_path, BASTIDE_PROXY_HOPS="1", BASTIDE_TRUSTED_PROXY="10.0.0.5")

    assert waitress_options(settings)["trusted_proxy"] == "10.0.0.5"


@pytest.mark.parametrize(("server_trusts_proxy", "proxy_fix"), [(True, False), (False, True)])
def test_exactly_one_layer_reads_the_forwarded_headers(
    settings, database, server_trusts_proxy, proxy_fix
):
    behind_nginx = replace(settings, proxy_hops=1, trusted_proxy="127.0.0.1")

    platform = make_platform_app(behind_nginx, server_trusts_proxy=server_trusts_proxy)

    assert isinstance(platform.admin.wsgi_app, ProxyFix) == proxy_fix


def test_session_cookie_is_secure_when_the_base_url_is_https(settings, database):
    from app import create_app

    app = create_app(replace(settings, base_url="https://admin.bastide.test"))

    response = app.test_client().get("/admin/login")  # plain HTTP: a proxy mislabelled it

    [cookie] = response.headers.getlist("Set-Cookie")
    assert cookie.startswith("bastide_session=") and "; Secure" in cookie
