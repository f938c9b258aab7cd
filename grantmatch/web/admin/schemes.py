"""Coordinator routes for schemes: the list, create, edit (with conflict page), retire, restore."""

from __future__ import annotations

from typing import Any, Mapping

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from werkzeug.wrappers import Response

from grantmatch.catalog.schema import APPLICANT_TYPES, CURRENCIES, KEYWORD_LANGS, STATUSES
from grantmatch.services import admin as admin_service
from grantmatch.services import catalog as cat
from grantmatch.web.admin import bp, forms
from grantmatch.web.admin.common import author, entity_or_404, flash_saved, posted_version
from grantmatch.web.i18n import select_locale
from grantmatch.web.state import db_session

LINK_LABELS = {"ok": _l("Works"), "redirect": _l("Redirects"), "broken": _l("Broken"),
               "unreachable": _l("Unreachable"), "uncertain": _l("Uncertain")}
SORT_LABELS = {"name": _l("Name"), "programme": _l("Programme"), "status": _l("Status"),
               "verified": _l("Last verified"), "link": _l("Link health")}



def _link_statuses(session: Any) -> Mapping[str, Any]:
    """Latest link-check result per URL; empty until the link-health service exists."""
    try:
        from grantmatch.services.linkhealth import latest_statuses
    except ImportError:
        return {}
    return latest_statuses(session)


@bp.get("/schemes")
def schemes() -> str:
    session = db_session()
    args = request.args
    sort = args.get("sort") if args.get("sort") in admin_service.SORT_KEYS else "name"
    descending = args.get("dir") == "desc"
    rows = admin_service.scheme_rows(session, status=args.get("status") or None,
                                     programme=args.get("programme") or None, text=args.get("q"),
                                     sort=sort, descending=descending, links=_link_statuses(session),
                                     lang=select_locale())
    return render_template("admin/schemes.html", rows=rows, programmes=cat.programmes(session),
                           statuses=STATUSES, sort=sort, descending=descending, filters=args,
                           sort_labels=SORT_LABELS, link_labels=LINK_LABELS)


def _render_form(values: Any, errors: forms.Errors, *, scheme_id: str | None, version: int,
                 conflict: list[tuple[str, Any, Any]] | None = None, status: int = 200) -> tuple[str, int]:
    session = db_session()
    row = None
    if scheme_id is not None:
        try:
            row = cat.get_entity(session, "scheme", scheme_id)
        except cat.NotFound:
            abort(404)
    return render_template(
        "admin/scheme_form.html", values=values, errors=errors, scheme_id=scheme_id, version=version, row=row,
        conflict=conflict, programmes=cat.programmes(session),
        scheme_ids=sorted(i for i in cat.scheme_ids(session) if i != scheme_id),
        applicant_types=APPLICANT_TYPES, currencies=CURRENCIES, statuses=STATUSES,
        keyword_langs=KEYWORD_LANGS, lang_labels=forms.LANG_LABELS, labels=forms.SCHEME_LABELS,
        deadline_labels=forms.DEADLINE_LABELS, error_summary=forms.summary(errors, forms.SCHEME_LABELS),
        deadline_rows=forms.deadline_row_count(values)), status


@bp.get("/schemes/new")
def scheme_new() -> tuple[str, int]:
    values = forms.scheme_to_form({"status": "active"})
    return _render_form(values, {}, scheme_id=None, version=0)


@bp.get("/schemes/<scheme_id>/edit")
def scheme_edit(scheme_id: str) -> tuple[str, int]:
    row = entity_or_404("scheme", scheme_id)
    return _render_form(forms.scheme_to_form(row.data), {}, scheme_id=scheme_id, version=row.version)


@bp.post("/schemes/new")
def scheme_create() -> Response | tuple[str, int]:
    return _save(None)


@bp.post("/schemes/<scheme_id>/edit")
def scheme_update(scheme_id: str) -> Response | tuple[str, int]:
    return _save(scheme_id)


def _save(scheme_id: str | None) -> Response | tuple[str, int]:
    session = db_session()
    version = posted_version()
    record, errors, rows = forms.scheme_from_form(request.form, scheme_id)
    if errors:  # also show what the service would refuse, so one round trip fixes everything
        forms.scheme_errors(admin_service.check_record(session, "scheme", record), rows, errors)
        return _render_form(request.form, errors, scheme_id=scheme_id, version=version, status=400)
    try:
        result = admin_service.save_record(session, "scheme", record, author(), expected_version=version,
                                           creating=scheme_id is None)
    except cat.ValidationFailed as exc:
        return _render_form(request.form, forms.scheme_errors(exc.errors, rows), scheme_id=scheme_id,
                            version=version, status=400)
    except cat.Conflict as exc:
        current = cat.get_entity(session, "scheme", exc.entity_id)
        differences = admin_service.conflict_fields("scheme", current.data, record)
        return _render_form(request.form, {}, scheme_id=exc.entity_id, version=current.version,
                            conflict=differences, status=409)
    except cat.NotFound:
        abort(404)
    flash_saved(result)
    return redirect(url_for("admin.scheme_edit", scheme_id=result.entity_id))


@bp.post("/schemes/<scheme_id>/retire")
def scheme_retire(scheme_id: str) -> Response:
    version = posted_version()
    return _status_change(scheme_id, lambda session: admin_service.retire(
        session, scheme_id, request.form.get("successor") or None, author(), expected_version=version),
        gettext("The scheme is retired."))


@bp.post("/schemes/<scheme_id>/restore")
def scheme_restore(scheme_id: str) -> Response:
    version = posted_version()
    return _status_change(scheme_id, lambda session: admin_service.restore(
        session, scheme_id, author(), expected_version=version), gettext("The scheme is active again."))


def _status_change(scheme_id: str, change: Any, done: str) -> Response:
    try:
        change(db_session())
    except cat.NotFound:
        abort(404)
    except cat.Conflict:
        flash(gettext("Someone else changed this scheme after you opened it. Nothing was changed; "
                      "check the current version below and try again."), "error")
    except cat.ValidationFailed as exc:
        for err in exc.errors:
            flash(gettext("Not changed: %(problem)s", problem=str(err)), "error")
    else:
        flash(done, "success")
    return redirect(url_for("admin.scheme_edit", scheme_id=scheme_id))
