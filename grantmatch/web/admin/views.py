"""Coordinator routes: login, logout and the dashboard."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import login_required, login_user, logout_user

from grantmatch.services import catalog as cat
from grantmatch.services import users
from grantmatch.web.admin import bp
from grantmatch.web.auth import LOCKOUT_WINDOW, LoginForm, LoginUser, safe_next
from grantmatch.web.state import app_state, db_session


def _throttle_key(email: str) -> str:
    return f"{request.remote_addr or '?'}|{users.normalise_email(email)}"


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        session = db_session()
        key = _throttle_key(form.email.data or "")
        limit = app_state().runtime.config.login_max_attempts
        if users.recent_failures(session, key, LOCKOUT_WINDOW) >= limit:
            flash(gettext("Too many failed attempts. Wait 15 minutes and try again."), "error")
            return render_template("admin/login.html", form=form), 429
        user = users.authenticate(session, form.email.data or "", form.password.data or "")
        if user is None:
            users.record_failure(session, key)
            flash(gettext("Wrong e-mail or password."), "error")
            status = 401
        else:
            users.clear_failures(session, key)
            login_user(LoginUser(user))
            return redirect(safe_next(request.args.get("next")) or url_for("admin.dashboard"))
    elif request.method == "POST":
        status = 400
    return render_template("admin/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    flash(gettext("You are logged out."), "info")
    return redirect(url_for("staff.index"))


@bp.get("/")
def dashboard() -> str:
    session = db_session()
    return render_template("admin/dashboard.html", schemes=cat.count_schemes(session),
                           recent=cat.history(session, limit=10))
