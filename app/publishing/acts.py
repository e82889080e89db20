"""The acts section of a site: /actes/, one page per kind and per act, the PDFs, and the
deliberations as open data (articles L2131-1, R2131-1 and L2121-15 of the CGCT).

A site with no published act has no acts section. Otherwise it gets:

- ``actes/`` (template ``acts``): every act by year, then kind, newest first;
- ``actes/<kind slug>/`` (``acts``, ``page.act_kind`` set): the same list for one kind,
  so filtering needs no JavaScript; every kind has its page, empty or not;
- ``actes/<slug>/`` (``act``): one act, its signatory, dates, vote, the PDF with its exact
  size and SHA-256, and the act it replaces or that replaces it;
- ``actes/<slug>/<file name>``: the PDF, the stored bytes hard-linked (byte for byte);
- ``donnees/deliberations.csv``: the deliberations in the SCDL « Délibérations » schema
  (scdl/deliberations 2.1.5, https://schema.data.gouv.fr/scdl/deliberations/): its
  columns in its order, comma separated, UTF-8, CRLF, dates as YYYY-MM-DD. Mapping:

  ==================== ==========================================================
  COLL_NOM             the commune's (or intercommunality's) name
  COLL_SIRET           ``SiteContent.siret`` (empty until the records hold it)
  DELIB_ID             the act's number
  DELIB_DATE           the date of the council meeting (the adoption), else the act's
  DELIB_MATIERE_CODE   the ACTES subject code (e.g. 7.1), empty if not given
  DELIB_MATIERE_NOM    its ACTES name (« finances locales/décisions budgétaires »)
  DELIB_OBJET          the title
  BUDGET_ANNEE/NOM     empty (not recorded)
  PREF_ID, PREF_DATE   empty (not recorded)
  VOTE_EFFECTIF        empty (the council's size is not recorded)
  VOTE_REEL            members voting
  VOTE_POUR/CONTRE     votes for, against
  VOTE_ABSTENTION      abstentions
  DELIB_URL            the absolute address of the PDF on the live site
  ==================== ==========================================================

``online_since`` is recorded when a build carrying the act first goes live; the worker
then queues the build that shows « Mis en ligne le … » (seconds later).
"""

from __future__ import annotations

import csv
import gettext
import io
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from app.acts.kinds import ACT_KINDS, subject_label, subject_name
from app.publishing.content import ActContent, FileContent, SiteContent
from app.publishing.export import (
    ACTS_PATH,
    OPEN_DATA_PATH,
    ExportError,
    pelican_date,
    pelican_document,
    site_time,
)
from app.publishing.sections import Section
from app.text import SLUG_PATTERN

DELIBERATIONS_CSV = f"{OPEN_DATA_PATH}/deliberations.csv"
SCDL_FIELDS = (
    "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM", "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID", "PREF_DATE",
    "VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION", "DELIB_URL",
)  # fmt: skip
KIND_ORDER = tuple(ACT_KINDS)


def act_path(act: ActContent) -> str:
    return f"{ACTS_PATH}/{act.slug}"


def file_path(act: ActContent) -> str:
    """Where the act's PDF is published (its folder is the act's page)."""
    assert act.file is not None
    return f"{act_path(act)}/{act.file.filename}"


def _newest_first(acts) -> list[ActContent]:
    return sorted(acts, key=lambda a: (a.act_date, a.number, a.item_id), reverse=True)


def file_size_label(size: int, translations: gettext.NullTranslations, lang: str) -> str:
    """« 1,2 Mo », « 431 ko » (SI units, as file managers show them), or bytes."""
    if size >= 1_000_000:
        value = format_decimal(round(size / 1_000_000, 1), "#,##0.0", locale=lang)
        return translations.gettext("%(size)s MB") % {"size": value}
    if size >= 1_000:
        return translations.gettext("%(size)s kB") % {"size": round(size / 1_000)}
    return translations.gettext("%(size)s bytes") % {"size": size}


def _file_data(act: ActContent, translations, lang: str) -> dict[str, Any] | None:
    stored: FileContent | None = act.file
    if stored is None:
        return None
    return {
        "url": file_path(act),
        "filename": stored.filename,
        "size": stored.size,
        "size_exact": format_decimal(stored.size, locale=lang),
        "size_label": file_size_label(stored.size, translations, lang),
        "sha256": stored.sha256,
    }


