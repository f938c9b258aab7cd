"""The Flask app factory: ``create_app(config)`` is the only way to build the web app."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from flask import Flask, g, request

from grantmatch.config import Config
from grantmatch.runtime import Runtime, open_runtime, secret_key
from grantmatch.web import i18n
from grantmatch.web.extensions import babel, csrf, login_manager
from grantmatch.observability import configure_logging
from grantmatch.web.state import AppState, app_state

request_log = logging.getLogger("grantmatch.request")

MAX_REQUEST_BYTES = 2 * 1024 * 1024  # uploads of a catalogue sheet; the API caps JSON at 1 MB itself


def create_app(config: Config | None = None, *, runtime: Runtime | None = None) -> Flask:
    """Build the app. Tests pass their own ``config``; production reads the environment."""
    config = config or Config.from_env()
    configure_logging()
    runtime = runtime or open_runtime(config)
    app = Flask(__name__, instance_path=str(config.instance_path))
    _configure(app, config)
    _register_extensions(app)
    app.extensions["grantmatch"] = AppState(runtime=runtime)
    _register_blueprints(app)
    _register_hooks(app)
    from grantmatch.web import auth  # noqa: F401  (registers the user loader)
    from grantmatch.web import errors, format

    errors.register(app)
    format.register(app)
    return app


def _configure(app: Flask, config: Config) -> None:
    app.config.update(
        SECRET_KEY=secret_key(config),
        TESTING=config.testing,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.session_cookie_secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=config.session_cookie_secure,
        WTF_CSRF_ENABLED=config.wtf_csrf_enabled,
        WTF_CSRF_TIME_LIMIT=None,  # a coordinator may keep an edit form open all day
        BABEL_DEFAULT_LOCALE=i18n.DEFAULT_LANGUAGE,
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        GRANTMATCH=config,
    )


def _register_extensions(app: Flask) -> None:
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.session_protection = "strong"


def _register_blueprints(app: Flask) -> None:
    from grantmatch.web.admin import bp as admin_bp
    from grantmatch.web.staff import bp as staff_bp

    from grantmatch.web.alerts import bp as alerts_bp
    from grantmatch.web.ops import bp as ops_bp

    app.register_blueprint(staff_bp)
    app.register_blueprint(alerts_bp)
    app.register_blueprint(ops_bp)
    from grantmatch.web.partners import bp as partners_bp

    app.register_blueprint(partners_bp)
    from grantmatch.web.register import bp as register_bp

    app.register_blueprint(register_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    from grantmatch.web.api import bp as api_bp

    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)


def _log_request(response: Any) -> None:
    """One JSON line per request; the path only (search text may hold personal details)."""
    started = g.get("started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    request_log.info("%s %s %s", request.method, request.path, response.status_code,
                     extra={"event": "request", "method": request.method, "path": request.path,
                            "endpoint": request.endpoint, "status": response.status_code, "duration_ms": duration})
    app_state().counters.add("http_requests")


def _register_hooks(app: Flask) -> None:
    @app.before_request
    def _pick_language() -> None:
        g.started = time.perf_counter()
        i18n.select_locale()

    @app.after_request
    def _headers(response: Any) -> Any:
        # Remember an explicit language choice.
        chosen = request.args.get("lang")
        if chosen in i18n.LANGUAGES:
            response.set_cookie(i18n.COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                                secure=app.config["SESSION_COOKIE_SECURE"], httponly=True)
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        _log_request(response)
        return response

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()

    @app.context_processor
    def _template_helpers() -> dict[str, Any]:
        return {"pick": i18n.pick, "current_lang": i18n.select_locale(), "languages": i18n.LANGUAGES,
                "lang_url": i18n.lang_url}
