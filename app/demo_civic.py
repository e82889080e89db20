"""Demo data beyond pages and the directory: news, the agenda, an alert and municipal acts.

Dates are relative to the day the demo is set up, so the agenda always has coming events
and the alert is active. Idempotent: a commune that has news already is left alone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.acts import services as acts
from app.alerts import services as alerts
from app.config import Settings
from app.content.owners import Owner
from app.content.services import publish_item
from app.events import services as events
from app.events.recurrence import MONTHLY_NTH, WEEKLY, Recurrence, build_rule
from app.files.store import UploadedFile
from app.media.services import MediaDetails, add_media
from app.models import Alert, Commune, NewsItem, Role, User
from app.news import services as news

SATURDAY, SUNDAY = 5, 6


def ensure_civic_content(session: Session, settings: Settings, commune: Commune, clerk: User):
    """News, events, an alert and acts for a demo commune, published, once."""
    if session.scalar(select(func.count()).where(NewsItem.commune_id == commune.id)):
        return 0
    today = date.today()
    library = _library(session, settings, commune, clerk)
    made = [
        *_news(session, settings, commune, clerk, today, library),
        *_events(session, commune, clerk, today),
        _alert(
            session,
            commune,
            clerk,
            "Travaux : la rue principale est fermée à la circulation en journée. "
            "Déviation par le boulevard.",
            "vigilance",
            days=10,
        ),
        *_acts(session, commune, clerk, today),
    ]
    for item in made:
        publish_item(session, commune, item, clerk, Role.PUBLISHER, rebuild=False)
    return len(made)


def ensure_epci_alert(session: Session, epci: Owner, agent: User) -> int:
    """An alert of the intercommunality, shown on every member site."""
    if session.scalar(select(func.count()).where(Alert.intercommunality_id == epci.id)):
        return 0
    alert = _alert(
        session,
        epci,
        agent,
        "Épisode de gel : protégez vos compteurs d'eau et pensez aux personnes isolées.",
        "information",
        days=7,
    )
    publish_item(session, epci, alert, agent, Role.PUBLISHER, rebuild=False)
    return 1


def _library(session, settings, commune, clerk) -> dict[str, int]:
    """A photo and a document in the commune's media library (used by the first news)."""
    photo = add_media(
        session,
        settings.files_dir,
        commune,
        _photo(),
        MediaDetails(
            title="Le clocher et les collines",
            alt_text="Le clocher du village devant les collines, sous un ciel bleu",
            credit="Photo : mairie de " + commune.name,
        ),
        user=clerk,
        quota=settings.media_quota,
    )
    plan = add_media(
        session,
        settings.files_dir,
        commune,
        UploadedFile(_pdf(commune.name, "T-1", "Plan des travaux de la place"), "plan.pdf"),
        MediaDetails(title="Plan des travaux de la place"),
        user=clerk,
        quota=settings.media_quota,
    )
    return {"photo": photo.id, "plan": plan.id}


def _news(session, settings, commune, clerk, today, library):
    items = [
        (
            f"Réfection de la place : {commune.name} fait peau neuve",
            today - timedelta(days=3),
            "Les travaux de la place centrale commencent lundi pour trois semaines.",
            "Le stationnement est interdit sur la place pendant les travaux. Le marché du "
            "samedi est déplacé devant l'école.\n\n"
            f"![](media:{library['photo']})\n\n"
            f"Consultez [le plan des travaux](media:{library['plan']}).\n\n"
            "Merci de votre compréhension.",
            True,
        ),
        (
            "Inscriptions à l'école pour la rentrée",
            today - timedelta(days=10),
            "Les inscriptions se font en mairie jusqu'à la fin du mois.",
            "Apportez le livret de famille, un justificatif de domicile et le carnet de "
            "santé de l'enfant.",
            False,
        ),
        (
            "Repas des aînés : réservez votre place",
            today - timedelta(days=20),
            "Le repas offert par la commune aura lieu à la salle des fêtes.",
            "Inscriptions auprès du secrétariat de mairie, aux heures d'ouverture.",
            False,
        ),
    ]
    made = []
    for title, day, summary, body, with_photo in items:
        draft = news.NewsDraft(
            title=title,
            news_date=day,
            summary=summary,
            body=body,
            image=_photo() if with_photo else None,
            image_alt="La place du village, vue depuis la mairie" if with_photo else "",
        )
        made.append(
            news.save_news(session, commune, None, draft, None, clerk, files_dir=settings.files_dir)
        )
    return made