def _online_since(act: ActContent, translations, lang: str) -> dict[str, str]:
    """« 20 novembre 2026 à 14:05 », once the platform recorded it (else empty)."""
    if act.online_since is None:
        return {"online_since_label": "", "online_since_iso": ""}
    local = site_time(act.online_since)
    label = translations.gettext("%(date)s at %(time)s") % {
        "date": format_date(local.date(), "long", locale=lang),
        "time": format_time(local.time(), "HH:mm", locale=lang),
    }
    return {"online_since_label": label, "online_since_iso": local.isoformat(timespec="minutes")}


def _link(act: ActContent | None) -> dict[str, str] | None:
    return None if act is None else {"number": act.number, "url": f"{act_path(act)}/"}


def act_data(
    act: ActContent,
    site_acts: tuple[ActContent, ...],
    *,
    lang: str,
    translations: gettext.NullTranslations,
) -> dict[str, Any]:
    """Everything the ``act`` template and the lists show about one act."""
    kind = ACT_KINDS[act.kind]
    by_id = {other.item_id: other for other in site_acts}
    replaced_by = next((a for a in _newest_first(site_acts) if a.replaces_id == act.item_id), None)
    votes = None
    if kind.has_votes and any(
        v is not None for v in (act.voters, act.votes_for, act.votes_against, act.abstentions)
    ):
        votes = {
            "voters": act.voters,
            "in_favour": act.votes_for,
            "against": act.votes_against,
            "abstentions": act.abstentions,
        }
    return {
        "slug": act.slug,
        "url": f"{act_path(act)}/",
        "kind": act.kind,
        "kind_label": translations.gettext(kind.label),
        "number": act.number,
        "title": act.title,
        "act_date": act.act_date,
        "author_name": act.author_name,
        "author_capacity": act.author_capacity,
        "session_date": act.session_date,
        "subject": subject_label(act.subject),
        "summary": act.summary,
        **_online_since(act, translations, lang),
        "file": _file_data(act, translations, lang),
        "votes": votes,
        "replaces": _link(by_id.get(act.replaces_id)) if act.replaces_id else None,
        "replaced_by": _link(replaced_by),
    }


