"""Searching the catalogue: a per-process matcher index kept in step with the database.

The index is built once and rebuilt only when the catalogue version stamp in the
database moves, so an edit saved by one web worker (or the CLI) reaches every process
on its next search without rebuilding per request.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from grantmatch.matcher import Matcher, MatchOutcome
from grantmatch.services import catalog as cat


@dataclass(frozen=True)
class MatcherInputs:
    schemes: list[dict[str, Any]]
    past_projects: list[dict[str, Any]]
    glossary: list[dict[str, Any]]
    programmes: list[dict[str, Any]]


def matcher_inputs(session: Session) -> MatcherInputs:
    """Every scheme (any status), past project, glossary group and programme, as export records."""
    return MatcherInputs(
        schemes=[cat.record_with_meta(s) for s in cat.list_schemes(session)],
        past_projects=[cat.record_with_meta(p) for p in cat.list_projects(session)],
        glossary=cat.glossary_groups(session),
        programmes=cat.programmes(session),
    )


def build_matcher(inputs: MatcherInputs) -> Matcher:
    return Matcher(inputs.schemes, inputs.past_projects, inputs.glossary, programmes=inputs.programmes)


@dataclass
class MatcherCache:
    """Holds the current matcher and the catalogue version it reflects (thread-safe)."""

    version: int = -1
    matcher: Matcher | None = None
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self, session: Session) -> "MatcherCache":
        version = cat.catalog_version(session)
        if self.matcher is not None and version == self.version:
            return self
        with self._lock:
            if self.matcher is None or version != self.version:
                inputs = matcher_inputs(session)
                self.matcher = build_matcher(inputs)
                self.records = {s["id"]: s for s in inputs.schemes}
                self.projects = {p["id"]: p for p in inputs.past_projects}
                self.version = version
        return self


@dataclass(frozen=True)
class SearchRequest:
    text: str
    applicant: str | None = None
    programme: str | None = None
    only_open: bool = False
    include_closed: bool = False
    top: int = 10


@dataclass(frozen=True)
class SearchHit:
    """A match result joined with the scheme record it refers to."""

    result: Any
    scheme: dict[str, Any]
    projects: list[dict[str, Any]]


@dataclass(frozen=True)
class SearchPage:
    request: SearchRequest
    outcome: MatchOutcome
    hits: list[SearchHit]


def search(session: Session, cache: MatcherCache, request: SearchRequest, today: dt.date | None = None) -> SearchPage:
    """Rank schemes for ``request.text``; raises the matcher's QueryTooLong for huge input."""
    state = cache.current(session)
    assert state.matcher is not None
    outcome = state.matcher.match(request.text, top=max(request.top * 2, request.top) if request.only_open else request.top,
                                  applicant=request.applicant or None, programme=request.programme or None,
                                  include_closed=request.include_closed)
    hits = []
    for result in outcome.results:
        if request.only_open and not _has_open_call(result, today or dt.date.today()):
            continue
        record = state.records.get(result.scheme_id, {})
        projects = [state.projects[p] for p in result.similar_projects if p in state.projects]
        projects += [p for p in state.projects.values()
                     if p.get("scheme") == result.scheme_id and p not in projects]
        hits.append(SearchHit(result=result, scheme=record, projects=projects[:3]))
    return SearchPage(request=request, outcome=outcome, hits=hits[: request.top])


def _has_open_call(result: Any, today: dt.date) -> bool:
    if result.status != "active":
        return False
    if result.next_deadline is None:
        return True  # rolling or unknown: not excluded
    return dt.date.fromisoformat(result.next_deadline) >= today