def _events(session, commune, clerk, today):
    next_saturday = today + timedelta(days=(SATURDAY - today.weekday()) % 7)
    first_sunday = _first_sunday_after(today)
    drafts = [
        events.EventDraft(
            title="Marché de plein vent",
            starts_on=next_saturday,
            start_time=time(8),
            end_time=time(12, 30),
            rrule=build_rule(
                Recurrence(WEEKLY, weekdays=(SATURDAY,), until=today + timedelta(days=365)),
                all_day=False,
            ),
            place="Place de la mairie",
            organiser="La commune",
            is_free=True,
            summary="Fruits, légumes, fromages et pain des producteurs du canton.",
        ),
        events.EventDraft(
            title="Vide-grenier",
            starts_on=first_sunday,
            rrule=build_rule(
                Recurrence(MONTHLY_NTH, nth=1, weekday=SUNDAY, until=today + timedelta(days=180)),
                all_day=True,
            ),
            place="Parking de la salle des fêtes",
            organiser="Comité des fêtes",
            price="2 € le mètre linéaire pour les exposants",
            summary="Le premier dimanche du mois, toute la journée.",
        ),
        events.EventDraft(
            title="Concert de Noël à l'église",
            starts_on=today + timedelta(days=12),
            start_time=time(20, 30),
            end_time=time(22),
            place="Église Saint-Pierre",
            organiser="Chorale du canton",
            price="10 €, gratuit pour les moins de 12 ans",
            summary="Chants traditionnels de Noël.",
        ),
    ]
    return [events.save_event(session, commune, None, d, None, clerk) for d in drafts]


def _first_sunday_after(day: date) -> date:
    year, month = (day.year, day.month + 1) if day.month < 12 else (day.year + 1, 1)
    first = date(year, month, 1)
    return first + timedelta(days=(SUNDAY - first.weekday()) % 7)


def _alert(session, owner, user, message: str, level: str, *, days: int):
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    draft = alerts.AlertDraft(
        message=message, level=level, publish_at=None, unpublish_at=now + timedelta(days=days)
    )
    return alerts.save_alert(session, owner, None, draft, None, user)


def _acts(session, commune, clerk, today):
    author, capacity = acts.default_author(commune)
    council = today - timedelta(days=14)
    drafts = [
        acts.ActDraft(
            kind="deliberation",
            number=f"{today.year}-012",
            title="Vote du budget primitif",
            slug="",
            act_date=council,
            session_date=council,
            subject="7.1",
            author_name=author,
            author_capacity=capacity,
            voters=11,
            votes_for=10,
            votes_against=0,
            abstentions=1,
        ),
        acts.ActDraft(
            kind="arrete",
            number=f"A{today.year}-031",
            title="Arrêté de circulation pendant les travaux de la place",
            slug="",
            act_date=today - timedelta(days=4),
            subject="6.1",
            author_name=author,
            author_capacity=capacity,
        ),
        acts.ActDraft(
            kind="proces_verbal",
            number=f"PV-{council:%Y-%m-%d}",
            title="Procès-verbal du conseil municipal",
            slug="",
            act_date=council + timedelta(days=7),
            session_date=council,
            author_name=author,
            author_capacity=capacity,
        ),
    ]
    made = []
    for draft in drafts:
        pdf = UploadedFile(_pdf(commune.name, draft.number, draft.title), f"{draft.number}.pdf")
        draft = acts.ActDraft(**{**vars(draft), "upload": pdf})
        made.append(acts.save_act(session, commune, None, draft, None, clerk))
    return made


def _pdf(commune: str, number: str, title: str) -> bytes:
    """A one-page PDF with the act's heading (the demo's stand-in for a signed act)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    lines = [f"Commune de {commune}", f"Acte n° {number}", title, "Document de démonstration"]
    text = (
        "BT /F1 14 Tf 72 760 Td 18 TL "
        + " ".join(f"({_pdf_text(line)}) Tj T*" for line in lines)
        + " ET"
    )
    stream = DecodedStreamObject()
    stream.set_data(text.encode("cp1252"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_text(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _photo() -> UploadedFile:
    """A drawn landscape (sky, hills, a bell tower) as the demo's news photo."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 675), (135, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.ellipse((-200, 380, 700, 900), fill=(110, 160, 90))
    draw.ellipse((450, 420, 1400, 980), fill=(90, 140, 75))
    draw.rectangle((560, 250, 640, 520), fill=(200, 170, 130))
    draw.polygon([(550, 250), (600, 170), (650, 250)], fill=(160, 70, 50))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return UploadedFile(buffer.getvalue(), "place-du-village.jpg")
