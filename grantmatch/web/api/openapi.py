"""The OpenAPI 3.1 document of /api/v1, built from the schema constants (the single source).

``python -m grantmatch.web.api.openapi > docs/openapi.json`` regenerates the committed copy;
a test fails when that copy and :func:`render_document` differ.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from grantmatch.web.api import schemas

PREFIX = "/api/v1"
DEFAULT_RATE_LIMIT = 60
JSON = "application/json"


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description,
                                "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}}}
    if headers:
        response["headers"] = headers
    return response


ERROR_RESPONSES: dict[str, dict[str, Any]] = {
    "BadRequest": _error("Bad input: malformed JSON, a wrong field type, an unknown field or filter value, "
                         "or a page out of range. The message names the field."),
    "NotFound": _error("No such scheme (or no such path)."),
    "MethodNotAllowed": _error("The path exists but not with this method; the Allow header lists the methods.",
                               {"Allow": {"schema": {"type": "string"}, "required": True}}),
    "PayloadTooLarge": _error(f"The body is larger than {schemas.MAX_BODY_BYTES // 1024} KB."),
    "UnsupportedMediaType": _error("The body was not sent with Content-Type: application/json."),
    "TooManyRequests": _error("Over the per-client rate limit; retry after the given number of seconds.",
                              {"Retry-After": {"schema": {"type": "integer", "minimum": 1}, "required": True,
                                               "description": "Seconds to wait before retrying."}}),
    "ServerError": _error("An unexpected error (never caused by bad input)."),
}
_STATUS_REFS = {"400": "BadRequest", "404": "NotFound", "405": "MethodNotAllowed", "413": "PayloadTooLarge",
                "415": "UnsupportedMediaType", "429": "TooManyRequests", "500": "ServerError"}


def _responses(ok: dict[str, Any], *errors: str) -> dict[str, Any]:
    out: dict[str, Any] = {"200": ok}
    for status in sorted({*errors, "405", "500"}):
        out[status] = {"$ref": f"#/components/responses/{_STATUS_REFS[status]}"}
    return out


def _ok(description: str, media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {media_type: {"schema": schema}}}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _operation(operation_id: str, summary: str, description: str, responses: dict[str, Any],
               parameters: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": operation_id, "summary": summary, "description": description}
    if parameters:
        op["parameters"] = parameters
    op.update(extra)
    op["responses"] = responses
    return op


def _match_operation(max_query_chars: int, rate_limit: int) -> dict[str, Any]:
    limit = f"{rate_limit} requests per minute per client address" if rate_limit > 0 else "no rate limit"
    return _operation(
        "match", "Rank funding schemes for a project idea",
        f"Describe the project in your own words; the best-fitting schemes come first, each with why it "
        f"fits, the next deadline and the link-check status of its official page. Rate limit: {limit}.",
        _responses(_ok("Ranked schemes (an empty list with a message when nothing fits).", JSON,
                       _ref("MatchResponse")), "400", "413", "415", "429"),
        schemas.LANG_PARAMS,
        requestBody={"required": True,
                     "content": {JSON: {"schema": schemas.match_request(max_query_chars),
                                        "example": {"text": "Vi vil at 9. trinn skal besøke en skole i Italia "
                                                            "og jobbe med klima", "top": 5,
                                                    "applicant": "school", "lang": "en"}}}},
    )


def _paths(max_query_chars: int, rate_limit: int) -> dict[str, Any]:
    calendar = _ok("An iCalendar (RFC 5545) file; timed deadlines use TZID Europe/Oslo with its VTIMEZONE.",
                   "text/calendar", {"type": "string"})
    return {
        f"{PREFIX}/match": {"post": _match_operation(max_query_chars, rate_limit)},
        f"{PREFIX}/schemes": {"get": _operation(
            "listSchemes", "List schemes", "Full scheme records, filtered and paginated (ordered by programme, id).",
            _responses(_ok("One page of schemes.", JSON, _ref("SchemePage")), "400"), schemas.SCHEME_LIST_PARAMS)},
        f"{PREFIX}/schemes/{{scheme_id}}": {"get": _operation(
            "getScheme", "One scheme", "The full record of one scheme, with its link-check status.",
            _responses(_ok("The scheme.", JSON, _ref("Scheme")), "404"), [schemas.SCHEME_ID_PATH])},
        f"{PREFIX}/programmes": {"get": _operation(
            "listProgrammes", "List programme families", "Every programme family with its number of schemes.",
            _responses(_ok("The programme families.", JSON, _ref("ProgrammeList"))))},
        f"{PREFIX}/deadlines.ics": {"get": _operation(
            "deadlineFeed", "Calendar of upcoming deadlines",
            "Upcoming deadlines of all active schemes, optionally of one programme or one scheme.",
            _responses(calendar, "400"), schemas.FEED_PARAMS)},
        f"{PREFIX}/schemes/{{scheme_id}}/deadlines.ics": {"get": _operation(
            "schemeDeadlineFeed", "Calendar of one scheme's deadlines", "Upcoming deadlines of one scheme.",
            _responses(calendar, "400", "404"), [schemas.SCHEME_ID_PATH, *schemas.LANG_PARAMS])},
        f"{PREFIX}/saved-searches/{{token}}/deadlines.ics": {"get": _operation(
            "savedSearchDeadlineFeed", "Calendar of a saved search",
            "Upcoming deadlines of the schemes that match a confirmed saved search. The token is the "
            "calendar link shown when the alert is confirmed; unknown tokens are a 404.",
            _responses(calendar, "400", "404"), [schemas.FEED_TOKEN_PATH, *schemas.LANG_PARAMS])},
        f"{PREFIX}/openapi.json": {"get": _operation(
            "openapi", "This document", "The OpenAPI 3.1 description of the API.",
            _responses(_ok("The OpenAPI document.", JSON, {"type": "object"})))},
        f"{PREFIX}/docs": {"get": _operation(
            "docs", "Documentation page", "This document as a readable HTML page.",
            _responses(_ok("The documentation page.", "text/html", {"type": "string"})))},
    }


def build_document(max_query_chars: int = schemas.DEFAULT_MAX_QUERY_CHARS,
                   rate_limit: int = DEFAULT_RATE_LIMIT) -> dict[str, Any]:
    """The OpenAPI 3.1 document; the defaults give the committed docs/openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "grantmatch API",
            "version": "1.0.0",
            "summary": "Find external funding schemes for a project idea (Fredrikstad kommune).",
            "description": (
                "JSON over HTTP, UTF-8. Texts are in bokmål (nb) or English (en): choose with `lang` "
                "(query or match body) or the Accept-Language header; the default is nb. Every error is "
                "`{\"error\": {\"code\", \"message\"}}` with status 400 (bad input), 404, 405, 413 (body over "
                "1 MB), 415 (POST without application/json), 429 (rate limit, with Retry-After) or 500. "
                "CORS is off unless the deployment lists allowed origins."),
        },
        "paths": _paths(max_query_chars, rate_limit),
        "components": {"schemas": schemas.COMPONENT_SCHEMAS, "responses": ERROR_RESPONSES},
    }


def render_document(document: dict[str, Any] | None = None) -> str:
    """The document as the stable, pretty-printed JSON text committed in docs/openapi.json."""
    return json.dumps(document or build_document(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    sys.stdout.write(render_document())


if __name__ == "__main__":
    main()
