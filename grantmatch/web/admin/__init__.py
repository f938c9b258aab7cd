"""Coordinator area (/admin): login required for everything but the login page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

bp = Blueprint("admin", __name__)

# The coordinator menu (endpoint, label), shown by templates/admin/_layout.html.
ADMIN_MENU: list[tuple[str, Any]] = [
    ("admin.schemes", _l("Schemes")),
    ("admin.projects", _l("Past projects")),
    ("admin.ideas", _l("Ideas inbox")),
    ("admin.partners", _l("Partners")),
    ("admin.glossary", _l("Glossary")),
    ("admin.all_history", _l("History")),
    ("admin.import_form", _l("Import and export")),
    ("admin.links", _l("Link health")),
]


@bp.before_request
def _require_login():  # type: ignore[no-untyped-def]
    if request.endpoint in ("admin.login",):
        return None
    if not current_user.is_authenticated:
        from grantmatch.web.extensions import login_manager

        return login_manager.unauthorized()
    return None


@bp.context_processor
def _admin_menu() -> dict[str, Any]:
    return {"admin_menu": ADMIN_MENU}


# Route modules register themselves on ``bp`` when imported.
from grantmatch.web.admin import glossary, history, links, projects, schemes, transfer, views  # noqa: E402,F401
from grantmatch.web.admin import partners  # noqa: E402,F401
from grantmatch.web.admin import ideas, stages  # noqa: E402,F401
