"""The intercommunality's waste-collection screens: zones, their rounds, deletion.

Registered under the EPCI tenant guard only. Every member may read; services refuse
changes from editors (403). Handlers load (404 for another tenant's ids), call a service,
then redirect, or show the form again with the reason next to the field (400).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.errors import DomainError
from app.hours.formatting import capitalise, weekday_name
from app.models import WasteRound, WasteZone
from app.waste import queries, services
from app.waste.errors import NotAllowed
from app.waste.forms import RoundForm, ZoneForm
from app.waste.labels import HOLIDAY_RULES, ON_DATES, STREAMS
from app.web.database import db_session

bp = Blueprint("waste", __name__, url_prefix="/waste")


@bp.route("/")
def index():
    zones = queries.list_zones(db_session(), g.epci)
    lang = str(get_locale() or "fr")
    summaries = {row.id: describe_round(row, lang) for zone in zones for row in zone.rounds}
    return render_template("waste/index.html", zones=zones, summaries=summaries)


@bp.route("/zones/new", methods=["GET", "POST"])
def new_zone():
    return _zone_screen(None)


@bp.route("/zones/<int:item_id>", methods=["GET", "POST"])
def edit_zone(item_id: int):
    return _zone_screen(_load_zone(item_id))


@bp.route("/zones/<int:item_id>/delete", methods=["POST"])
def delete_zone(item_id: int):
    zone = _load_zone(item_id)
    name = zone.name
    try:
        services.delete_zone(db_session(), g.epci, zone, user=current_user, role=g.role)
    except NotAllowed:
        abort(403)
    message = _("Zone « %(name)s » deleted. The sites will be updated in a few seconds.", name=name)
    flash(message, "success")
    return redirect(url_for(".index"))


@bp.route("/zones/<int:item_id>/rounds/new", methods=["GET", "POST"])
def new_round(item_id: int):
    return _round_screen(_load_zone(item_id), None)


@bp.route("/rounds/<int:item_id>", methods=["GET", "POST"])
def edit_round(item_id: int):
    row = _load_round(item_id)
    return _round_screen(row.zone, row)


@bp.route("/rounds/<int:item_id>/delete", methods=["POST"])
def delete_round(item_id: int):
    row = _load_round(item_id)
    try:
        zone = services.delete_round(db_session(), g.epci, row, user=current_user, role=g.role)
    except NotAllowed:
        abort(403)
    flash(_("Round deleted. The sites will be updated in a few seconds."), "success")
    return redirect(url_for(".index", _anchor=f"zone-{zone.id}"))


def _zone_screen(zone: WasteZone | None):
    session = db_session()
    form = ZoneForm()
    communes = queries.member_communes(session, g.epci)
    form.communes.choices = [SelectChoice(commune.id, commune.name) for commune in communes]
    if request.method == "GET" and zone is not None:
        form.load(zone)
    heading = zone.name if zone is not None else _("New zone")
    screen = {"form": form, "zone": zone, "heading": heading}
    if not form.validate_on_submit():
        return _show("waste/zone.html", screen)
    try:
        saved = services.save_zone(
            session, g.epci, zone, form.to_draft(), user=current_user, role=g.role
        )
    except DomainError as error:
        return _show("waste/zone.html", screen, error)
    flash(_("Zone saved. The sites will be updated in a few seconds."), "success")
    return redirect(url_for(".index", _anchor=f"zone-{saved.id}"))


def _round_screen(zone: WasteZone, row: WasteRound | None):
    form = RoundForm()
    if request.method == "GET" and row is not None:
        form.load(row)
    heading = _stream_label(row.stream) if row is not None else _("New round")
    screen = {"form": form, "zone": zone, "row": row, "heading": heading}
    if not form.validate_on_submit():
        return _show("waste/round.html", screen)
    try:
        services.save_round(
            db_session(), g.epci, zone, row, form.to_round(), user=current_user, role=g.role
        )
    except DomainError as error:
        return _show("waste/round.html", screen, error)
    flash(_("Round saved. The sites will be updated in a few seconds."), "success")
    return redirect(url_for(".index", _anchor=f"zone-{zone.id}"))


def _show(template: str, screen: dict, error: DomainError | None = None):
    """The form (again, after a POST: what was typed, and the reason next to its field)."""
    status = 400 if request.method == "POST" else 200
    if error is not None:
        message = error.translate(_)
        form_field = getattr(screen["form"], error.field, None) if error.field else None
        if form_field is not None:
            form_field.errors = [*form_field.errors, message]
        else:
            flash(message, "error")
        status = 403 if isinstance(error, NotAllowed) else 400
    return render_template(template, **screen), status


def _load_zone(zone_id: int) -> WasteZone:
    try:
        return queries.get_zone(db_session(), g.epci, zone_id, for_update=request.method == "POST")
    except queries.WasteNotFound:
        abort(404)


def _load_round(round_id: int) -> WasteRound:
    try:
        return queries.get_round(
            db_session(), g.epci, round_id, for_update=request.method == "POST"
        )
    except queries.WasteNotFound:
        abort(404)


def describe_round(row: WasteRound, lang: str) -> dict[str, str]:
    """How the list of zones sums a round up: stream, when, holiday rule."""
    if row.recurrence == ON_DATES:
        count = len(row.dates)
        when = ngettext("On %(num)d date", "On %(num)d dates", count)
    elif row.every_weeks == 2:
        when = _("Every other %(day)s", day=weekday_name(row.weekday or 0, lang))
    else:
        when = _("Every %(day)s", day=weekday_name(row.weekday or 0, lang))
    if row.starts_on or row.ends_on:
        start = row.starts_on.strftime("%d/%m/%Y") if row.starts_on else "…"
        end = row.ends_on.strftime("%d/%m/%Y") if row.ends_on else "…"
        when = _("%(when)s, from %(start)s to %(end)s", when=when, start=start, end=end)
    return {
        "stream": _stream_label(row.stream),
        "when": when,
        "holiday_rule": _(HOLIDAY_RULES.get(row.holiday_rule, row.holiday_rule)),
    }


def _stream_label(key: str) -> str:
    return capitalise(_(STREAMS.get(key, key)))
