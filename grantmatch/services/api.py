"""Use cases behind the public JSON API: filtered scheme pages, programme counts, matching, calendars.

Every function takes the database session and plain values and returns plain data
(dicts, lists, bytes), so the API blueprint only validates input and wraps the result.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy.orm import Session

from grantmatch.matcher.results import EMPTY_MESSAGES
from grantmatch.services import catalog as cat
from grantmatch.services import linkhealth
from grantmatch.services import search as search_service
from grantmatch.services.calendar import scheme_calendar
from grantmatch.services.partners import partners_json


@dataclass(frozen=True)
class SchemeFilters:
    """Filters of the scheme listing; ``None`` means "any"."""

    programme: str | None = None
    status: str | None = None
    applicant: str | None = None
    q: str | None = None


@dataclass(frozen=True)
class SchemePage:
    items: list[dict[str, Any]]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """Number of pages (at least 1, so page 1 of an empty result is valid)."""
        return max(1, -(-self.total // self.per_page))


class PageOutOfRange(ValueError):
    """The requested page lies beyond the last page of the result."""

    def __init__(self, page: int, pages: int) -> None:
        super().__init__(f"page {page} is out of range; there are {pages} page(s)")
        self.page, self.pages = page, pages


def pick_text(text: Any, lang: str) -> str:
    """The ``lang`` text of a bilingual mapping, falling back to bokmål, then English."""
    if isinstance(text, Mapping):
        return str(text.get(lang) or text.get("nb") or text.get("en") or "")
    return "" if text is None else str(text)


def _link_status(statuses: Mapping[str, Any], url: Any) -> str | None:
    view = statuses.get(url) if isinstance(url, str) else None
    return str(view.status) if view is not None else None


def _with_link_status(record: dict[str, Any], statuses: Mapping[str, Any]) -> dict[str, Any]:
    return dict(record, link_status=_link_status(statuses, record.get("url")))


def _matches(record: Mapping[str, Any], filters: SchemeFilters) -> bool:
    if filters.applicant and filters.applicant not in (record.get("applicants") or []):
        return False
    if filters.q:
        needle = filters.q.casefold()
        names = record.get("name") or {}
        values = names.values() if isinstance(names, Mapping) else [names]
        if not any(needle in str(name).casefold() for name in values):
            return False
    return True


def scheme_page(session: Session, filters: SchemeFilters, page: int, per_page: int) -> SchemePage:
    """One page of full scheme records (ordered by programme, then id) with their link status.

    Raises :class:`PageOutOfRange` for a page after the last one.
    """
    rows = cat.list_schemes(session, status=filters.status, programme=filters.programme)
    records = [r for r in (cat.record_with_meta(row) for row in rows) if _matches(r, filters)]
    result = SchemePage(items=[], page=page, per_page=per_page, total=len(records))
    if page > result.pages:
        raise PageOutOfRange(page, result.pages)
    statuses = linkhealth.latest_statuses(session)
    start = (page - 1) * per_page
    items = [_with_link_status(r, statuses) for r in records[start:start + per_page]]
    return SchemePage(items=items, page=page, per_page=per_page, total=len(records))


def scheme_detail(session: Session, scheme_id: str) -> dict[str, Any]:
    """The full record of one scheme plus its link status; raises ``catalog.NotFound``."""
    record = cat.record_with_meta(cat.get_entity(session, "scheme", scheme_id))
    return _with_link_status(record, linkhealth.latest_statuses(session))


def programme_summaries(session: Session) -> list[dict[str, Any]]:
    """Every programme family with its names, funder and number of schemes (any status)."""
    counts = Counter(row.programme for row in cat.list_schemes(session))
    return [{"slug": p["slug"], "name": p.get("name") or {}, "funder": p.get("funder") or {},
             "schemes": counts.get(p["slug"], 0)} for p in cat.programmes(session)]


def programme_slugs(session: Session) -> list[str]:
    return cat.programme_slugs(session)


def _message_in(message: str | None, lang: str) -> str | None:
    """The matcher's "no results" message in ``lang`` (it answers in the query's language)."""
    if message is None:
        return None
    for texts in EMPTY_MESSAGES.values():
        if message in texts.values():
            return texts.get(lang, message)
    return message


def match(session: Session, cache: search_service.MatcherCache, request: search_service.SearchRequest,
          lang: str) -> dict[str, Any]:
    """Ranked schemes for ``request.text`` with texts in ``lang``; raises the matcher's QueryTooLong."""
    page = search_service.search(session, cache, request)
    statuses = linkhealth.latest_statuses(session)
    results = []
    for hit in page.hits:
        r, record = hit.result, hit.scheme
        results.append({
            "scheme_id": r.scheme_id, "programme": r.programme,
            "name": pick_text(record.get("name"), lang) or r.name,
            "score": round(float(r.score), 4), "weak": bool(r.weak), "why": [str(w) for w in r.why],
            "next_deadline": r.next_deadline, "url": record.get("url"),
            "link_status": _link_status(statuses, record.get("url")),
            "summary": pick_text(record.get("summary"), lang),
            "partners": partners_json(hit.partners),
        })
    return {"query": request.text, "lang": lang, "message": _message_in(page.outcome.message, lang),
            "results": results}


def deadline_feed(session: Session, *, programme: str | None, scheme: str | None, lang: str, base_url: str,
                  today: dt.date) -> bytes:
    """iCalendar of the upcoming deadlines of every active scheme (optionally one programme or scheme)."""
    rows = [row for row in cat.list_schemes(session, status="active", programme=programme)
            if scheme is None or row.id == scheme]
    return scheme_calendar([row.data for row in rows], lang=lang, base_url=base_url, today=today)


def scheme_feed(session: Session, scheme_id: str, *, lang: str, base_url: str, today: dt.date) -> bytes:
    """iCalendar of one scheme's upcoming deadlines (any status); raises ``catalog.NotFound``."""
    row = cat.get_entity(session, "scheme", scheme_id)
    return scheme_calendar([row.data], lang=lang, base_url=base_url, today=today)


def scheme_exists(session: Session, scheme_id: str) -> bool:
    return scheme_id in cat.scheme_ids(session)
