"""JSON endpoints: matching, the scheme catalogue and the programme families."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from grantmatch.matcher import QueryTooLong
from grantmatch.services import api as api_service
from grantmatch.services import catalog as cat
from grantmatch.services import search as search_service
from grantmatch.web.api import bp, ratelimit, schemas
from grantmatch.web.api.http import ApiError, chosen_lang, client_key, json_body
from grantmatch.web.api.validation import query_values, validate, with_defaults
from grantmatch.web.state import app_state, db_session


def _cache() -> search_service.MatcherCache:
    """The app's matcher index, shared with the staff pages."""
    return app_state().cache.setdefault("matcher", search_service.MatcherCache())


def _check_programme(programme: str | None, where: str) -> None:
    if programme is not None and programme not in api_service.programme_slugs(db_session()):
        raise ApiError(400, f"{where} {programme!r} is not a known programme slug (see /api/v1/programmes)")


def _limit_rate() -> None:
    wait = ratelimit.retry_after(client_key())
    if wait is not None:
        raise ApiError(429, f"too many requests; try again in {wait} seconds", {"Retry-After": str(wait)})


@bp.post("/match")
def match() -> Response:
    _limit_rate()
    config = app_state().runtime.config
    query_values(request.args, schemas.LANG_PARAMS)
    body = json_body()
    request_schema = schemas.match_request(config.max_query_chars)
    validate(body, request_schema)
    values: dict[str, Any] = with_defaults(body, request_schema)
    _check_programme(values.get("programme"), "field 'programme':")
    search_request = search_service.SearchRequest(
        text=values["text"], applicant=values.get("applicant"), programme=values.get("programme"),
        include_closed=values["include_closed"], top=values["top"])
    try:
        result = api_service.match(db_session(), _cache(), search_request, chosen_lang(body.get("lang")))
    except QueryTooLong as exc:
        raise ApiError(400, str(exc)) from exc
    return jsonify(result)


@bp.get("/schemes")
def schemes() -> Response:
    args = query_values(request.args, schemas.SCHEME_LIST_PARAMS)
    _check_programme(args["programme"], "parameter 'programme':")
    filters = api_service.SchemeFilters(programme=args["programme"], status=args["status"],
                                        applicant=args["applicant"], q=args["q"])
    try:
        page = api_service.scheme_page(db_session(), filters, args["page"], args["per_page"])
    except api_service.PageOutOfRange as exc:
        raise ApiError(400, str(exc)) from exc
    return jsonify(items=page.items, page=page.page, per_page=page.per_page, total=page.total)


@bp.get("/schemes/<scheme_id>")
def scheme(scheme_id: str) -> Response:
    try:
        return jsonify(api_service.scheme_detail(db_session(), scheme_id))
    except cat.NotFound as exc:
        raise ApiError(404, str(exc)) from exc


@bp.get("/programmes")
def programmes() -> Response:
    return jsonify(items=api_service.programme_summaries(db_session()))
