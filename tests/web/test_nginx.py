"""``bastide nginx-config`` prints a configuration nginx accepts."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from app.cli import main


def _env(settings):
    return {
        "BASTIDE_DATA_DIR": str(settings.data_dir),
        "BASTIDE_COMMUNES_DIR": str(settings.communes_dir),
        "BASTIDE_BASE_URL": "https://admin.metropole.test",
        "BASTIDE_QUEUE_URL": "immediate://",
    }


def test_config_serves_each_commune_on_its_hosts(settings, make_commune):
    make_commune(slug="aurignac", name="Aurignac", hostnames=["www.aurignac.test", "aurignac.test"])
    result = CliRunner().invoke(main, ["nginx-config"], env=_env(settings))
    assert result.exit_code == 0, result.output
    config = result.output
    assert "server_name www.aurignac.test aurignac.test;" in config
    assert f"root {settings.sites_dir}/aurignac/live;" in config
    assert "server_name admin.metropole.test;" in config
    assert "proxy_pass http://bastide_admin;" in config
    assert "Content-Security-Policy" in config


def test_config_serves_each_sites_404_page_with_status_404(settings, make_commune):
    make_commune(slug="aurignac", name="Aurignac", hostnames=["www.aurignac.test"])
    config = CliRunner().invoke(main, ["nginx-config"], env=_env(settings)).output
    site = config[config.index("server_name www.aurignac.test;") :]
    assert "error_page 404 /404.html;" in site
    # Only as the error page: asked for directly, /404.html is itself a 404.
    location = site[site.index("location = /404.html {") :]
    assert location.split("}")[0].split("{")[1].split()[0] == "internal;"
    assert config.count("error_page 404") == 1  # not on the admin's server


def test_nginx_accepts_the_config(settings, make_commune, tmp_path):
    """Checked by nginx itself (`nginx -t`); .ci/run installs Debian's nginx."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    make_commune(slug="aurignac", name="Aurignac", hostnames=["www.aurignac.test"])
    _assert_nginx_accepts(nginx, settings, tmp_path, [])


def _tls_files(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = ["openssl", "req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=admin.test"]
    command += ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    subprocess.run(
        [*command, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return ["--tls-certificate", str(cert), "--tls-key", str(key)]


def _server_blocks(config):
    return ["server {" + block for block in config.split("\nserver {")[1:]]


def test_unknown_hosts_are_refused_not_given_the_admin(settings, make_commune):
    make_commune(slug="aurignac", name="Aurignac", hostnames=["www.aurignac.test"])
    config = CliRunner().invoke(main, ["nginx-config"], env=_env(settings)).output

    [default] = [block for block in _server_blocks(config) if "default_server" in block]
    assert "listen 80 default_server;" in default
    assert "return 444;" in default
    assert "proxy_pass" not in default


def test_tls_config_listens_on_443_with_hsts_and_redirects_http(settings, make_commune, tmp_path):
    make_commune(slug="aurignac", name="Aurignac", hostnames=["www.aurignac.test"])
    options = _tls_files(tmp_path)
    result = CliRunner().invoke(main, ["nginx-config", *options], env=_env(settings))
    assert result.exit_code == 0, result.output
    blocks = _server_blocks(result.output)

    [default] = [block for block in blocks if "default_server" in block]
    assert "listen 443 ssl default_server;" in default and "return 444;" in default
    [redirect] = [block for block in blocks if "return 301 https://" in block]
    assert "server_name admin.metropole.test www.aurignac.test;" in redirect
    [site] = [block for block in blocks if "www.aurignac.test;" in block and "root " in block]
    [admin] = [block for block in blocks if "proxy_pass" in block]
    for block in (site, admin):
        assert "listen 443 ssl;" in block
        assert f"ssl_certificate {tmp_path / 'cert.pem'};" in block
        assert f"ssl_certificate_key {tmp_path / 'key.pem'};" in block
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in site
    assert "Strict-Transport-Security" not in admin, "the admin sends it itself, once"


def test_nginx_accepts_the_tls_config(settings, make_commune, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    make_commune(slug="aurignac", name="Aurignac", hostnames=["www.aurignac.test"])
    options = _tls_files(tmp_path)
    _assert_nginx_accepts(nginx, settings, tmp_path, options)


@pytest.mark.parametrize(
    ("options", "sentence"),
    [
        (["--tls-certificate", "cert.pem"], "--tls-certificate et --tls-key vont ensemble"),
        (["--tls-certificate", "nope.pem", "--tls-key", "nope.key"], "n'existe pas"),
    ],
)
def test_tls_option_mistakes_exit_2(settings, database, options, sentence):
    result = CliRunner().invoke(main, ["nginx-config", *options], env=_env(settings))

    assert result.exit_code == 2, result.output
    assert sentence in result.output


def _assert_nginx_accepts(nginx: str, settings, tmp_path, options: list[str]) -> None:
    """Generate the configuration with ``options`` and have `nginx -t` check it."""
    result = CliRunner().invoke(main, ["nginx-config", *options], env=_env(settings))
    (tmp_path / "bastide.conf").write_text(result.output)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ access_log off; include {tmp_path}/bastide.conf; }}\n"
    )
    check = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
