"""Alerts on a site: a compact banner on every page, the /alertes/ page, an Atom feed.

The build's snapshot holds the alerts visible at its instant; the scheduler rebuilds the
site when one starts or ends, so a static page never shows an alert past its end for
longer than it takes to build. The banner is repeated on every page: its data is small
and computed once here (``ALERTS``), the templates only lay it out.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

from app.config import TIMEZONE
from app.errors import N_
from app.hours.formatting import Translations, clock, month_day
from app.publishing.content import AlertContent, SiteContent
from app.publishing.export import ALERTS_PATH
from app.publishing.preview import PREVIEW_LANG, render_theme_template
from app.publishing.sections import Section
from app.publishing.theming import load_translations

# Most severe first: the order of the banner.
LEVELS = {
    "urgence": N_("Emergency"),
    "vigilance": N_("Caution"),
    "information": N_("Information"),
}
UNTIL = N_("until %(day)s at %(time)s")
FEED_TITLE = N_("Alerts – %(site)s")
FEED_PATH = f"{ALERTS_PATH}/atom.xml"
ATOM = "http://www.w3.org/2005/Atom"
# A tag URI names its authority with a date at which it held the name; a fixed date keeps
# the ids of the feed and of its entries the same from one build to the next.
TAG_DATE = "2026"
TITLE_LENGTH = 80


def active_alerts(alerts: Iterable[AlertContent], now: datetime) -> list[AlertContent]:
    """The alerts shown at ``now``: most severe first, then the most recently started."""
    shown = [alert for alert in alerts if alert.ends_at is None or alert.ends_at > now]
    shown.sort(key=lambda alert: alert.starts_at, reverse=True)
    return sorted(shown, key=lambda alert: list(LEVELS).index(alert.level))


def level_label(level: str, translations: Translations) -> str:
    return translations.gettext(LEVELS.get(level, LEVELS["information"]))


def until_label(end: datetime | None, lang: str, translations: Translations) -> str:
    """ "jusqu'au 28 novembre à 18 h" in French time ("" for a draft without an end)."""
    if end is None:
        return ""
    local = end.astimezone(TIMEZONE)
    minutes = local.hour * 60 + local.minute
    return translations.gettext(UNTIL) % {
        "day": month_day(local.date(), lang),
        "time": clock(minutes, lang, translations),
    }


def alert_data(alert: AlertContent, lang: str, translations: Translations) -> dict[str, Any]:
    """One alert as the templates read it."""
    return {
        "id": alert.item_id,
        "anchor": f"alerte-{alert.item_id}",
        "message": alert.message,
        "level": alert.level if alert.level in LEVELS else "information",
        "level_label": level_label(alert.level, translations),
        "link": alert.link,
        "until_label": until_label(alert.ends_at, lang, translations),
        "provided_by": alert.provided_by,
    }


def alerts_context(
    content: SiteContent, *, lang: str, translations: Translations, now: datetime
) -> dict[str, Any]:
    """``ALERTS`` (the banner and the alerts page) and ``ALERTS_URL``."""
    return {
        "ALERTS": [
            alert_data(alert, lang, translations) for alert in active_alerts(content.alerts, now)
        ],
        "ALERTS_URL": f"{ALERTS_PATH}/",
    }


def alerts_feed(
    content: SiteContent,
    *,
    generated_at: datetime,
    lang: str,
    translations: gettext.NullTranslations,
) -> dict[str, bytes]:
    """The Atom 1.0 feed of the alerts shown when the site is built."""
    return {FEED_PATH: atom_feed(content, generated_at, lang, translations)}


def atom_feed(
    content: SiteContent, generated_at: datetime, lang: str, translations: Translations
) -> bytes:
    page_url = f"{content.live_url.rstrip('/')}/{ALERTS_PATH}/"
    host, path = _authority(content.live_url)
    feed = ElementTree.Element("feed", {"xmlns": ATOM, "xml:lang": lang})
    _text(feed, "id", f"tag:{host},{TAG_DATE}:{path}{ALERTS_PATH}")
    _text(feed, "title", translations.gettext(FEED_TITLE) % {"site": content.name})
    _text(feed, "updated", _instant(generated_at))
    ElementTree.SubElement(feed, "link", rel="self", href=f"{page_url}atom.xml")
    ElementTree.SubElement(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = ElementTree.SubElement(feed, "author")
    _text(author, "name", content.name)
    for alert in active_alerts(content.alerts, generated_at):
        data = alert_data(alert, lang, translations)
        entry = ElementTree.SubElement(feed, "entry")
        _text(entry, "id", f"tag:{host},{TAG_DATE}:{data['anchor']}")
        _text(entry, "title", _entry_title(data, translations))
        _text(entry, "summary", f"{alert.message} ({data['until_label']})")
        _text(entry, "published", _instant(alert.starts_at))
        _text(entry, "updated", _instant(max(alert.starts_at, alert.published_at)))
        ElementTree.SubElement(entry, "link", rel="alternate", href=f"{page_url}#{data['anchor']}")
        if alert.provided_by:
            _text(ElementTree.SubElement(entry, "author"), "name", alert.provided_by)
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry_title(data: dict[str, Any], translations: Translations) -> str:
    """ "Urgence : Route de la Forêt barrée…" (the level, then the message's start)."""
    message = data["message"]
    if len(message) > TITLE_LENGTH:
        message = message[: TITLE_LENGTH - 1].rstrip() + "…"
    return translations.gettext(N_("%(level)s: %(message)s")) % {
        "level": data["level_label"],
        "message": message,
    }


def _authority(live_url: str) -> tuple[str, str]:
    """The host of the site and its path without the leading slash ("aurignac/")."""
    parts = urlsplit(live_url)
    if not parts.hostname:
        raise ValueError(f"live_url must be an absolute URL, not {live_url!r}")
    path = parts.path.strip("/")
    return parts.hostname, f"{path}/" if path else ""


def _text(parent: ElementTree.Element, tag: str, text: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag)
    element.text = text
    return element


def _instant(moment: datetime) -> str:
    """RFC 3339, in UTC."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def render_alert_preview(
    content: SiteContent,
    alert: AlertContent,
    *,
    themes_dir: Path,
    translations_dir: Path,
    static_url: str,
    media: object = None,  # its texts hold no library file
) -> str:
    """The alerts page of the site, with ``alert`` (a draft) as its only alert."""
    translations = load_translations(Path(translations_dir), PREVIEW_LANG)
    context = {
        "page_name": f"{ALERTS_PATH}/index",
        "ALERTS": [alert_data(alert, PREVIEW_LANG, translations)],
    }
    return render_theme_template(
        content,
        "alerts.html",
        context,
        themes_dir=themes_dir,
        translations_dir=translations_dir,
        static_url=static_url,
    )


SECTION = Section(
    "alerts",
    context=alerts_context,
    direct_templates=lambda content: {"alerts": f"{ALERTS_PATH}/index.html"},
    files=alerts_feed,
    paths=lambda content: [ALERTS_PATH],
)
