"""Offline evaluation of the matcher against labelled queries and two baselines.

Pure functions for the ``grantmatch eval FILE.jsonl [--verbose]`` command:
``load_catalog_records`` reads catalog_data/, ``load_queries`` reads JSONL lines
``{"text", "programmes": [slugs], "lang"?, "kind"?, "project"?}``,
``run_evaluation`` ranks every query with the matcher and both baselines, and
``format_report`` prints top-1 / top-3 / MRR at programme-family level, overall,
per ``lang`` and per ``kind``.

Leakage guard: labelled queries are often written from the municipality's own
past projects, which the matcher also uses as precedents. For each query the
matcher therefore drops the past projects the query was written from (same
``project`` name, or at least half of the shorter text's words shared).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grantmatch.matcher import Matcher, MatcherConfig
from grantmatch.matcher.baselines import Fts5Baseline, TfidfBaseline

SYSTEMS = ("matcher", "fts5-bm25", "tfidf-default")
_WORD_RE = re.compile(r"[^\W_]{4,}")


@dataclass(frozen=True)
class CatalogRecords:
    """Plain dicts as the export writes them."""

    schemes: list[dict[str, Any]]
    past_projects: list[dict[str, Any]]
    glossary: list[dict[str, list[str]]]
    programmes: list[dict[str, Any]] = field(default_factory=list)


def _plain(value: Any) -> Any:
    """YAML values with dates turned into ISO strings, recursively."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return _plain(yaml.safe_load(handle))


def load_catalog_records(path: str | Path) -> CatalogRecords:
    """Read schemes/, projects/, glossary.yaml and programmes.yaml under ``path``."""
    root = Path(path)
    schemes = [_load_yaml(p) for p in sorted((root / "schemes").glob("*.yaml"))]
    projects = [_load_yaml(p) for p in sorted((root / "projects").glob("*.yaml"))]
    glossary = _load_yaml(root / "glossary.yaml") if (root / "glossary.yaml").exists() else []
    programmes = _load_yaml(root / "programmes.yaml") if (root / "programmes.yaml").exists() else []
    return CatalogRecords([s for s in schemes if s], [p for p in projects if p], glossary or [], programmes or [])


