"""Every release has a styled "page not found" page, with the header, the footer and ways
back that work from any depth, served with status 404 by ``bastide serve``."""

from __future__ import annotations

import shutil

import pytest
from werkzeug.test import Client

from app.serving import LiveSites
from tests.publishing.publishing_samples import HtmlScan
from tests.themes.samples import THEMES


@pytest.mark.parametrize("theme", THEMES)
def test_the_404_page_has_the_layout_and_ways_back(sites, theme):
    html = (sites[theme] / "404.html").read_text(encoding="utf-8")
    doc = HtmlScan(html)
    assert doc.find("header", **{"class": doc.find("header")[0]["class"]})
    assert doc.find("nav", **{"aria-label": "Menu principal"})
    assert doc.find("footer", **{"class": "site-footer"})
    assert len(doc.find("h1")) == 1
    assert doc.find("meta", name="robots", content="noindex")  # not for search engines
    hrefs = [a["href"] for a in doc.find("a")]
    assert "/aurignac/" in hrefs  # home
    assert "/aurignac/plan-du-site/" in hrefs
    # Served for any missing address: no link relative to where it was asked for.
    relative = [h for h in hrefs if not h.startswith(("/", "#", "tel:", "mailto:", "https:"))]
    assert relative == []
    stylesheets = [link["href"] for link in doc.find("link", rel="stylesheet")]
    assert stylesheets == [
        f"/aurignac/theme/css/{name}.css" for name in ("style", "theme", "identity")
    ]


def test_bastide_serve_answers_a_missing_page_with_the_sites_404_page(sites, tmp_path):
    site = tmp_path / "sites" / "aurignac"
    shutil.copytree(sites["gazette"], site / "releases" / "r1")
    (site / "live").symlink_to("releases/r1")
    client = Client(LiveSites(tmp_path / "sites"))
    response = client.get("/aurignac/une/adresse/disparue/")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Aurignac-en-Comminges" in body and 'class="site-footer"' in body
    home = client.get("/aurignac/")
    assert home.status_code == 200
    home.close()
