"""Coordinator routes for the municipality's past projects: list, create, edit (with conflicts)."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from grantmatch.catalog.models import PastProject
from grantmatch.services import admin as admin_service
from grantmatch.services import register as register_service
from grantmatch.services import catalog as cat
from grantmatch.web.admin import bp, forms
from grantmatch.web.admin import register_forms as rforms
from grantmatch.web.admin.common import author, entity_or_404, flash_saved, posted_version
from grantmatch.web.admin.stages import stage_context
from grantmatch.web.state import db_session


@bp.get("/projects")
def projects() -> str:
    return render_template("admin/projects.html", projects=cat.list_projects(db_session(), include_ideas=True))


def _render_form(values: Any, errors: forms.Errors, *, project_id: str | None, version: int,
                 conflict: list[tuple[str, Any, Any]] | None = None, status: int = 200,
                 stage_errors: list[str] | None = None) -> tuple[str, int]:
    session = db_session()
    labels = {**forms.PROJECT_LABELS, **rforms.REGISTER_LABELS}
    return render_template("admin/project_form.html", values=values, errors=errors, project_id=project_id,
                           version=version, conflict=conflict, programmes=cat.programmes(session),
                           labels=labels, lang_labels=forms.LANG_LABELS,
                           error_summary=forms.summary(errors, labels),
                           scheme_ids=sorted(cat.scheme_ids(session)),
                           register=stage_context(session, project_id, values, stage_errors)), status


@bp.get("/projects/new")
def project_new() -> tuple[str, int]:
    return _render_form(rforms.register_to_form({}, forms.project_to_form({})), {}, project_id=None, version=0)


@bp.get("/projects/<project_id>/edit")
def project_edit(project_id: str) -> tuple[str, int]:
    row = entity_or_404("project", project_id)
    return _render_form(rforms.register_to_form(row.data, forms.project_to_form(row.data)), {},
                        project_id=project_id, version=row.version)


@bp.post("/projects/new")
def project_create() -> Response | tuple[str, int]:
    return _save(None)


@bp.post("/projects/<project_id>/edit")
def project_update(project_id: str) -> Response | tuple[str, int]:
    return _save(project_id)


def _save(project_id: str | None) -> Response | tuple[str, int]:
    session = db_session()
    version = posted_version()
    record, errors = forms.project_from_form(request.form, project_id)
    stored = session.get(PastProject, project_id) if project_id is not None else None
    record.update(rforms.register_from_form(request.form, stored.data if stored is not None else None, errors))
    record = register_service.with_suggestions(record)
    if errors:
        forms.project_errors(rforms.register_errors(admin_service.check_record(session, "project", record), errors),
                             errors)
        return _render_form(request.form, errors, project_id=project_id, version=version, status=400)
    try:
        result = admin_service.save_record(session, "project", record, author(), expected_version=version,
                                           creating=project_id is None)
    except cat.ValidationFailed as exc:
        errors = {}
        return _render_form(request.form, forms.project_errors(rforms.register_errors(exc.errors, errors), errors),
                            project_id=project_id, version=version, status=400)
    except cat.Conflict as exc:
        current = cat.get_entity(session, "project", exc.entity_id)
        return _render_form(request.form, {}, project_id=exc.entity_id, version=current.version,
                            conflict=admin_service.conflict_fields("project", current.data, record), status=409)
    except cat.NotFound:
        abort(404)
    flash_saved(result)
    return redirect(url_for("admin.project_edit", project_id=result.entity_id))
