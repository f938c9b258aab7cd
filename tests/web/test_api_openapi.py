"""The OpenAPI document: committed copy in step with the code, complete, and its HTML page."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient

from grantmatch.config import PROJECT_ROOT
from grantmatch.web.api import openapi
from tests.web.test_api import AppFactory, api_seeded_sqlite, app, client, make_app  # noqa: F401  (fixtures)

COMMITTED = PROJECT_ROOT / "docs" / "openapi.json"
REGENERATE = "python -m grantmatch.web.api.openapi > docs/openapi.json"


def test_committed_document_matches_the_code() -> None:
    """Drift test: change the API, then regenerate the committed copy."""
    assert COMMITTED.read_text(encoding="utf-8") == openapi.render_document(), \
        f"docs/openapi.json is out of date; regenerate it with: {REGENERATE}"


def test_served_document_is_the_committed_one_under_default_settings(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_served_document_reflects_the_deployment(make_app: AppFactory) -> None:
    document = make_app(max_query_chars=300, api_rate_limit=5).test_client().get("/api/v1/openapi.json").get_json()
    body = document["paths"]["/api/v1/match"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["text"]["maxLength"] == 300
    assert "5 requests per minute" in document["paths"]["/api/v1/match"]["post"]["description"]


def _flask_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_document_describes_every_api_route_and_method(app: Flask) -> None:
    document = openapi.build_document()
    assert document["openapi"].startswith("3.1")
    routes = {(_flask_path(rule.rule), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, item in document["paths"].items() for method in item}
    assert routes == described


def test_every_operation_documents_errors_with_the_error_schema() -> None:
    document = openapi.build_document()
    responses = document["components"]["responses"]
    for item in document["paths"].values():
        for op in item.values():
            assert {"200", "405", "500"} <= set(op["responses"])
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")):
                    name = response["$ref"].rsplit("/", 1)[-1]
                    schema = responses[name]["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}
            for param in op.get("parameters", []):
                assert {"name", "in", "schema", "description"} <= set(param)
    match = document["paths"]["/api/v1/match"]["post"]
    assert {"400", "413", "415", "429"} <= set(match["responses"])
    assert responses["TooManyRequests"]["headers"]["Retry-After"]["required"] is True


def test_request_validation_uses_the_published_schema() -> None:
    """The body schema in the document is the one the view validates against."""
    from grantmatch.web.api import schemas

    document = openapi.build_document(max_query_chars=1234)
    published = document["paths"]["/api/v1/match"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert published == schemas.match_request(1234)
    listed = document["paths"]["/api/v1/schemes"]["get"]["parameters"]
    assert listed == schemas.SCHEME_LIST_PARAMS


def test_docs_page_lists_every_operation(client: FlaskClient) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    document = openapi.build_document()
    for path, item in document["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in html
    assert "<script" not in html and "cdn" not in html.lower()
    assert 'class="skip-link"' in html  # extends base.html
    assert "curl -X POST" in html and "Content-Type: application/json" in html
    assert html.count("<h1") == 1 and 'scope="col"' in html
    for status in ("400", "404", "405", "413", "415", "429"):
        assert f'<th scope="row">{status}</th>' in html
    assert "per_page" in html and "include_closed" in html


def test_regenerating_command_prints_the_document(capsys: object) -> None:
    openapi.main()
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert out == COMMITTED.read_text(encoding="utf-8")
