"""Coordinator routes for the partner network: list, create, edit (with conflicts) and history."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from grantmatch.catalog.schema import PARTNER_KINDS
from grantmatch.services import admin as admin_service
from grantmatch.services import catalog as cat
from grantmatch.web.admin import bp, forms, partnerforms
from grantmatch.web.admin.common import author, entity_or_404, flash_saved, posted_version
from grantmatch.web.admin.history import _history
from grantmatch.web.state import db_session


@bp.get("/partners")
def partners() -> str:
    return render_template("admin/partners.html", partners=cat.list_partners(db_session()))


def _render_form(values: Any, errors: forms.Errors, *, partner_id: str | None, version: int,
                 conflict: list[tuple[str, Any, Any]] | None = None, status: int = 200) -> tuple[str, int]:
    from grantmatch.web.partners import KIND_LABELS

    session = db_session()
    return render_template("admin/partner_form.html", values=values, errors=errors, partner_id=partner_id,
                           version=version, conflict=conflict, labels=partnerforms.PARTNER_LABELS,
                           lang_labels=forms.LANG_LABELS, kinds=[(k, str(KIND_LABELS[k])) for k in PARTNER_KINDS],
                           error_summary=forms.summary(errors, partnerforms.PARTNER_LABELS),
                           project_ids=[p.id for p in cat.list_projects(session)]), status


@bp.get("/partners/new")
def partner_new() -> tuple[str, int]:
    return _render_form(partnerforms.partner_to_form({"verified": True}), {}, partner_id=None, version=0)


@bp.get("/partners/<partner_id>/edit")
def partner_edit(partner_id: str) -> tuple[str, int]:
    row = entity_or_404("partner", partner_id)
    return _render_form(partnerforms.partner_to_form(row.data), {}, partner_id=partner_id, version=row.version)


@bp.post("/partners/new")
def partner_create() -> Response | tuple[str, int]:
    return _save(None)


@bp.post("/partners/<partner_id>/edit")
def partner_update(partner_id: str) -> Response | tuple[str, int]:
    return _save(partner_id)


@bp.get("/partners/<partner_id>/history")
def partner_history(partner_id: str) -> str:
    entity_or_404("partner", partner_id)
    return _history("partner", partner_id, "admin.partner_history", partner_id=partner_id)


def _save(partner_id: str | None) -> Response | tuple[str, int]:
    session = db_session()
    version = posted_version()
    record, errors = partnerforms.partner_from_form(request.form, partner_id)
    if errors:
        partnerforms.partner_errors(admin_service.check_record(session, "partner", record), errors)
        return _render_form(request.form, errors, partner_id=partner_id, version=version, status=400)
    try:
        result = admin_service.save_record(session, "partner", record, author(), expected_version=version,
                                           creating=partner_id is None)
    except cat.ValidationFailed as exc:
        return _render_form(request.form, partnerforms.partner_errors(exc.errors), partner_id=partner_id,
                            version=version, status=400)
    except cat.Conflict as exc:
        current = cat.get_entity(session, "partner", exc.entity_id)
        return _render_form(request.form, {}, partner_id=exc.entity_id, version=current.version,
                            conflict=admin_service.conflict_fields("partner", current.data, record), status=409)
    except cat.NotFound:
        abort(404)
    flash_saved(result)
    return redirect(url_for("admin.partner_edit", partner_id=result.entity_id))
