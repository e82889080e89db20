"""Out-of-range options and an unusable data directory: exit 2, one French sentence."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from app.cli import main


def _run(env, *args):
    result = CliRunner().invoke(main, list(args), env=env)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    return result


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ["serve", "--port", "73742"],
            "--port 73742 : le numéro de port doit être entre 1 et 65535.",
        ),
        (["serve", "--port", "-1"], "--port -1 : le numéro de port doit être entre 1 et 65535."),
        (["serve", "--port", "0"], "--port 0 : le numéro de port doit être entre 1 et 65535."),
        (["serve", "--threads", "0"], "--threads 0 : le nombre de fils d'exécution doit être"),
        (["worker", "--workers", "0"], "--workers 0 : le nombre de publications simultanées"),
        (["worker", "--workers", "-1"], "--workers -1 : le nombre de publications simultanées"),
    ],
)
def test_out_of_range_options_exit_2_with_a_sentence(bastide_env, args, sentence):
    result = _run(bastide_env, *args)

    assert result.exit_code == 2, result.output
    assert sentence in result.output
    assert "Erreur : " in result.output


def test_a_data_directory_under_a_file_is_refused(bastide_env, tmp_path):
    (tmp_path / "a-file").write_text("")
    env = {**bastide_env, "BASTIDE_DATA_DIR": str(tmp_path / "a-file" / "var")}

    result = _run(env, "init")

    assert result.exit_code == 2, result.output
    assert "BASTIDE_DATA_DIR" in result.output and "pas un dossier" in result.output


def test_a_data_directory_that_is_a_file_is_refused(bastide_env, tmp_path):
    (tmp_path / "var").write_text("")
    env = {**bastide_env, "BASTIDE_DATA_DIR": str(tmp_path / "var")}

    result = _run(env, "communes")

    assert result.exit_code == 2, result.output
    assert "pas un dossier" in result.output


def test_a_negative_proxy_count_is_refused(bastide_env):
    result = _run({**bastide_env, "BASTIDE_PROXY_HOPS": "-1"}, "communes")

    assert result.exit_code == 2, result.output
    assert "BASTIDE_PROXY_HOPS" in result.output
