"""Flask-Login wiring: the cookie carries ``user_id:session_token``; rotating the token
server-side (logout, password change) makes every copy of an old cookie worthless."""

from __future__ import annotations

import hmac

from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from app.models import User

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to continue.")
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    from app.web.database import db_session

    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdigit() or not token:
        return None
    user = db_session().get(User, int(raw_id))
    if user is None or not user.is_active:
        return None
    return user if hmac.compare_digest(user.session_token, token) else None
