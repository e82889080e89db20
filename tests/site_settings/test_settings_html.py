"""The settings screens and the platform's communes list pass the Nu HTML checker, with
and without errors on the forms."""

from __future__ import annotations

import sys

from app.config import PROJECT_ROOT
from tests.conftest import post_form

sys.path.insert(0, str(PROJECT_ROOT / "tests" / "publishing"))  # the checker's helpers


def test_the_screens_are_valid_html(client, login, make_user, commune, tmp_path) -> None:
    from test_html_validity import _nu_errors

    make_user("it@bastide.test", admin=True)
    login("it@bastide.test")
    base = "/admin/c/aurignac/settings"
    pages = {url: client.get(url).get_data(as_text=True) for url in (
        f"{base}/identity", f"{base}/legal", "/admin/platform/communes",
    )}  # fmt: skip
    bad_identity = post_form(client, f"{base}/identity", {"main_color_text": "jaune"})
    bad_legal = post_form(client, f"{base}/legal", {"dpo_email": "x", "accessibility_status": ""})
    assert bad_identity.status_code == bad_legal.status_code == 400
    pages["identity with errors"] = bad_identity.get_data(as_text=True)
    pages["legal with errors"] = bad_legal.get_data(as_text=True)
    assert _nu_errors(pages, tmp_path / "nu") == {}
