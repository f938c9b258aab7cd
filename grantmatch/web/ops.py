"""Operations endpoints: /metrics (Prometheus text format)."""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy import func, select

from grantmatch.catalog.jobmodels import LinkRun, OutboxMail, SavedSearch
from grantmatch.observability import prometheus_text
from grantmatch.services import catalog as cat
from grantmatch.web.state import app_state, db_session

bp = Blueprint("ops", __name__)


def _count(statement) -> int:  # type: ignore[no-untyped-def]
    return db_session().scalar(statement) or 0


@bp.get("/metrics")
def metrics() -> Response:
    totals = {
        "schemes": cat.count_schemes(db_session()),
        "catalog_version": cat.catalog_version(db_session()),
        "link_runs": _count(select(func.count()).select_from(LinkRun)),
        "mails_sent": _count(select(func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_not(None))),
        "mails_waiting": _count(select(func.count()).select_from(OutboxMail).where(OutboxMail.sent_at.is_(None))),
        "saved_searches": _count(select(func.count()).select_from(SavedSearch)
                                 .where(SavedSearch.confirmed_at.is_not(None))),
    }
    body = prometheus_text(app_state().counters.snapshot(), totals)
    return Response(body, mimetype="text/plain; version=0.0.4")
