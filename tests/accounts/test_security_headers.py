"""Security headers on admin pages, and templates that a strict CSP can serve."""

from __future__ import annotations

import re

import pytest

from app.config import PROJECT_ROOT

TEMPLATES_DIR = PROJECT_ROOT / "app" / "templates"
TEMPLATES = sorted(TEMPLATES_DIR.rglob("*.html"))

FORBIDDEN_MARKUP = {
    # A script file of the site itself is allowed: <script src="…"></script>, nothing inside.
    "an inline <script>": re.compile(r"<script\b(?![^>]*\ssrc=)|<script\b[^>]*>\s*[^<\s]", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "an inline style= attribute": re.compile(r"\sstyle\s*=", re.I),
    "an on...= event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


def _directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(str.strip, policy.split(";")):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


@pytest.fixture(params=["login page", "account page", "error page"])
def admin_response(request, client, login, clerk):
    if request.param == "login page":
        return client.get("/admin/login")
    login("clerk@example.org")
    if request.param == "account page":
        response = client.get("/admin/account")
        assert response.status_code == 200
        return response
    return client.get("/admin/no-such-page")


def test_content_security_policy_forbids_inline_code(admin_response):
    policy = admin_response.headers.get("Content-Security-Policy")
    assert policy, "no Content-Security-Policy"
    directives = _directives(policy)

    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src is not None, "scripts are not restricted"
    assert "script-src" in directives
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "*" not in script_src
    style_src = directives.get("style-src", directives.get("default-src", []))
    assert "'unsafe-inline'" not in style_src
    assert directives.get("object-src") == ["'none'"]
    assert directives.get("frame-ancestors"), "frame-ancestors is not set"


def test_browser_hardening_headers(admin_response):
    headers = admin_response.headers

    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy")


def test_admin_pages_are_not_cached(admin_response):
    cache_control = admin_response.headers.get("Cache-Control", "")

    assert "no-store" in [value.strip() for value in cache_control.split(",")]


def test_static_files_may_be_cached(client):
    with client.get("/admin/static/admin.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")
        assert response.headers.get("X-Content-Type-Options") == "nosniff"


def test_templates_were_found():
    assert len(TEMPLATES) >= 5, TEMPLATES_DIR


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=[str(path.relative_to(TEMPLATES_DIR)) for path in TEMPLATES]
)
def test_template_has_no_inline_code_or_style(template):
    source = template.read_text(encoding="utf-8")

    found = [
        f"{what} at line {source.count(chr(10), 0, match.start()) + 1}"
        for what, pattern in FORBIDDEN_MARKUP.items()
        for match in pattern.finditer(source)
    ]

    assert not found, f"{template.name}: {', '.join(found)} (blocked by the CSP)"


def test_rendered_login_page_has_no_inline_code(client):
    page = client.get("/admin/login").get_data(as_text=True)

    for what, pattern in FORBIDDEN_MARKUP.items():
        assert not pattern.search(page), what
