"""``bastide nginx-config`` prints a configuration nginx accepts."""

from __future__ import annotations

import shutil
import subprocess

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
    result = CliRunner().invoke(main, ["nginx-config"], env=_env(settings))
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
