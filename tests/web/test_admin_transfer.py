"""Coordinator import (upload → preview → confirm) and export downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml
from flask import Flask
from flask.testing import FlaskClient

from grantmatch.runtime import Runtime
from grantmatch.services import transfer
from tests.web.test_admin import app, client, scheme, seeded_sqlite, sqlite_seeded_runtime  # noqa: F401


def exported_csv(runtime: Runtime) -> list[dict[str, str]]:
    with runtime.session() as session:
        text = transfer.export_bytes(session, "csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(client: FlaskClient, data: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post("/admin/import", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def staged_files(app: Flask) -> list[Path]:
    root = Path(app.instance_path) / "imports"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_preview_with_a_bad_row_shows_its_error_and_writes_nothing(client: FlaskClient, app: Flask,
                                                                    sqlite_seeded_runtime: Runtime) -> None:
    rows = exported_csv(sqlite_seeded_runtime)
    rows[0]["name.en"] = "Changed by import"
    rows[1]["funding.currency"] = "XYZ"
    response = upload(client, csv_bytes(rows), "schemes.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "schemes.csv:3: funding.currency: must be one of EUR" in html
    assert "Import now" not in html and str(app.instance_path) not in html
    assert scheme(sqlite_seeded_runtime, rows[0]["id"]).version == 1
    assert staged_files(app) == []


def test_preview_then_confirm_applies_and_the_token_is_single_use(client: FlaskClient, app: Flask,
                                                                   sqlite_seeded_runtime: Runtime) -> None:
    rows = exported_csv(sqlite_seeded_runtime)
    target = rows[0]["id"]
    rows[0]["name.en"] = "Changed by import"
    response = upload(client, csv_bytes(rows), "schemes.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nothing has been saved yet" in html
    assert target in html and "Import now" in html
    assert scheme(sqlite_seeded_runtime, target).version == 1  # the preview wrote nothing
    token = html.split('name="token" value="')[1].split('"')[0]

    done = client.post("/admin/import/confirm", data={"token": token})
    assert done.status_code == 200 and "was imported" in done.get_data(as_text=True)
    row = scheme(sqlite_seeded_runtime, target)
    assert row.version == 2 and row.data["name"]["en"] == "Changed by import"
    assert staged_files(app) == []

    again = client.post("/admin/import/confirm", data={"token": token})
    assert again.status_code == 400 and "no longer waiting" in again.get_data(as_text=True)
    assert client.post("/admin/import/confirm", data={"token": "../../etc"}).status_code == 400
    assert scheme(sqlite_seeded_runtime, target).version == 2


def test_upload_refuses_unknown_types_and_missing_files(client: FlaskClient, app: Flask) -> None:
    response = upload(client, b"MZ...", "catalogue.exe")
    assert response.status_code == 400 and "catalogue.exe is not a file type we can import" in response.get_data(as_text=True)
    assert client.post("/admin/import", data={}).status_code == 400
    assert staged_files(app) == []
    broken = upload(client, b"schemes: [unclosed", "bundle.yaml")
    assert broken.status_code == 400 and "bundle.yaml:1" in broken.get_data(as_text=True)


def test_export_downloads_each_format(client: FlaskClient) -> None:
    expected = {"yaml": "application/yaml", "json": "application/json", "csv": "text/csv",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    for fmt, content_type in expected.items():
        response = client.get(f"/admin/export?format={fmt}")
        assert response.status_code == 200
        assert response.mimetype == content_type
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;") and f'.{fmt}"' in disposition and "grantmatch-catalogue-" in disposition
        body = response.data
        if fmt == "json":
            assert any(s["id"] == "nordplus-junior" for s in json.loads(body)["schemes"])
        elif fmt == "yaml":
            assert yaml.safe_load(body)["format"] == "grantmatch-catalog/1"
        elif fmt == "csv":
            assert body.decode("utf-8-sig").startswith("id,programme,status")
        else:
            assert body[:2] == b"PK"
    assert client.get("/admin/export?format=pdf").status_code == 400


def test_exported_xlsx_imports_back_unchanged(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    sheet = client.get("/admin/export?format=xlsx").data
    html = upload(client, sheet, "catalogue.xlsx").get_data(as_text=True)
    assert "Import now" in html
    assert '<th scope="row">New</th><td>0</td>' in html and '<th scope="row">Changed</th><td>0</td>' in html
