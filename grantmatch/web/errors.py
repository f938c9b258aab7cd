"""Error pages in the visitor's language (JSON for the API)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

# English titles double as the API's error codes; pages show the translated titles.
TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Page not found",
    405: "Method not allowed",
    413: "Too much data",
    415: "Unsupported content type",
    429: "Too many requests",
    500: "Something went wrong",
}
PAGE_TITLES = {
    400: _l("Bad request"),
    403: _l("Forbidden"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    413: _l("Too much data"),
    415: _l("Unsupported content type"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _render(code: int, message: str | None = None):  # type: ignore[no-untyped-def]
    if _wants_json():
        return jsonify(error={"code": TITLES.get(code, "error").lower().replace(" ", "_"),
                              "message": message or TITLES.get(code, "")}), code
    return render_template("error.html", code=code, title=str(PAGE_TITLES.get(code, PAGE_TITLES[500])), message=message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):  # type: ignore[no-untyped-def]
        return _render(400, gettext("The form expired or was not sent from this site. Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        message = {
            404: gettext("We could not find that page. It may have moved, or the address may be mistyped."),
            413: gettext("The request was too large."),
        }.get(code)
        return _render(code, message)

    @app.errorhandler(Exception)
    def _crash(error: Exception):  # type: ignore[no-untyped-def]
        app.logger.exception("unhandled error")
        return _render(500, gettext("An unexpected error happened. Please try again later."))
