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
from grantmatch.matcher.partners import PartnerFinder
from grantmatch.partners import PartnerFit
from grantmatch.services import catalog as cat
from grantmatch.services.partners import PartnerNetwork, build_finder


@dataclass(frozen=True)
class MatcherInputs:
    schemes: list[dict[str, Any]]
    past_projects: list[dict[str, Any]]
    glossary: list[dict[str, Any]]
    programmes: list[dict[str, Any]]
    partners: list[dict[str, Any]] = field(default_factory=list)

    def network(self) -> PartnerNetwork:
        return PartnerNetwork.from_records(self.partners, self.past_projects, self.programmes)


def matcher_inputs(session: Session) -> MatcherInputs:
    """Every scheme (any status), past project, glossary group, programme and partner, as export records."""
    return MatcherInputs(
        schemes=[cat.record_with_meta(s) for s in cat.list_schemes(session)],
        past_projects=[cat.record_with_meta(p) for p in cat.list_projects(session)],
        glossary=cat.glossary_groups(session),
        programmes=cat.programmes(session),
        partners=[cat.record_with_meta(p) for p in cat.list_partners(session)],
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
    network: PartnerNetwork = field(default_factory=lambda: PartnerNetwork(partners=[]))
    finder: PartnerFinder | None = None
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
                self.network = inputs.network()
                self.finder = build_finder(self.network, inputs.glossary)
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
    """A match result joined with the scheme record it refers to and the partner network's fit
    to the scheme's partner rules (texts in the query's language)."""

    result: Any
    scheme: dict[str, Any]
    projects: list[dict[str, Any]]
    partners: PartnerFit | None = None


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
        hits.append(SearchHit(result=result, scheme=record, projects=projects[:3],
                              partners=state.network.fit(record, outcome.lang) if record else None))
    return SearchPage(request=request, outcome=outcome, hits=hits[: request.top])


def _has_open_call(result: Any, today: dt.date) -> bool:
    if result.status != "active":
        return False
    if result.next_deadline is None:
        return True  # rolling or unknown: not excluded
    return dt.date.fromisoformat(result.next_deadline) >= today


def similar_schemes(session: Session, cache: MatcherCache, scheme_id: str, top: int = 5) -> list[dict[str, Any]]:
    """Active or closed schemes most like ``scheme_id`` (itself and retired ones excluded)."""
    state = cache.current(session)
    if state.matcher is None or scheme_id not in state.records:
        return []
    ranked = state.matcher.similar_schemes(scheme_id, top=top + 10)
    similar = [state.records[sid] for sid, score in ranked
               if score > 0 and state.records.get(sid, {}).get("status") != "retired"]
    return similar[:top]


EXPORT_COLUMNS = {
    "nb": ("Rangering", "Ordning", "Program", "Samsvar (0–100)", "Svakt treff", "Neste frist", "Beløp fra",
           "Beløp til", "Valuta", "Støtteandel (%)", "Hvem kan søke", "Hvorfor den kan passe", "Offisiell side",
           "Ordningens side"),
    "en": ("Rank", "Scheme", "Programme", "Match (0–100)", "Weak match", "Next deadline", "Amount from",
           "Amount to", "Currency", "Co-funding (%)", "Who may apply", "Why it may fit", "Official page",
           "Scheme page"),
}


def export_rows(page: SearchPage, lang: str, base_url: str) -> list[list[Any]]:
    """One row per hit in the column order of EXPORT_COLUMNS[lang]."""
    rows = []
    for rank, hit in enumerate(page.hits, start=1):
        scheme, result = hit.scheme, hit.result
        funding = scheme.get("funding") or {}
        rate = funding.get("cofunding_rate")
        rows.append([
            rank, (scheme.get("name") or {}).get(lang) or result.name, result.programme, round(result.score * 100),
            ("ja" if lang == "nb" else "yes") if result.weak else ("nei" if lang == "nb" else "no"),
            result.next_deadline or "", funding.get("min"), funding.get("max"), funding.get("currency", ""),
            round(rate * 100) if rate is not None else None, ", ".join(scheme.get("applicants") or []),
            " | ".join(result.why), scheme.get("url", ""), f"{base_url}/schemes/{result.scheme_id}",
        ])
    return rows


def export_results(page: SearchPage, fmt: str, lang: str, base_url: str, today: dt.date) -> bytes:
    """The result list as CSV (UTF-8 with BOM, so Excel opens it right) or XLSX, query and date on top."""
    import io

    import pandas as pd

    lang = lang if lang in EXPORT_COLUMNS else "nb"
    frame = pd.DataFrame(export_rows(page, lang, base_url), columns=list(EXPORT_COLUMNS[lang]))
    label_query, label_date = ("Søk", "Dato") if lang == "nb" else ("Search", "Date")
    header = pd.DataFrame([[label_query, page.request.text], [label_date, today.isoformat()]])
    if fmt == "csv":
        buffer = io.StringIO()
        header.to_csv(buffer, index=False, header=False)
        buffer.write("\n")
        frame.to_csv(buffer, index=False)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        out = io.BytesIO()
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            sheet = "Resultater" if lang == "nb" else "Results"
            header.to_excel(writer, sheet_name=sheet, index=False, header=False)
            frame.to_excel(writer, sheet_name=sheet, index=False, startrow=3)
        return out.getvalue()
    raise ValueError(f"unknown export format {fmt!r}")
