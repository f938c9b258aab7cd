"""Production behaviour: structured request logs, metrics, health, security headers, secret key."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from grantmatch.config import PROJECT_ROOT, Config, ENV_DEFAULTS
from grantmatch.observability import JsonFormatter
from grantmatch.runtime import open_runtime, prepare_database
from grantmatch.web import create_app
from tests.conftest import make_config


@pytest.fixture
def app(sqlite_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    config = make_config(sqlite_url, tmp_path)
    runtime = open_runtime(config)
    prepare_database(runtime)
    return create_app(config, runtime=runtime)


def test_every_request_logs_one_json_line_without_the_search_text(app) -> None:  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("grantmatch.request")
    logger.addHandler(handler)
    try:
        app.test_client().get("/search?q=hemmelig+prosjekt+med+Malawi")
        app.test_client().get("/healthz")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(entry["path"], entry["status"]) for entry in lines] == [("/search", 200), ("/healthz", 200)]
    assert all(entry["event"] == "request" and entry["duration_ms"] >= 0 for entry in lines)
    assert "hemmelig" not in stream.getvalue()


def test_metrics_count_searches_and_report_database_totals(app) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.get("/search?q=skoleutveksling")
    client.get("/search?q=klima")
    body = client.get("/metrics").get_data(as_text=True)
    assert "grantmatch_searches_total{pid=" in body and "} 2\n" in body
    assert "grantmatch_link_runs 0" in body and "grantmatch_schemes " in body


def test_health_reports_the_catalogue(app) -> None:  # type: ignore[no-untyped-def]
    health = app.test_client().get("/healthz").get_json()
    assert health["status"] == "ok" and health["schemes"] >= 35


def test_security_headers(app) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_production_refuses_to_start_without_a_secret_key(sqlite_url: str, tmp_path: Path) -> None:
    config = make_config(sqlite_url, tmp_path, secret_key=None, testing=False, debug=False)
    with pytest.raises(RuntimeError, match="GRANTMATCH_SECRET_KEY"):
        create_app(config)
    debug = create_app(make_config(sqlite_url, tmp_path, secret_key=None, testing=False, debug=True))
    assert len(debug.config["SECRET_KEY"]) == 64
    again = create_app(make_config(sqlite_url, tmp_path, secret_key=None, testing=False, debug=True))
    assert again.config["SECRET_KEY"] == debug.config["SECRET_KEY"]  # kept in the instance folder


def test_config_from_environment() -> None:
    config = Config.from_env({"GRANTMATCH_DATABASE_URL": "postgresql+psycopg://u@h/db",
                              "GRANTMATCH_REPORT_TO": "a@x.no, b@x.no", "GRANTMATCH_LINKCHECK_ALLOW_PRIVATE": "1",
                              "GRANTMATCH_DEBUG": "1"})
    assert config.database_url == "postgresql+psycopg://u@h/db"
    assert config.report_to == ("a@x.no", "b@x.no")
    assert config.linkcheck.allow_private and config.debug and not config.session_cookie_secure
    assert Config.from_env({}).session_cookie_secure


def test_readme_documents_every_setting() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in ENV_DEFAULTS if name not in readme and name.rsplit("_", 1)[0] + "_" not in readme]
    assert missing == []
