"""CORS for the API: off unless GRANTMATCH_CORS_ORIGINS lists origins; only those origins are allowed."""

from __future__ import annotations

from flask import Request, Response

ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Content-Type, Accept-Language"
EXPOSED_HEADERS = "Retry-After"
PREFLIGHT_MAX_AGE = "600"


def apply(request: Request, response: Response, origins: tuple[str, ...]) -> Response:
    """Add CORS headers for an allowed ``Origin`` (preflight answers included); otherwise add none."""
    if not origins:
        return response
    response.vary.add("Origin")
    origin = (request.headers.get("Origin") or "").rstrip("/")
    if origin not in origins:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response
