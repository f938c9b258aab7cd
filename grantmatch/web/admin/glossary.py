"""Coordinator routes for the glossary, edited as one text in a line format (see forms.py)."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from grantmatch.services import admin as admin_service
from grantmatch.services import catalog as cat
from grantmatch.web.admin import bp, forms
from grantmatch.web.admin.common import author, flash_saved, posted_version
from grantmatch.web.state import db_session


def _current() -> tuple[list[dict[str, Any]], int]:
    session = db_session()
    try:
        row = cat.get_entity(session, "glossary")
    except cat.NotFound:
        return [], 0
    return list(row.data), row.version


def _render(text: str, errors: forms.Errors, version: int, *, groups: int,
            conflict: list[tuple[str, Any, Any]] | None = None, status: int = 200) -> tuple[str, int]:
    return render_template("admin/glossary.html", text=text, errors=errors, version=version, groups=groups,
                           conflict=conflict), status


@bp.get("/glossary")
def glossary() -> tuple[str, int]:
    groups, version = _current()
    return _render(forms.glossary_to_text(groups), {}, version, groups=len(groups))


@bp.post("/glossary")
def glossary_save() -> Response | tuple[str, int]:
    session = db_session()
    version = posted_version()
    text = request.form.get("groups", "")
    groups, errors, starts = forms.glossary_from_text(text)
    if errors:
        return _render(text, errors, version, groups=len(groups), status=400)
    try:
        result = admin_service.save_record(session, "glossary", groups, author(), expected_version=version)
    except cat.ValidationFailed as exc:
        return _render(text, forms.glossary_errors(exc.errors, starts), version, groups=len(groups), status=400)
    except cat.Conflict:
        current, current_version = _current()
        return _render(text, {}, current_version, groups=len(groups), status=409,
                       conflict=admin_service.conflict_fields("glossary", current, groups))
    flash_saved(result)
    return redirect(url_for("admin.glossary"))
