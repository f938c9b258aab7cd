"""Coordinator routes for import (upload → preview → confirm) and export downloads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from flask import Response, render_template, request
from flask_babel import gettext

from grantmatch.catalog.files import MAX_FILE_BYTES
from grantmatch.services import transfer as transfer_service
from grantmatch.web.admin import bp, uploads
from grantmatch.web.admin.common import author
from grantmatch.web.state import db_session

CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _import_page(error: str | None = None, status: int = 200) -> tuple[str, int]:
    return render_template("admin/import.html", error=error, formats=transfer_service.EXPORT_FORMATS,
                           suffixes=uploads.ALLOWED_SUFFIXES, max_mb=MAX_FILE_BYTES // (1024 * 1024)), status


@bp.get("/import")
def import_form() -> tuple[str, int]:
    return _import_page()


def _run(staged: uploads.StagedUpload, *, dry_run: bool) -> tuple[Any, list[str]]:
    """Import ``staged`` (or only try it); errors name the coordinator's file, not ours."""
    session = db_session()
    loaded = transfer_service.read_source(session, staged.path)
    summary = transfer_service.import_catalog(session, loaded, author(), dry_run=dry_run)
    stored = str(staged.path)
    errors = [str(dataclasses.replace(e, file=staged.filename + e.file[len(stored):]) if e.file.startswith(stored)
                  else e) for e in summary.errors]
    return summary, errors


@bp.post("/import")
def import_upload() -> tuple[str, int]:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _import_page(gettext("Choose a file to import."), 400)
    if uploads.suffix_of(upload.filename) not in uploads.ALLOWED_SUFFIXES:
        return _import_page(gettext("%(name)s is not a file type we can import. Use a .yaml, .yml, .json, .csv "
                                    "or .xlsx file.", name=upload.filename), 400)
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return _import_page(gettext("The file is too large; at most %(mb)s MB can be imported.",
                                    mb=MAX_FILE_BYTES // (1024 * 1024)), 413)
    staged = uploads.stage(data, upload.filename, author())
    summary, errors = _run(staged, dry_run=True)
    if errors:
        uploads.discard(staged.token)  # it cannot be applied; nothing to keep
    return render_template("admin/import_preview.html", summary=summary, errors=errors, staged=staged,
                           applied=False), 400 if errors else 200


@bp.post("/import/confirm")
def import_confirm() -> tuple[str, int]:
    token = request.form.get("token", "")
    staged = uploads.find(token, author())
    if staged is None:
        return _import_page(gettext("This import is no longer waiting: it was already applied, has expired or "
                                    "was started by someone else. Upload the file again."), 400)
    try:
        summary, errors = _run(staged, dry_run=False)
    finally:
        uploads.discard(staged.token)
    return render_template("admin/import_preview.html", summary=summary, errors=errors, staged=staged,
                           applied=not errors), 400 if errors else 200


@bp.get("/export")
def export() -> Response | tuple[str, int]:
    fmt = request.args.get("format", "")
    if fmt not in transfer_service.EXPORT_FORMATS:
        return _import_page(gettext("Choose an export format: YAML, JSON, CSV or XLSX."), 400)
    data = transfer_service.export_bytes(db_session(), fmt)
    filename = f"grantmatch-catalogue-{dt.date.today().isoformat()}.{fmt}"
    response = Response(data, content_type=CONTENT_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
