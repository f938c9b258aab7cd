"""The public JSON API under /api/v1 (one blueprint; the views only validate, call a service, wrap).

Registering the blueprint also creates the app's rate limiter and installs an
after-request hook that adds CORS headers (when configured) and the ``Allow`` header of
405 answers for every /api/v1 response, including routing errors.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from grantmatch.web.api import cors, ratelimit
from grantmatch.web.api.http import ApiError, error_response
from grantmatch.web.api.validation import InvalidInput

PREFIX = "/api/v1"

bp = Blueprint("api", __name__)


@bp.record_once
def _init(state: BlueprintSetupState) -> None:
    app: Flask = state.app
    ratelimit.init_app(app, app.config["GRANTMATCH"].api_rate_limit)


@bp.after_app_request
def _api_headers(response: Response) -> Response:
    if not request.path.startswith(PREFIX + "/") and request.path != PREFIX:
        return response
    routing_error = request.routing_exception
    if response.status_code == 405 and isinstance(routing_error, MethodNotAllowed) and routing_error.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(routing_error.valid_methods))
    return cors.apply(request, response, current_app.config["GRANTMATCH"].cors_origins)


@bp.errorhandler(ApiError)
def _api_error(error: ApiError) -> Response:
    return error_response(error.status, error.message, error.headers)


@bp.errorhandler(InvalidInput)
def _invalid(error: InvalidInput) -> Response:
    return error_response(400, str(error))


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Any:
    code = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return error_response(code, error.description or "", headers)


from grantmatch.web.api import feeds, meta, routes  # noqa: E402,F401  (register the views)
