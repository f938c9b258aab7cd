"""Coordinator routes for the change history: all changes, one entity's changes, and
restoring an earlier version (written as a new revision, so nothing is lost)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from grantmatch.services import admin as admin_service
from grantmatch.services import catalog as cat
from grantmatch.web.admin import bp
from grantmatch.web.admin.common import author, page_number
from grantmatch.web.state import db_session

PER_PAGE = 30


def _history(entity_type: str | None, entity_id: str | None, endpoint: str, **view_args: str) -> str:
    page = page_number()
    revisions, has_next = admin_service.history_page(db_session(), entity_type, entity_id, page=page,
                                                     per_page=PER_PAGE)
    return render_template("admin/history.html", revisions=revisions, page=page, has_next=has_next,
                           entity_type=entity_type, entity_id=entity_id, endpoint=endpoint, view_args=view_args)


def _exists(entity_type: cat.EntityType, entity_id: str) -> None:
    try:
        cat.get_entity(db_session(), entity_type, entity_id)
    except cat.NotFound:
        abort(404)


@bp.get("/history")
def all_history() -> str:
    return _history(None, None, "admin.all_history")


@bp.get("/schemes/<scheme_id>/history")
def scheme_history(scheme_id: str) -> str:
    _exists("scheme", scheme_id)
    return _history("scheme", scheme_id, "admin.scheme_history", scheme_id=scheme_id)


@bp.get("/projects/<project_id>/history")
def project_history(project_id: str) -> str:
    _exists("project", project_id)
    return _history("project", project_id, "admin.project_history", project_id=project_id)


@bp.get("/glossary/history")
def glossary_history() -> str:
    return _history("glossary", None, "admin.glossary_history")


def entity_history_url(entity_type: str, entity_id: str) -> str:
    if entity_type == "scheme":
        return url_for("admin.scheme_history", scheme_id=entity_id)
    if entity_type == "project":
        return url_for("admin.project_history", project_id=entity_id)
    if entity_type == "partner":
        return url_for("admin.partner_history", partner_id=entity_id)
    return url_for("admin.glossary_history")


@bp.post("/revisions/<int:revision_id>/revert")
def revert(revision_id: int) -> Response:
    session = db_session()
    try:
        target = admin_service.revision(session, revision_id)
        entity_type, entity_id, version = target.entity_type, target.entity_id, target.version
        result = admin_service.revert(session, revision_id, author())
    except cat.NotFound:
        abort(404)
    except (cat.ValidationFailed, cat.Conflict) as exc:
        flash(gettext("That version could not be restored: %(problem)s", problem=str(exc)), "error")
        return redirect(entity_history_url(entity_type, entity_id))
    if result.action == "unchanged":
        flash(gettext("Version %(version)s is already the current state; nothing changed.", version=version), "info")
    else:
        flash(gettext("Version %(old)s is restored as the new version %(new)s.", old=version, new=result.version),
              "success")
    return redirect(entity_history_url(entity_type, entity_id))


@bp.app_template_global("admin_entity_url")
def admin_entity_url(entity_type: str, entity_id: str) -> str:
    """The edit page of a revision's entity."""
    if entity_type == "scheme":
        return url_for("admin.scheme_edit", scheme_id=entity_id)
    if entity_type == "project":
        return url_for("admin.project_edit", project_id=entity_id)
    if entity_type == "partner":
        return url_for("admin.partner_edit", partner_id=entity_id)
    return url_for("admin.glossary")
