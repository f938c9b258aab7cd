"""Staff pages (no login): search, results, the catalogue and one page per scheme."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from flask_babel import gettext

from grantmatch.matcher import QueryTooLong
from grantmatch.services import catalog as cat
from grantmatch.services import linkhealth
from grantmatch.services import search as search_service
from grantmatch.services.calendar import scheme_calendar
from grantmatch.web.format import APPLICANT_LABELS
from grantmatch.web.i18n import select_locale
from grantmatch.web.state import app_state, db_session

bp = Blueprint("staff", __name__)

FILTER_APPLICANTS = ("school", "kindergarten", "municipality", "culture-institution", "youth-group", "ngo",
                     "county", "university", "company")
EXAMPLES = {
    "nb": (
        "Vi vil at 9. trinn skal besøke en skole i Italia og jobbe med klima",
        "Kulturskolen vil sende to unge instruktører til Malawi i et år",
        "Felles prosjekt med Strömstad om sentrumsutvikling og handel",
        "Barnehagen vil samarbeide med barnehager i Sverige og Danmark om lesing",
        "Rydde marint avfall langs kysten sammen med danske og svenske kommuner",
    ),
    "en": (
        "Our year 9 pupils want to visit a school in Italy and work on climate",
        "The arts school wants to send two young instructors to Malawi for a year",
        "Joint town-centre project with Strömstad in Sweden",
        "Our kindergarten wants to work with kindergartens in Sweden and Denmark on reading",
        "Clean up marine litter along the coast with Danish and Swedish municipalities",
    ),
}


def _cache() -> search_service.MatcherCache:
    state = app_state()
    return state.cache.setdefault("matcher", search_service.MatcherCache())


def _form_options() -> dict:
    session = db_session()
    return {
        "applicants": [(a, APPLICANT_LABELS[a]) for a in FILTER_APPLICANTS],
        "programmes": cat.programmes(session),
        "examples": EXAMPLES[select_locale()],
    }


@bp.get("/")
def index() -> str:
    return render_template("staff/index.html", form=request.args, page=None, error=None, **_form_options())


@bp.get("/search")
def search() -> tuple[str, int] | str:
    text = request.args.get("q", "")
    config = app_state().runtime.config
    form = request.args
    if len(text) > config.max_query_chars:
        error = gettext("The description is too long (%(length)s characters). Please shorten it to at most "
                        "%(limit)s characters.", length=len(text), limit=config.max_query_chars)
        return render_template("staff/index.html", form={}, page=None, error=error, **_form_options()), 400
    if not text.strip():
        error = gettext("Describe your project idea in a few sentences, then search.")
        return render_template("staff/index.html", form=form, page=None, error=error, **_form_options())
    search_request = search_service.SearchRequest(
        text=text,
        applicant=form.get("applicant") or None,
        programme=form.get("programme") or None,
        only_open=form.get("open") == "1",
    )
    app_state().counters.add("searches")
    try:
        page = search_service.search(db_session(), _cache(), search_request)
    except QueryTooLong as exc:
        return render_template("staff/index.html", form={}, page=None, error=str(exc), **_form_options()), 400
    return render_template("staff/index.html", form=form, page=page, error=None,
                           link_statuses=linkhealth.latest_statuses(db_session()), **_form_options())


@bp.get("/search/export.<fmt>")
def search_export(fmt: str) -> Response:
    """The current result list as CSV or XLSX (same query string as /search)."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    text = request.args.get("q", "")
    if not text.strip() or len(text) > app_state().runtime.config.max_query_chars:
        abort(400)
    search_request = search_service.SearchRequest(
        text=text, applicant=request.args.get("applicant") or None,
        programme=request.args.get("programme") or None, only_open=request.args.get("open") == "1")
    page = search_service.search(db_session(), _cache(), search_request)
    today = dt.date.today()
    body = search_service.export_results(page, fmt, select_locale(), request.url_root.rstrip("/"), today)
    mimetype = "text/csv; charset=utf-8" if fmt == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"tilskudd-{today.isoformat()}.{fmt}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/schemes")
def schemes() -> str:
    session = db_session()
    rows = cat.list_schemes(session)
    programmes = {p["slug"]: p for p in cat.programmes(session)}
    return render_template("staff/schemes.html", schemes=[cat.record_with_meta(r) for r in rows], programmes=programmes)


def _scheme_or_404(scheme_id: str):  # type: ignore[no-untyped-def]
    try:
        return cat.get_entity(db_session(), "scheme", scheme_id)
    except cat.NotFound:
        abort(404)


@bp.get("/schemes/<scheme_id>")
def scheme(scheme_id: str) -> str:
    session = db_session()
    record = cat.record_with_meta(_scheme_or_404(scheme_id))
    programmes = {p["slug"]: p for p in cat.programmes(session)}
    projects = [cat.record_with_meta(p) for p in cat.list_projects(session)
                if p.scheme_id == scheme_id or (p.scheme_id is None and p.programme == record["programme"])]
    successor = None
    if record.get("successor"):
        try:
            successor = cat.record_with_meta(cat.get_entity(session, "scheme", record["successor"]))
        except cat.NotFound:
            successor = None  # a dangling successor is a data error, not a reason to fail the page
    return render_template("staff/scheme.html", scheme=record, programme=programmes.get(record["programme"]),
                           projects=projects, successor=successor, link_statuses=linkhealth.latest_statuses(session),
                           similar=search_service.similar_schemes(session, _cache(), scheme_id),
                           partner_fit=_cache().current(session).network.fit(record, select_locale()))


@bp.get("/schemes/<scheme_id>/deadlines.ics")
def scheme_ics(scheme_id: str) -> Response:
    body = scheme_calendar([_scheme_or_404(scheme_id).data], lang=select_locale(), base_url=request.url_root.rstrip("/"),
                           today=dt.date.today())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{scheme_id}.ics"'})


@bp.get("/healthz")
def healthz() -> Response:
    session = db_session()
    try:
        count = cat.count_schemes(session)
        version = cat.catalog_version(session)
    except Exception as exc:  # report, do not raise: this is what load balancers poll
        response = jsonify(status="error", error=type(exc).__name__)
        response.status_code = 503
        return response
    return jsonify(status="ok", schemes=count, catalog_version=version, links=url_for("staff.schemes"))
