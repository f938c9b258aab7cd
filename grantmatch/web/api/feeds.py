"""iCalendar feeds of upcoming deadlines (for Outlook and other calendar clients)."""

from __future__ import annotations

import datetime as dt

from flask import Response, request

from grantmatch.services import api as api_service
from grantmatch.services import catalog as cat
from grantmatch.services.calendar import scheme_calendar
from grantmatch.web.api import bp, schemas
from grantmatch.web.api.http import ApiError, chosen_lang
from grantmatch.web.api.validation import query_values
from grantmatch.web.state import app_state, db_session


def _calendar(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@bp.get("/deadlines.ics")
def deadlines() -> Response:
    args = query_values(request.args, schemas.FEED_PARAMS)
    session = db_session()
    if args["programme"] is not None and args["programme"] not in api_service.programme_slugs(session):
        raise ApiError(400, f"parameter 'programme': {args['programme']!r} is not a known programme slug")
    if args["scheme"] is not None and not api_service.scheme_exists(session, args["scheme"]):
        raise ApiError(400, f"parameter 'scheme': {args['scheme']!r} is not a known scheme id")
    body = api_service.deadline_feed(session, programme=args["programme"], scheme=args["scheme"],
                                     lang=chosen_lang(), base_url=app_state().runtime.config.base_url,
                                     today=dt.date.today())
    return _calendar(body, "deadlines.ics")


@bp.get("/schemes/<scheme_id>/deadlines.ics")
def scheme_deadlines(scheme_id: str) -> Response:
    query_values(request.args, schemas.LANG_PARAMS)
    try:
        body = api_service.scheme_feed(db_session(), scheme_id, lang=chosen_lang(),
                                       base_url=app_state().runtime.config.base_url, today=dt.date.today())
    except cat.NotFound as exc:
        raise ApiError(404, str(exc)) from exc
    return _calendar(body, f"{scheme_id}.ics")


@bp.get("/saved-searches/<token>/deadlines.ics")
def saved_search_deadlines(token: str) -> Response:
    """Deadlines of the schemes that match a confirmed saved search (the token is its calendar link)."""
    from grantmatch.runtime import secret_key
    from grantmatch.services import alerts
    from grantmatch.web.staff import _cache

    query_values(request.args, schemas.LANG_PARAMS)
    session = db_session()
    config = app_state().runtime.config
    saved = alerts.find_by_feed_token(session, token, secret_key(config))
    if saved is None:
        raise ApiError(404, "no confirmed saved search has this calendar link")
    state = _cache().current(session)
    ids = alerts.matching_schemes(state.matcher, saved)
    body = scheme_calendar([state.records[i] for i in ids if i in state.records], lang=chosen_lang(),
                           base_url=config.base_url, today=dt.date.today())
    return _calendar(body, "saved-search.ics")
