"""Coordinator area (/admin): login required for everything but the login page."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

bp = Blueprint("admin", __name__)


@bp.before_request
def _require_login():  # type: ignore[no-untyped-def]
    if request.endpoint in ("admin.login",):
        return None
    if not current_user.is_authenticated:
        from grantmatch.web.extensions import login_manager

        return login_manager.unauthorized()
    return None


from grantmatch.web.admin import views  # noqa: E402,F401  (registers the routes)
