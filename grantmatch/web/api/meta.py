"""The API describing itself: the OpenAPI document and an HTML page rendered from it."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, jsonify, render_template, request

from grantmatch.web.api import bp
from grantmatch.web.state import app_state

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _document() -> dict[str, Any]:
    from grantmatch.web.api.openapi import build_document  # lazy: the module is also run with -m

    config = app_state().runtime.config
    return build_document(max_query_chars=config.max_query_chars, rate_limit=config.api_rate_limit)


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(_document())


def _resolve(document: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    ref = item.get("$ref")
    if not ref:
        return item
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def type_summary(schema: dict[str, Any]) -> str:
    """A short human description of a parameter schema: type, choices, range, default."""
    kind = schema.get("type", "any")
    parts = [" or ".join(kind) if isinstance(kind, list) else str(kind)]
    if "enum" in schema:
        parts.append("one of " + ", ".join(str(v) for v in schema["enum"] if v is not None))
    if "minimum" in schema or "maximum" in schema:
        parts.append(f"{schema.get('minimum', '…')}–{schema.get('maximum', '…')}")
    if "maxLength" in schema:
        parts.append(f"at most {schema['maxLength']} characters")
    if "default" in schema:
        parts.append(f"default {schema['default']}")
    return "; ".join(parts)


def curl_example(base: str, method: str, path: str, operation: dict[str, Any]) -> str:
    url = base + path.replace("{scheme_id}", "erasmus-school-accreditation")
    if method == "post":
        example = operation["requestBody"]["content"]["application/json"].get("example", {})
        body = json.dumps(example, ensure_ascii=False).replace("'", "'\\''")
        return f"curl -X POST '{url}' \\\n  -H 'Content-Type: application/json' \\\n  -d '{body}'"
    if path.endswith("/schemes"):
        url += "?applicant=school&per_page=5"
    return f"curl '{url}'"


def _response_rows(document: dict[str, Any], responses: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for status, item in responses.items():
        resolved = _resolve(document, item)
        content = resolved.get("content", {})
        media, schema = next(iter(content.items()), (None, {}))
        schema = (schema or {}).get("schema", {})
        rows.append({"status": status, "description": resolved.get("description", ""), "media": media,
                     "schema": schema.get("$ref", "").rsplit("/", 1)[-1] or schema.get("type", "")})
    return rows


def operations(document: dict[str, Any], base: str) -> list[dict[str, Any]]:
    """Each operation of the document, flattened for the docs template."""
    out = []
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            out.append({
                "id": op["operationId"], "method": method.upper(), "path": path, "summary": op["summary"],
                "description": op["description"],
                "parameters": [dict(p, type=type_summary(p["schema"])) for p in op.get("parameters", [])],
                "body": json.dumps(body, indent=2, ensure_ascii=False) if body else None,
                "responses": _response_rows(document, op["responses"]),
                "curl": curl_example(base, method, path, op),
            })
    return out


@bp.get("/docs")
def docs() -> str:
    document = _document()
    schemas = {name: json.dumps(schema, indent=2, ensure_ascii=False)
               for name, schema in document["components"]["schemas"].items()}
    return render_template("api/docs.html", document=document, schemas=schemas,
                           operations=operations(document, request.url_root.rstrip("/")))
