"""Coordinator route that moves a register entry to its next stage, and what the project
form needs to show the life cycle and the plan tags."""

from __future__ import annotations

from typing import Any, Mapping

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from grantmatch.catalog import register as reg
from grantmatch.catalog.models import PastProject
from grantmatch.catalog.schema import CURRENCIES
from grantmatch.plantags import PlanTagRanker, project_text
from grantmatch.services import catalog as cat
from grantmatch.services import register as register_service
from grantmatch.web.admin import bp, forms
from grantmatch.web.admin import register_forms as rforms
from grantmatch.web.admin.common import author, posted_version
from grantmatch.web.state import db_session

DETAIL_INPUTS = {
    "planning": (), "applied": ("scheme", "date", "amount_asked", "currency"),
    "granted": ("amount_granted", "decision_date"), "rejected": ("decision_date",), "running": ("start",),
    "finished": ("end",), "evaluated": ("goal_attainment", "results", "economy", "notes"),
}


def stage_context(session: Session, project_id: str | None, values: Mapping[str, Any],
                  stage_errors: list[str] | None = None) -> dict[str, Any]:
    """Stage, legal next stages with their inputs, applications, evaluation and plan-tag suggestions."""
    row = session.get(PastProject, project_id) if project_id else None
    data = row.data if row is not None else {}
    stage = reg.stage_of(data) if row is not None else None
    text = project_text({k: values.get(k) for k in ("name", "description", "goals", "plan")})
    suggestions = PlanTagRanker().suggest(text) if text else []
    return {
        "stage": stage, "next": [(s, DETAIL_INPUTS[s]) for s in reg.TRANSITIONS.get(stage, ())] if stage else [],
        "applications": data.get("applications") or [], "evaluation": data.get("evaluation"),
        "tags": reg.PLAN_TAGS, "suggested": {s.slug: s for s in suggestions},
        "stored_suggested": (data.get("plan_tags") or {}).get("suggested") or [],
        "stages": reg.STAGES, "currencies": CURRENCIES, "detail_labels": rforms.DETAIL_LABELS,
        "attainment_labels": rforms.ATTAINMENT_LABELS, "errors": stage_errors or [],
        "detail_values": request.form if request.method == "POST" and request.endpoint == "admin.project_stage" else {},
    }


@bp.post("/projects/<project_id>/stage")
def project_stage(project_id: str) -> Response | tuple[str, int]:
    from grantmatch.web.admin.projects import _render_form

    session = db_session()
    version = posted_version()
    to_stage = request.form.get("to_stage", "")
    details = {name: request.form.get(name, "") for names in DETAIL_INPUTS.values() for name in names}
    try:
        row = cat.get_entity(session, "project", project_id)
    except cat.NotFound:
        abort(404)
    values = rforms.register_to_form(row.data, forms.project_to_form(row.data))
    try:
        result = register_service.advance(session, project_id, to_stage, details, author(), version)
    except register_service.IllegalTransition as exc:
        return _render_form(values, {}, project_id=project_id, version=row.version, status=400,
                            stage_errors=[gettext("This stage change is not allowed: %(reason)s", reason=str(exc))])
    except cat.ValidationFailed as exc:
        messages = [f"{rforms.DETAIL_LABELS.get(e.path, e.path)}: {e.message}" if e.path else e.message
                    for e in exc.errors]
        return _render_form(values, {}, project_id=project_id, version=row.version, status=400,
                            stage_errors=messages)
    except cat.Conflict:
        current = cat.get_entity(session, "project", project_id)
        values = rforms.register_to_form(current.data, forms.project_to_form(current.data))
        return _render_form(values, {}, project_id=project_id, version=current.version, status=409,
                            stage_errors=[gettext("Someone else changed this project meanwhile; nothing was saved. "
                                                  "Check the current stage and try again.")])
    flash(gettext("Stage changed to “%(stage)s”. This is version %(version)s.",
                  stage=_stage_label(to_stage), version=result.version), "success")
    return redirect(url_for("admin.project_edit", project_id=project_id))


def _stage_label(stage: str) -> str:
    from grantmatch.web.register import STAGE_LABELS

    return str(STAGE_LABELS.get(stage, stage))
