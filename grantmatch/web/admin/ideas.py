"""The coordinator's ideas inbox: ideas from staff become register entries or are archived."""

from __future__ import annotations

import re
import unicodedata

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from grantmatch.catalog.registermodels import Idea
from grantmatch.services import catalog as cat
from grantmatch.services import ideas as ideas_service
from grantmatch.services import register as register_service
from grantmatch.web.admin import bp
from grantmatch.web.admin.common import author
from grantmatch.web.state import db_session

STATUSES = ("new", "registered", "archived")


def suggest_id(text: str) -> str:
    """A slug from the first words of the idea (the coordinator may change it)."""
    folded = unicodedata.normalize("NFKD", text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a"))
    words = re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode())
    return "-".join(words[:5])[:60].strip("-") or "prosjekt"


@bp.get("/ideas")
def ideas() -> str:
    wanted = request.args.get("status", "new")
    status = wanted if wanted in STATUSES else None
    return render_template("admin/ideas.html", ideas=ideas_service.inbox(db_session(), status), status=status,
                           statuses=STATUSES)


def _render_idea(idea: Idea, *, values: dict[str, str] | None = None, errors: dict[str, list[str]] | None = None,
                 status: int = 200) -> tuple[str, int]:
    session = db_session()
    names = {}
    for scheme_id in idea.schemes or []:
        try:
            names[scheme_id] = cat.get_entity(session, "scheme", scheme_id).data.get("name")
        except cat.NotFound:
            names[scheme_id] = None
    values = values or {"id": suggest_id(idea.text), "name": "", "stage": "idea", "description": idea.text}
    return render_template("admin/idea.html", idea=idea, values=values, errors=errors or {}, scheme_names=names), status


@bp.get("/ideas/<int:idea_id>")
def idea(idea_id: int) -> tuple[str, int]:
    found = db_session().get(Idea, idea_id)
    if found is None:
        abort(404)
    return _render_idea(found)


@bp.post("/ideas/<int:idea_id>/register")
def idea_register(idea_id: int) -> Response | tuple[str, int]:
    session = db_session()
    found = session.get(Idea, idea_id)
    if found is None:
        abort(404)
    values = {k: request.form.get(k, "") for k in ("id", "name", "stage", "description")}
    try:
        result = register_service.register_idea(
            session, idea_id, project_id=values["id"].strip(), name=values["name"], stage=values["stage"],
            author=author(), description=values["description"])
    except register_service.IdeaNotOpen:
        flash(gettext("This idea has already been handled."), "error")
        return redirect(url_for("admin.idea", idea_id=idea_id))
    except cat.ValidationFailed as exc:
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            errors.setdefault(err.path if err.path in values else "", []).append(
                err.message if err.path in values else str(err))
        return _render_idea(found, values=values, errors=errors, status=400)
    flash(gettext("The idea is now register entry %(id)s.", id=result.entity_id), "success")
    return redirect(url_for("admin.project_edit", project_id=result.entity_id))


@bp.post("/ideas/<int:idea_id>/archive")
def idea_archive(idea_id: int) -> Response:
    session = db_session()
    try:
        register_service.archive_idea(session, idea_id, author(), request.form.get("note"))
    except cat.NotFound:
        abort(404)
    except register_service.IdeaNotOpen:
        flash(gettext("This idea has already been handled."), "error")
        return redirect(url_for("admin.idea", idea_id=idea_id))
    flash(gettext("The idea was archived."), "success")
    return redirect(url_for("admin.ideas"))
