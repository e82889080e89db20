"""Sign in, sign out, accept an invitation, change password or language."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import services, throttling
from app.accounts.forms import ChangePasswordForm, LanguageForm, LoginForm, SetPasswordForm
from app.web.database import db_session, get_database
from app.web.security import is_safe_next

bp = Blueprint("accounts", __name__, url_prefix="/admin")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if request.method == "GET" or not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("accounts/login.html", form=form), status
    ip = request.remote_addr or "unknown"
    email = form.email.data
    try:
        attempt = _reserve_attempt(email, ip)
        # The slow password check reads only: it must not hold the database's write lock.
        with get_database().session() as reader:
            user_id = services.check_credentials(reader, email, form.password.data)
    except throttling.TooManyAttempts as error:
        form.password.errors.append(_("Too many failed attempts. Try again in a few minutes."))
        headers = {"Retry-After": str(error.retry_after)}
        return render_template("accounts/login.html", form=form), 429, headers
    except services.InvalidCredentials:
        form.password.errors.append(_("Wrong e-mail address or password."))
        return render_template("accounts/login.html", form=form), 401
    login_user(services.record_sign_in(db_session(), user_id, form.password.data, attempt))
    target = form.next.data
    return redirect(target if is_safe_next(target) else url_for("platform.home"))


def _reserve_attempt(email: str, ip: str) -> throttling.Attempt:
    # The attempt counts as a failure until the password proves right: in its own committed
    # transaction, after ending the request's (which holds the write lock if a signed-in
    # visitor's account was loaded).
    db_session().rollback()
    with get_database().unit_of_work() as session:
        return services.reserve_sign_in(session, email, ip)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.end_sessions(current_user)
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invitation = services.pending_invitation(db_session(), token)
    except services.InvalidInvitation as error:
        message = error.translate(_)
        return render_template("accounts/invitation_invalid.html", message=message), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(db_session(), token, form.password.data)
        except services.AccountError as error:
            form.password.errors.append(error.translate(_))
        else:
            logout_user()
            login_user(user)
            flash(_("Your password is set. Welcome!"), "success")
            return redirect(url_for("platform.home"))
    status = 400 if request.method == "POST" else 200
    email = invitation.user.email
    return render_template("accounts/invitation.html", form=form, email=email), status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    language_form = LanguageForm(locale=current_user.locale or "fr")
    if form.validate_on_submit():
        try:
            services.change_password(
                db_session(), current_user, form.current.data, form.password.data
            )
        except services.AccountError as error:
            getattr(form, error.field or "current").errors.append(error.translate(_))
        else:
            login_user(current_user._get_current_object())  # a fresh cookie; older ones are dead
            flash(_("Your password was changed. Other sessions were signed out."), "success")
            return redirect(url_for("accounts.account"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/account.html", form=form, language_form=language_form), status


@bp.route("/account/language", methods=["POST"])
@login_required
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        current_user.locale = form.locale.data
    return redirect(url_for("accounts.account"))
