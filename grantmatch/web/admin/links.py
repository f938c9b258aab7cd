"""The link-health dashboard: status per URL, since when, schemes affected, runs over time."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from markupsafe import Markup

from grantmatch.services import linkhealth, outbox
from grantmatch.web.admin import bp
from grantmatch.web.charts import Bar, stacked_bars
from grantmatch.web.state import app_state, db_session

STATUS_ORDER = {"broken": 0, "unreachable": 1, "uncertain": 2, "redirect": 3, "ok": 4, None: 5}


@bp.get("/links")
def links():  # type: ignore[no-untyped-def]
    session = db_session()
    usages = linkhealth.catalog_usages(session)
    statuses = linkhealth.latest_statuses(session)
    rows = sorted(
        ({"url": url, "usages": uses, "state": statuses.get(url)} for url, uses in usages.items()),
        key=lambda row: (STATUS_ORDER.get(row["state"].status if row["state"] else None, 5), row["url"]),
    )
    runs = linkhealth.recent_runs(session)
    bars = [Bar(run.started_at.strftime("%d.%m"), dict(run.counts or {})) for run in runs]
    chart = Markup(stacked_bars(bars, title=gettext("Link status per run"))) if runs else None  # noqa: S704 - built from escaped parts
    return render_template("admin/links.html", rows=rows, runs=runs, chart=chart,
                           unsent=linkhealth.unsent_reports(session), last_report=linkhealth.last_report(session))


@bp.post("/links/send-reports")
def send_reports():  # type: ignore[no-untyped-def]
    config = app_state().runtime.config
    result = outbox.deliver_pending(db_session(), outbox.smtp_settings(config.smtp))
    if result.waiting:
        flash(gettext("%(sent)s sent; %(waiting)s still waiting (check the mail server settings).",
                      sent=result.sent, waiting=result.waiting), "error")
    else:
        flash(ngettext("%(num)d report sent.", "%(num)d reports sent.", result.sent), "success")
    return redirect(url_for("admin.links"))

