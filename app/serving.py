"""The embedded server: one WSGI application for the admin and every live site.

In production nginx serves the sites itself (``bastide nginx-config``) and only the admin
reaches Python; this dispatcher is for a laptop demo or a single small host.
"""

from __future__ import annotations

from pathlib import Path

from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join
from werkzeug.utils import redirect, send_from_directory
from werkzeug.wrappers import Request, Response

from app.config import Settings
from app.publishing.not_found import NOT_FOUND_PAGE
from app.text import SLUG_PATTERN
from app.web.headers import HSTS, SECURITY_HEADERS

SITE_HEADERS = {
    # 'wasm-unsafe-eval': the search page runs Pagefind's WebAssembly (from the site).
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
ASSET_MAX_AGE = 3600
# Longer paths are no page of a site (and longer than a file name may be): 404 at once.
MAX_PATH_LENGTH = 2048
BARE_NOT_FOUND = (
    "<!doctype html><html lang=fr><title>Page introuvable</title><h1>Page introuvable</h1>"
)


class LiveSites:
    """Serve ``/<slug>/...`` from ``<sites_dir>/<slug>/live`` with caching headers."""

    def __init__(self, sites_dir: Path):
        self.sites_dir = sites_dir

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            response = self.respond(request)
        except OSError:  # e.g. a name too long for the file system: no such page
            response = _not_found()
        for name, value in SITE_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.scheme == "https":
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        if len(request.path) > MAX_PATH_LENGTH:
            return _not_found()
        slug, _, rest = request.path.lstrip("/").partition("/")
        live = self.sites_dir / slug / "live"
        if not SLUG_PATTERN.match(slug) or not live.is_dir():
            return _not_found()
        if not request.path.startswith(f"/{slug}/"):
            return redirect(f"/{slug}/", code=301)
        if rest == "" or rest.endswith("/"):
            rest += "index.html"
        else:
            target = safe_join(str(live), rest)
            if target is None:
                return _not_found(live)
            if Path(target).is_dir():
                return redirect(f"/{slug}/{rest}/", code=301)
        try:
            response = send_from_directory(live, rest, request.environ, max_age=_max_age)
        except NotFound:
            return _not_found(live)
        if rest.endswith(".html"):
            response.headers["Cache-Control"] = "no-cache"
        return response


def _max_age(filename: str | None) -> int | None:
    return None if filename and filename.endswith(".html") else ASSET_MAX_AGE


def _not_found(live: Path | None = None) -> Response:
    """404: the site's own "page not found" page when its release has one (``404.html``,
    with its header, footer and ways back), else a bare one."""
    page = live / NOT_FOUND_PAGE if live is not None else None
    body = page.read_bytes() if page is not None and page.is_file() else BARE_NOT_FOUND
    response = Response(body, status=404, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-cache"
    return response


def make_platform_app(settings: Settings, *, server_trusts_proxy: bool = False):
    """WSGI app: ``/admin/...`` to Flask, ``/`` to the admin, anything else to the sites.

    ``server_trusts_proxy``: the WSGI server already interprets X-Forwarded-* (waitress
    configured with ``waitress_options``), so the admin must not apply ProxyFix again.
    """
    from app import create_app

    admin = create_app(settings, proxy_fix=not server_trusts_proxy)
    sites = LiveSites(settings.sites_dir)

    def dispatch(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path in ("", "/"):
            return _to_admin(Request(environ))(environ, start_response)
        if path == "/admin" or path.startswith("/admin/"):
            return admin(environ, start_response)
        return sites(environ, start_response)

    dispatch.admin = admin
    return dispatch


def _to_admin(request: Request) -> Response:
    """The root redirect, with the admin's security headers like every other answer."""
    response = redirect("/admin/")
    response.headers.update(SECURITY_HEADERS)
    if request.scheme == "https":
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def waitress_options(settings: Settings) -> dict:
    """Waitress settings behind ``BASTIDE_PROXY_HOPS`` proxies: believe X-Forwarded-For,
    -Proto and -Host from ``BASTIDE_TRUSTED_PROXY`` only (waitress drops them otherwise)."""
    if not settings.proxy_hops:
        return {}
    return {
        "trusted_proxy": settings.trusted_proxy,
        "trusted_proxy_count": settings.proxy_hops,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
        "clear_untrusted_proxy_headers": True,
    }
