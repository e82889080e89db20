"""The Atom feed of a site's news: valid Atom 1.0 (RFC 4287) with absolute links, stable
ids and RFC 3339 dates, read back by xml.etree and by a real feed reader (feedparser)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import feedparser
from publishing_samples import TRANSLATIONS_DIR, site_content

from app.publishing.content import FileContent
from app.publishing.markdown import render_markdown
from app.publishing.news import FEED_COUNT, atom_feed
from app.publishing.theming import load_translations

from .conftest import many_items, news_item

NS = {"a": "http://www.w3.org/2005/Atom"}
A = "{http://www.w3.org/2005/Atom}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
GENERATED = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
PHOTO = FileContent("ab" * 32, 1234, "image/jpeg", "fete.jpg", 800, 600)
FR = load_translations(TRANSLATIONS_DIR, "fr")


def feed(news, **site) -> bytes:
    content = site_content(news=tuple(news), **site)
    return atom_feed(content, generated_at=GENERATED, translations=FR)


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - the feed the test just built


def one(parent: ET.Element, path: str) -> ET.Element:
    found = parent.findall(path, NS)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return found[0]


def assert_rfc3339(value: str) -> datetime:
    assert RFC3339.match(value), value
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None
    return moment


def test_the_feed_has_the_required_elements() -> None:
    root = parse(feed(many_items(3)))
    assert root.tag == f"{A}feed"
    assert one(root, "a:id").text == "tag:127.0.0.1,2026:aurignac/actualites/"
    assert one(root, "a:title").text == f"{FR.gettext('News')} – Aurignac"
    assert one(one(root, "a:author"), "a:name").text == "Aurignac"
    links = {link.get("rel"): link for link in root.findall("a:link", NS)}
    assert links["self"].get("href") == "http://127.0.0.1:8000/aurignac/actualites/atom.xml"
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href") == "http://127.0.0.1:8000/aurignac/actualites/"
    updated = assert_rfc3339(one(root, "a:updated").text)
    entries = root.findall("a:entry", NS)
    assert len(entries) == 3
    assert updated == max(assert_rfc3339(one(e, "a:updated").text) for e in entries)


def test_every_entry_is_complete_with_absolute_links_and_unique_ids() -> None:
    root = parse(feed(many_items(5)))
    ids = []
    for entry in root.findall("a:entry", NS):
        ids.append(one(entry, "a:id").text)
        assert one(entry, "a:title").text.startswith("Actualité info-")
        published = assert_rfc3339(one(entry, "a:published").text)
        updated = assert_rfc3339(one(entry, "a:updated").text)
        assert updated >= published
        [link] = [x for x in entry.findall("a:link", NS) if x.get("rel") == "alternate"]
        href = urlsplit(link.get("href"))
        assert href.scheme == "http" and href.netloc == "127.0.0.1:8000"
        assert href.path.startswith("/aurignac/actualites/info-")
        assert one(entry, "a:summary").text.startswith("Résumé de info-")
        content = one(entry, "a:content")
        assert content.get("type") == "html"
        assert content.get(XML_BASE) == link.get("href")
    assert len(set(ids)) == len(ids) == 5
    assert all(i.startswith("tag:127.0.0.1,2026:aurignac/actualites/info-") for i in ids)
    # Newest first.
    assert ids[0].endswith("/info-04/") and ids[-1].endswith("/info-00/")


def test_published_is_the_news_date_in_france() -> None:
    item = news_item("fete", date(2026, 11, 20), published_at=datetime(2026, 11, 2, tzinfo=UTC))
    entry = one(parse(feed([item])), "a:entry")
    assert one(entry, "a:published").text == "2026-11-20T00:00:00+01:00"
    # Published before its date: updated is never earlier than published.
    assert one(entry, "a:updated").text == "2026-11-19T23:00:00Z"


def test_ids_are_stable_across_edits() -> None:
    item = news_item("fete", date(2026, 11, 20))
    edited = replace(
        item,
        title="Autre titre",
        news_date=date(2026, 12, 1),
        body="Autre texte",
        published_at=datetime(2026, 12, 1, 8, tzinfo=UTC),
    )
    [before, after] = (one(one(parse(feed([i])), "a:entry"), "a:id").text for i in (item, edited))
    assert before == after == "tag:127.0.0.1,2026:aurignac/actualites/fete/"


def test_a_site_on_its_own_host_tags_with_that_host() -> None:
    root = parse(feed([news_item("fete", date(2026, 11, 20))], live_url="https://aurignac.fr/"))
    assert one(root, "a:id").text == "tag:aurignac.fr,2026:actualites/"
    assert one(one(root, "a:entry"), "a:id").text == "tag:aurignac.fr,2026:actualites/fete/"
    [self_link] = [x for x in root.findall("a:link", NS) if x.get("rel") == "self"]
    assert self_link.get("href") == "https://aurignac.fr/actualites/atom.xml"


def test_text_is_escaped_and_the_body_is_the_sanitised_html() -> None:
    body = "Voir [le programme](../programme/) & **venez** !\n\n<script>alert(1)</script>"
    item = news_item(
        "fete", date(2026, 11, 20), title="Fête <grande> & belle", summary="A < B & C", body=body
    )
    data = feed([item])
    assert b"<script" not in data and b"<grande>" not in data
    entry = one(parse(data), "a:entry")
    assert one(entry, "a:title").text == "Fête <grande> & belle"
    assert one(entry, "a:summary").text == "A < B & C"
    html = one(entry, "a:content").text
    assert html == render_markdown(body)
    assert "<script" not in html and "<strong>venez</strong>" in html


def test_the_photo_leads_the_entry_content() -> None:
    item = news_item("fete", date(2026, 11, 20), image=PHOTO, image_alt='La fanfare "en fête"')
    html = one(one(parse(feed([item])), "a:entry"), "a:content").text
    assert html.startswith(
        '<p><img src="http://127.0.0.1:8000/aurignac/actualites/fete/fete.jpg" '
        'alt="La fanfare &quot;en fête&quot;" width="800" height="600"></p>'
    )


def test_the_feed_holds_the_newest_items_only() -> None:
    entries = parse(feed(many_items(FEED_COUNT + 5))).findall("a:entry", NS)
    assert len(entries) == FEED_COUNT
    assert one(entries[-1], "a:id").text.endswith("/info-05/")


def test_an_empty_feed_is_still_valid() -> None:
    root = parse(feed([]))
    assert root.findall("a:entry", NS) == []
    assert one(root, "a:updated").text == "2026-11-25T10:00:00Z"
    parsed = feedparser.parse(feed([]))
    assert parsed.bozo == 0 and parsed.version == "atom10"


def test_a_feed_reader_reads_it() -> None:
    items = [*many_items(2), news_item("fete", date(2026, 11, 20), image=PHOTO, image_alt="x")]
    parsed = feedparser.parse(feed(items))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == f"{FR.gettext('News')} – Aurignac"
    assert parsed.feed.author == "Aurignac"
    assert [e.link for e in parsed.entries] == [
        "http://127.0.0.1:8000/aurignac/actualites/fete/",
        "http://127.0.0.1:8000/aurignac/actualites/info-01/",
        "http://127.0.0.1:8000/aurignac/actualites/info-00/",
    ]
    first = parsed.entries[0]
    assert first.published_parsed[:3] == (2026, 11, 19)  # midnight in France, in UTC
    assert first.content[0].type == "text/html"
    assert "fete.jpg" in first.content[0].value


def test_characters_xml_forbids_are_dropped() -> None:
    item = news_item("fete", date(2026, 11, 20), title="Fête\x0b du\x00 village", body="a\x1fb")
    entry = one(parse(feed([item])), "a:entry")
    assert one(entry, "a:title").text == "Fête du village"
    assert feedparser.parse(feed([item])).bozo == 0