def _years(acts: list[dict[str, Any]], kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    """Acts (newest first) grouped by year, then by kind in the kinds' order."""
    years: dict[int, list[dict[str, Any]]] = {}
    for act in acts:
        years.setdefault(act["act_date"].year, []).append(act)
    return [
        {
            "year": year,
            "kinds": [
                {"key": key, "acts": [a for a in year_acts if a["kind"] == key]}
                for key in kinds
                if any(a["kind"] == key for a in year_acts)
            ],
        }
        for year, year_acts in years.items()
    ]


def acts_context(
    content: SiteContent,
    *,
    lang: str,
    translations: gettext.NullTranslations,
    now: datetime | None = None,
) -> dict[str, Any]:
    """``ACTS`` (slug -> act), ``ACTS_URL`` (empty without acts), ``ACT_KINDS`` (the
    kinds' nav), ``ACT_INDEX`` (kind key, "" for all -> years), ``DELIBERATIONS_CSV_URL``."""
    if not content.acts:
        return {
            "ACTS": {},
            "ACTS_URL": "",
            "ACT_KINDS": [],
            "ACT_INDEX": {},
            "DELIBERATIONS_CSV_URL": "",
        }
    acts = [
        act_data(act, content.acts, lang=lang, translations=translations)
        for act in _newest_first(content.acts)
    ]
    kinds = [
        {
            "key": kind.key,
            "label": translations.gettext(kind.plural),
            "url": f"{ACTS_PATH}/{kind.slug}/",
            "count": sum(1 for act in acts if act["kind"] == kind.key),
        }
        for kind in ACT_KINDS.values()
    ]
    index = {"": _years(acts, KIND_ORDER)}
    for key in KIND_ORDER:
        index[key] = _years([a for a in acts if a["kind"] == key], (key,))
    return {
        "ACTS": {act["slug"]: act for act in acts},
        "ACTS_URL": f"{ACTS_PATH}/",
        "ACT_KINDS": kinds,
        "ACT_INDEX": index,
        "DELIBERATIONS_CSV_URL": DELIBERATIONS_CSV,
    }


def _check_acts(content: SiteContent) -> None:
    seen: set[str] = set()
    kind_slugs = {kind.slug for kind in ACT_KINDS.values()}
    for act in content.acts:
        if not SLUG_PATTERN.match(act.slug) or act.slug in seen or act.slug in kind_slugs:
            raise ExportError(f"L'adresse de l'acte n° {act.number} n'est pas valide.")
        if act.kind not in ACT_KINDS:
            raise ExportError(f"Le type de l'acte n° {act.number} n'est pas reconnu.")
        seen.add(act.slug)


def acts_documents(content: SiteContent, *, now: datetime | None = None) -> dict[str, bytes]:
    """One Pelican source per act (``actes.<slug>.md``) and per kind (``actes--<kind>.md``:
    a slug holds no double hyphen, so the names never collide)."""
    if not content.acts:
        return {}
    _check_acts(content)
    files = {}
    for act in content.acts:
        metadata = {
            "Title": act.title,
            "Slug": act_path(act),
            "Date": pelican_date(act.published_at),
            "Template": "act",
            "Act": act.slug,
        }
        files[f"{ACTS_PATH}.{act.slug}.md"] = pelican_document(metadata, "")
    for kind in ACT_KINDS.values():
        metadata = {
            "Title": kind.plural,
            "Slug": f"{ACTS_PATH}/{kind.slug}",
            "Template": "acts",
            "Act_kind": kind.key,
        }
        files[f"{ACTS_PATH}--{kind.slug}.md"] = pelican_document(metadata, "")
    return files


def acts_direct_templates(content: SiteContent) -> dict[str, str]:
    return {"acts": f"{ACTS_PATH}/index.html"} if content.acts else {}


def acts_attachments(content: SiteContent) -> dict[str, FileContent]:
    return {file_path(act): act.file for act in content.acts if act.file is not None}


def acts_paths(content: SiteContent) -> list[str]:
    if not content.acts:
        return []
    kinds = [f"{ACTS_PATH}/{kind.slug}" for kind in ACT_KINDS.values()]
    return [ACTS_PATH, *kinds, *(act_path(act) for act in content.acts)]


def deliberations_csv(content: SiteContent) -> bytes:
    """The site's deliberations in the SCDL schema (header only if there is none)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=SCDL_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    base = content.live_url.rstrip("/")
    for act in _newest_first(content.acts):
        if act.kind != "deliberation":
            continue
        writer.writerow(
            {
                "COLL_NOM": content.name,
                "COLL_SIRET": content.siret,
                "DELIB_ID": act.number,
                "DELIB_DATE": (act.session_date or act.act_date).isoformat(),
                "DELIB_MATIERE_CODE": act.subject,
                "DELIB_MATIERE_NOM": subject_name(act.subject),
                "DELIB_OBJET": act.title,
                "VOTE_REEL": _count(act.voters),
                "VOTE_POUR": _count(act.votes_for),
                "VOTE_CONTRE": _count(act.votes_against),
                "VOTE_ABSTENTION": _count(act.abstentions),
                "DELIB_URL": f"{base}/{file_path(act)}" if act.file else "",
            }
        )
    return buffer.getvalue().encode("utf-8")


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def acts_files(content: SiteContent, **options: Any) -> dict[str, bytes]:
    return {DELIBERATIONS_CSV: deliberations_csv(content)} if content.acts else {}


def render_act_preview(
    content: SiteContent,
    act: ActContent,
    *,
    themes_dir: Path,
    translations_dir: Path,
    static_url: str,
    media: object = None,  # its texts hold no library file
) -> str:
    """The page of an act not published yet, rendered by the theme in-process."""
    from app.publishing.preview import PREVIEW_LANG, PreviewPage, render_theme_template
    from app.publishing.theming import load_translations

    translations = load_translations(Path(translations_dir), PREVIEW_LANG)
    data = act_data(act, (*content.acts, act), lang=PREVIEW_LANG, translations=translations)
    page = PreviewPage(
        slug=act_path(act),
        title=act.title,
        url=data["url"],
        content="",
        date=None,
        menu_position=0,
    )
    context = {"page_name": f"{act_path(act)}/index", "page": page, "act": data}
    return render_theme_template(
        content,
        "act.html",
        context,
        themes_dir=themes_dir,
        translations_dir=translations_dir,
        static_url=static_url,
    )


SECTION = Section(
    "acts",
    context=acts_context,
    documents=acts_documents,
    direct_templates=acts_direct_templates,
    files=acts_files,
    attachments=acts_attachments,
    paths=acts_paths,
)
