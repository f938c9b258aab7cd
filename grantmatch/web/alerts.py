"""Alerts for staff (no account): subscribe from a results page, confirm, unsubscribe."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext

from grantmatch.runtime import secret_key
from grantmatch.services import alerts, outbox
from grantmatch.web.i18n import select_locale
from grantmatch.web.state import app_state, db_session

bp = Blueprint("alerts", __name__)

ERRORS = {
    "invalid-email": "Please enter a valid e-mail address.",
    "empty-query": "The search is empty; search first, then ask for alerts.",
    "query-too-long": "The search is too long to save.",
    "too-many": "Too many unconfirmed alerts for this address today. Check your e-mail for the confirmation link.",
}


def _cache():  # type: ignore[no-untyped-def]
    from grantmatch.web.staff import _cache as staff_cache

    return staff_cache()


@bp.post("/alerts")
def subscribe():  # type: ignore[no-untyped-def]
    config = app_state().runtime.config
    form = request.form
    session = db_session()
    try:
        alerts.subscribe(session, email=form.get("email", ""), query=form.get("q", ""),
                         applicant=form.get("applicant") or None, programme=form.get("programme") or None,
                         lang=select_locale(), base_url=config.base_url, max_query_chars=config.max_query_chars,
                         secret=secret_key(config))
    except alerts.AlertError as exc:
        message = gettext(ERRORS.get(str(exc), "The alert could not be saved."))
        return render_template("alerts/message.html", title=gettext("Alert not saved"), message=message,
                               back=request.form.get("q")), 400
    outbox.deliver_pending(session, outbox.smtp_settings(config.smtp))
    return render_template("alerts/message.html", title=gettext("Check your e-mail"),
                           message=gettext("We have sent a confirmation link. The alert starts when you click it."),
                           back=form.get("q"))


@bp.get("/alerts/confirm/<token>")
def confirm_form(token: str):  # type: ignore[no-untyped-def]
    # A GET only shows a button: mail scanners that open links must not confirm for the user.
    saved = alerts.find_pending(db_session(), token)
    if saved is None:
        abort(404)
    return render_template("alerts/confirm.html", saved=saved, token=token)


@bp.post("/alerts/confirm/<token>")
def confirm(token: str):  # type: ignore[no-untyped-def]
    cache = _cache().current(db_session())
    saved = alerts.confirm(db_session(), token, cache.matcher)
    if saved is None:
        abort(404)
    feed = url_for("api.saved_search_deadlines",
                   token=alerts.feed_token(saved, secret_key(app_state().runtime.config)), _external=True)
    return render_template("alerts/message.html", title=gettext("Alert confirmed"),
                           message=gettext("You will get an e-mail when new schemes match your search or a deadline "
                                           "is near. Every e-mail has a link to stop the alert."), back=saved.query,
                           calendar=feed)


@bp.route("/alerts/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):  # type: ignore[no-untyped-def]
    # One click: the link itself unsubscribes (and POST serves mail clients' one-click unsubscribe).
    removed = alerts.unsubscribe(db_session(), token, secret_key(app_state().runtime.config))
    if not removed:
        return render_template("alerts/message.html", title=gettext("Alert not found"),
                               message=gettext("This alert has already been stopped, or the link is not valid."),
                               back=None), 404
    return render_template("alerts/message.html", title=gettext("Alert stopped"),
                           message=gettext("Your alert and your e-mail address have been deleted."), back=None)
