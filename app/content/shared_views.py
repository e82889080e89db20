"""A commune hides, or shows again, an item its intercommunality shares."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.content.errors import NotAllowed
from app.content.kinds import kind_named
from app.content.sharing import SharedItemNotFound, set_shared_item_hidden
from app.web.database import db_session

bp = Blueprint("shared", __name__, url_prefix="/shared")


@bp.route("/<content_type>/<int:item_id>/<any(hide, show):action>", methods=["POST"])
def toggle(content_type: str, item_id: int, action: str):
    kind = kind_named(content_type)
    if kind is None or kind.shared_to_site is None:
        abort(404)
    hidden = action == "hide"
    try:
        set_shared_item_hidden(
            db_session(),
            g.commune,
            kind.model,
            item_id,
            hidden=hidden,
            user=current_user,
            role=g.role,
        )
    except SharedItemNotFound:
        abort(404)
    except NotAllowed:
        abort(403)
    if hidden:
        flash(_("Hidden on your site. The site will be updated in a few seconds."), "success")
    else:
        flash(_("Shown again on your site. The site will be updated in a few seconds."), "success")
    return redirect(url_for(f"commune.{kind.screens}.index"))
