"""Small helpers shared by the coordinator views: who is editing, posted versions, and
readable text for nested record values (history diffs and the conflict page)."""

from __future__ import annotations

from typing import Any, Mapping

from flask import abort, flash, request
from flask_babel import gettext
from flask_login import current_user

from grantmatch.web.admin import bp


def author() -> str:
    """The logged-in coordinator's e-mail address, written to every revision."""
    return str(current_user.email)


def posted_version() -> int:
    """The record version the form was loaded with; a tampered value is a bad request."""
    raw = request.form.get("version", "")
    if not raw.isdigit():
        abort(400)
    return int(raw)


def entity_or_404(entity_type: str, entity_id: str) -> Any:
    """The stored row of a catalogue entity, or a 404 page."""
    from grantmatch.services import catalog as cat
    from grantmatch.web.state import db_session

    try:
        return cat.get_entity(db_session(), entity_type, entity_id)  # type: ignore[arg-type]
    except cat.NotFound:
        abort(404)


def flash_saved(result: Any) -> None:
    """Tell the coordinator whether a save wrote a new version or found nothing to change."""
    if result.action == "unchanged":
        flash(gettext("Nothing changed, so nothing was saved."), "info")
    else:
        flash(gettext("Saved. This is version %(version)s.", version=result.version), "success")


def page_number() -> int:
    raw = request.args.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() else 1


def describe(value: Any) -> str:
    """A nested record value as plain lines: ``key: value`` for mappings, one item per line
    for lists, ``—`` for nothing. Shown with ``white-space: pre-wrap``; never marked safe."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    return "\n".join(_lines(value))


def _scalar(value: Any) -> str:
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    return str(value)


def _lines(value: Any, prefix: str = "") -> list[str]:
    if isinstance(value, Mapping):
        out: list[str] = []
        for key, inner in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(inner, Mapping):
                out += _lines(inner, name)
            elif isinstance(inner, list) and any(isinstance(i, Mapping) for i in inner):
                out += [f"{name}:"] + ["  " + line for line in _lines(inner)]
            elif isinstance(inner, list):
                out.append(f"{name}: {', '.join(_scalar(i) for i in inner)}")
            else:
                out.append(f"{name}: {_scalar(inner)}")
        return out
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, Mapping):
                out.append("- " + "; ".join(_lines(item)))
            else:
                out.append(f"- {_scalar(item)}")
        return out
    return [_scalar(value)]


@bp.app_template_filter("describe")
def _describe_filter(value: Any) -> str:
    return describe(value)


@bp.app_template_filter("admin_date")
def _admin_date(value: Any) -> str:
    """A date or time as ``YYYY-MM-DD`` (times as ``YYYY-MM-DD HH:MM`` UTC)."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)