def load_queries(path: str | Path) -> list[dict[str, Any]]:
    """Labelled queries from a JSONL file (blank lines skipped)."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build_matcher(records: CatalogRecords, config: MatcherConfig | None = None,
                  today: dt.date | None = None) -> Matcher:
    """A matcher over ``records`` (programme names included)."""
    return Matcher(records.schemes, records.past_projects, records.glossary, today,
                   programmes=records.programmes, config=config)


@dataclass(frozen=True)
class Figures:
    """Top-1, top-3 and MRR over ``n`` queries."""

    n: int
    top1: float
    top3: float
    mrr: float


@dataclass(frozen=True)
class QueryOutcome:
    """How one system ranked the families for one query."""

    query: Mapping[str, Any]
    ranking: tuple[str, ...]
    rank: int | None


@dataclass(frozen=True)
class SystemReport:
    """Figures of one system overall, per language and per kind, plus its outcomes."""

    overall: Figures
    by_lang: Mapping[str, Figures]
    by_kind: Mapping[str, Figures]
    outcomes: tuple[QueryOutcome, ...]


@dataclass(frozen=True)
class EvaluationReport:
    """One ``SystemReport`` per system, all on the same queries."""

    systems: Mapping[str, SystemReport]


def family_rank(ranking: Sequence[str], labels: Iterable[str]) -> int | None:
    """1-based rank of the first family in ``labels``; None when absent."""
    wanted = set(labels)
    return next((i for i, family in enumerate(ranking, 1) if family in wanted), None)


def figures(ranks: Sequence[int | None]) -> Figures:
    """Top-1, top-3 and mean reciprocal rank (0 for a missing family)."""
    n = len(ranks)
    if not n:
        return Figures(0, 0.0, 0.0, 0.0)
    return Figures(n, sum(r == 1 for r in ranks) / n, sum(r is not None and r <= 3 for r in ranks) / n,
                   sum(1.0 / r for r in ranks if r) / n)


def _families(scheme_ids: Sequence[str], family_of: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(family_of[s] for s in scheme_ids))


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(text.lower()))


def written_from(project: Mapping[str, Any], query: Mapping[str, Any]) -> bool:
    """True when ``query`` was evidently written from ``project`` (leakage guard)."""
    name, label = str(project.get("name", "")).lower(), str(query.get("project", "")).lower()
    if label and (label in name or name in label):
        return True
    a, b = _words(str(query["text"])), _words(str(project.get("description", "")))
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= 0.5


def matcher_ranker(records: CatalogRecords, config: MatcherConfig | None = None,
                   holdout: bool = True) -> Callable[[Mapping[str, Any]], tuple[str, ...]]:
    """Family ranking function of the matcher (with the leakage guard unless ``holdout`` is off)."""
    matcher = build_matcher(records, config)
    variants: dict[tuple[str, ...], Matcher] = {(): matcher}

    def rank(query: Mapping[str, Any]) -> tuple[str, ...]:
        held = tuple(str(p["id"]) for p in records.past_projects if holdout and written_from(p, query))
        if held not in variants:
            kept = [p for p in records.past_projects if str(p["id"]) not in held]
            variants[held] = matcher.with_past_projects(kept)
        return tuple(variants[held].ranked_programmes(str(query["text"])))
    return rank


def _system_report(queries: Sequence[Mapping[str, Any]],
                   rank: Callable[[Mapping[str, Any]], tuple[str, ...]]) -> SystemReport:
    outcomes = []
    for query in queries:
        ranking = rank(query)
        outcomes.append(QueryOutcome(query, ranking, family_rank(ranking, query["programmes"])))

    def grouped(key: str) -> dict[str, Figures]:
        groups: dict[str, list[int | None]] = {}
        for o in outcomes:
            if o.query.get(key):
                groups.setdefault(str(o.query[key]), []).append(o.rank)
        return {k: figures(v) for k, v in sorted(groups.items())}
    return SystemReport(figures([o.rank for o in outcomes]), grouped("lang"), grouped("kind"), tuple(outcomes))


def run_evaluation(records: CatalogRecords, queries: Sequence[Mapping[str, Any]],
                   config: MatcherConfig | None = None) -> EvaluationReport:
    """Rank every query with the matcher and both baselines; family-level figures."""
    family_of = {str(s["id"]): str(s["programme"]) for s in records.schemes}
    fts, tfidf = Fts5Baseline(records.schemes), TfidfBaseline(records.schemes)
    n = len(records.schemes)
    try:
        systems = {
            "matcher": _system_report(queries, matcher_ranker(records, config)),
            "fts5-bm25": _system_report(queries, lambda q: _families(fts.rank(str(q["text"]), n), family_of)),
            "tfidf-default": _system_report(queries, lambda q: _families(tfidf.rank(str(q["text"]), n), family_of)),
        }
    finally:
        fts.close()
    return EvaluationReport(systems)


def _line(label: str, f: Figures) -> str:
    return f"  {label:<16} n={f.n:<4} top-1 {f.top1:.3f}  top-3 {f.top3:.3f}  MRR {f.mrr:.3f}"


def format_report(report: EvaluationReport, verbose: bool = False) -> str:
    """Text report: figures per system (overall, per lang, per kind); misses if verbose."""
    lines: list[str] = []
    for name, system in report.systems.items():
        lines.append(f"{name}")
        lines.append(_line("overall", system.overall))
        lines += [_line(f"lang={k}", f) for k, f in system.by_lang.items()]
        lines += [_line(f"kind={k}", f) for k, f in system.by_kind.items()]
    if verbose:
        lines.append("")
        lines.append("matcher misses (label not ranked first):")
        for o in report.systems["matcher"].outcomes:
            if o.rank == 1:
                continue
            above = list(o.ranking[: (o.rank or 4) - 1])[:5]
            lines.append(f"- rank {o.rank or '-'} want {'/'.join(o.query['programmes'])}; above: "
                         f"{', '.join(above)}\n    {str(o.query['text'])[:160]}")
    return "\n".join(lines)
