"""Staff page "Find a partner for this idea": the partners whose areas of cooperation and
past projects fit a project description, ranked by the partner finder."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext, lazy_gettext as _l

from grantmatch.countries import country_name
from grantmatch.services import partners as partner_service
from grantmatch.services import search as search_service
from grantmatch.web.i18n import select_locale
from grantmatch.web.state import app_state, db_session

bp = Blueprint("partners", __name__)

KIND_LABELS = {
    "twin-town": _l("Twin town"), "municipality": _l("Municipality"), "school": _l("School"),
    "university": _l("University or college"), "ngo": _l("Organisation (NGO)"), "region": _l("Region"),
    "company": _l("Company"), "other": _l("Other partner"),
}


@bp.app_template_filter("partner_kind")
def _partner_kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@bp.app_template_filter("country_name")
def _country_name(code: str) -> str:
    return country_name(code, select_locale())


@bp.get("/partners/find")
def find() -> tuple[str, int] | str:
    text = request.args.get("q", "")
    limit = app_state().runtime.config.max_query_chars
    if len(text) > limit:
        error = gettext("The description is too long (%(length)s characters). Please shorten it to at most "
                        "%(limit)s characters.", length=len(text), limit=limit)
        return render_template("staff/partners_find.html", text="", found=None, error=error), 400
    if not text.strip():
        return render_template("staff/partners_find.html", text="", found=None, error=None)
    cache = app_state().cache.setdefault("matcher", search_service.MatcherCache()).current(db_session())
    assert cache.finder is not None
    found = partner_service.find_partners(cache.network, cache.finder, text)
    return render_template("staff/partners_find.html", text=text, found=found, error=None)
