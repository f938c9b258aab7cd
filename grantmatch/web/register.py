"""Public pages of the project register and staff ideas (no login).

``/projects`` lists the register from stage planning on (ideas are internal, contact
details never shown); ``/projects/overview`` is the yearly overview for the council with
its CSV/XLSX export; ``POST /ideas`` sends an idea to the international coordinator and
``/ideas/<token>`` lets the sender follow it (a capability URL, no account).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_decimal, get_locale, gettext, lazy_gettext as _l

from grantmatch.catalog import register as reg
from grantmatch.services import catalog as cat
from grantmatch.services import ideas as ideas_service
from grantmatch.services import outbox
from grantmatch.services import overview as overview_service
from grantmatch.services import register as register_service
from grantmatch.web.i18n import pick, select_locale
from grantmatch.web.register_charts import hbars
from grantmatch.web.state import app_state, db_session

bp = Blueprint("register", __name__)

STAGE_LABELS = {
    "idea": _l("Idea"), "planning": _l("Planning"), "applied": _l("Applied"), "granted": _l("Granted"),
    "rejected": _l("Not granted"), "running": _l("Running"), "finished": _l("Finished"), "evaluated": _l("Evaluated"),
}
THEME_LABELS = {
    "education": _l("Education"), "culture": _l("Culture"), "arts": _l("Arts"), "youth": _l("Youth"),
    "climate": _l("Climate"), "environment": _l("Environment"), "energy": _l("Energy"), "health": _l("Health"),
    "inclusion": _l("Inclusion"), "mobility": _l("Exchange and mobility"), "digital": _l("Digital"),
    "innovation": _l("Innovation"), "heritage": _l("Cultural heritage"), "urban-development": _l("Urban development"),
    "local-development": _l("Local development"), "twinning": _l("Twin towns"),
    "global-development": _l("Global development"), "preparedness": _l("Emergency preparedness"),
    "tourism": _l("Tourism"), "democracy": _l("Democracy"), "participation": _l("Participation"),
    "circular-economy": _l("Circular economy"), "language": _l("Language"), "maritime": _l("Sea and coast"),
    "research": _l("Research"),
}
IDEA_ERRORS = {
    "required": _l("This field is required."),
    "control-chars": _l("Line breaks and control characters are not allowed here."),
    "too-long": _l("This is too long."),
    "invalid-email": _l("Please enter a valid e-mail address."),
    "unknown-scheme": _l("One of the chosen schemes is not in the catalogue."),
    "too-many": _l("Too many ideas from this address today. Please try again tomorrow."),
}


def theme_label(slug: str) -> str:
    if slug == overview_service.NO_AREA:
        return gettext("No area")
    return str(THEME_LABELS.get(slug, slug.replace("-", " ").capitalize()))


def country_name(code: str) -> str:
    locale = get_locale()
    return (locale.territories.get(code) if locale else None) or code


def tag_label(slug: str) -> str:
    if slug == overview_service.NO_TAG:
        return gettext("Not tagged")
    return pick(reg.PLAN_TAGS_BY_SLUG[slug]["label"]) if slug in reg.PLAN_TAGS_BY_SLUG else slug


@bp.app_template_filter("money")
def _money(value: float | int | None) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    return format_decimal(value, format="#,##0")


@bp.app_context_processor
def _register_helpers() -> dict[str, Any]:
    return {"STAGE_LABELS": STAGE_LABELS, "theme_label": theme_label, "country_name": country_name,
            "plan_tag_label": tag_label}


def _programme_names(lang: str | None = None) -> dict[str, str]:
    return {p["slug"]: pick(p.get("name"), lang) for p in cat.programmes(db_session())}


@bp.get("/projects")
def projects() -> str:
    args = request.args
    chosen = {key: (args.get(key) or None) for key in ("theme", "programme", "country", "stage")}
    data = register_service.public_register(db_session(), **chosen)
    return render_template("register/projects.html", data=data, chosen=chosen, programme_names=_programme_names())


def _year() -> int:
    raw = request.args.get("year", "")
    if raw.isdigit() and 1900 <= int(raw) <= 2100:
        return int(raw)
    return dt.date.today().year


@bp.get("/projects/overview")
def overview() -> str:
    year = _year()
    data = overview_service.overview(db_session(), year)
    names = _programme_names()
    charts = {
        "tags": hbars([(tag_label(s), [n]) for s, n in data.per_tag], [gettext("Projects")],
                      title=gettext("Projects per goal and main direction, %(year)s", year=year), chart_id="chart-tags"),
        "areas": hbars([(theme_label(a), [n]) for a, n in data.per_area], [gettext("Projects")],
                       title=gettext("Projects per area, %(year)s", year=year), chart_id="chart-areas"),
        "programmes": hbars([(names.get(r.programme, r.programme), [r.applications, r.granted])
                             for r in data.per_programme], [gettext("Applications"), gettext("Granted")],
                            title=gettext("Applications per programme, %(year)s", year=year),
                            chart_id="chart-programmes"),
        "money": {currency: hbars([(str(m.year), [m.asked, m.granted]) for m in data.money if m.currency == currency],
                                  [gettext("Asked"), gettext("Granted")],
                                  title=gettext("Money asked and granted per year (%(currency)s)", currency=currency),
                                  chart_id=f"chart-money-{currency.lower()}")
                  for currency in sorted({m.currency for m in data.money})},
    }
    return render_template("register/overview.html", data=data, charts=charts, programme_names=names)


@bp.get("/projects/overview.<fmt>")
def overview_export(fmt: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        abort(404)
    year = _year()
    data = overview_service.overview(db_session(), year)
    names = _programme_names("nb")
    if fmt == "csv":
        body, mimetype = overview_service.export_csv(data, names), "text/csv; charset=utf-8"
    else:
        body = overview_service.export_xlsx(data, names)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"internasjonale-prosjekter-{year}.{fmt}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- ideas ---------------------------------------------------------------------------------

def _offered(values: Any) -> list[dict[str, Any]]:
    """The schemes the form offered (posted back as ``offered``), as they are in the catalogue."""
    session = db_session()
    out = []
    for scheme_id in list(dict.fromkeys(values.getlist("offered")))[:ideas_service.MAX_SCHEMES]:
        try:
            row = cat.get_entity(session, "scheme", scheme_id)
        except cat.NotFound:
            continue
        out.append({"id": row.id, "name": row.data.get("name")})
    return out


@bp.post("/ideas")
def send_idea() -> tuple[str, int] | str:
    config = app_state().runtime.config
    session = db_session()
    form = request.form
    try:
        idea, _token = ideas_service.submit(session, form, form.getlist("schemes"), lang=select_locale(),
                                            base_url=config.base_url, coordinator=config.idea_recipients)
    except ideas_service.IdeaRejected as exc:
        session.rollback()
        errors = {field: str(IDEA_ERRORS.get(code, code)) for field, code in exc.errors.items()}
        return render_template("register/idea_form.html", idea_values=form, idea_errors=errors,
                               idea_options=_offered(form)), 400
    outbox.deliver_pending(session, outbox.smtp_settings(config.smtp))
    return render_template("register/idea_sent.html", idea=idea)


@bp.get("/ideas/<token>")
def idea_status(token: str) -> str:
    session = db_session()
    idea = ideas_service.find(session, token)
    if idea is None:
        abort(404)
    names = {}
    for scheme_id in idea.schemes or []:
        try:
            names[scheme_id] = cat.get_entity(session, "scheme", scheme_id).data.get("name")
        except cat.NotFound:
            names[scheme_id] = scheme_id
    return render_template("register/idea_status.html", state=ideas_service.status(session, idea),
                           scheme_names=names)
