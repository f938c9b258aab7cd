"""Request and response helpers shared by the API views: JSON errors, the JSON body, language."""

from __future__ import annotations

import json
from typing import Any, Mapping

from flask import Response, jsonify, request

from grantmatch.web.api.schemas import MAX_BODY_BYTES
from grantmatch.web.api.validation import InvalidInput
from grantmatch.web.errors import TITLES
from grantmatch.web.i18n import LANGUAGES, select_locale


class ApiError(Exception):
    """An error answer: HTTP status, message and optional extra headers (e.g. Retry-After)."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, dict(headers or {})


def error_code(status: int) -> str:
    """The same codes the app-wide handler uses for /api/ paths (bad_request, page_not_found, ...)."""
    return TITLES.get(status, "error").lower().replace(" ", "_")


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    response = jsonify(error={"code": error_code(status), "message": message})
    response.status_code = status
    response.headers.update(dict(headers or {}))
    return response


def _reject_constant(name: str) -> Any:
    raise InvalidInput(f"{name} is not valid JSON")


def json_body() -> Any:
    """The parsed JSON body; 415 for another content type, 413 over 1 MB, 400 for malformed JSON."""
    if request.mimetype != "application/json":
        raise ApiError(415, "send the body as JSON with Content-Type: application/json")
    too_large = f"the body is larger than {MAX_BODY_BYTES // 1024} KB"
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise ApiError(413, too_large)
    data = request.stream.read(MAX_BODY_BYTES + 1)  # also catches chunked bodies without a length
    if len(data) > MAX_BODY_BYTES:
        raise ApiError(413, too_large)
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise ApiError(400, "the body is not valid UTF-8") from exc
    except InvalidInput as exc:
        raise ApiError(400, str(exc)) from exc
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, f"the body is not valid JSON: {exc}") from exc


def chosen_lang(explicit: str | None = None) -> str:
    """Text language: an explicit choice (body), else ?lang=, else Accept-Language (default nb)."""
    if explicit in LANGUAGES:
        return explicit  # type: ignore[return-value]
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        return wanted
    return select_locale()


def client_key() -> str:
    return request.remote_addr or "unknown"
