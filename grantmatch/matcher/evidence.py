"""Evidence gathered for one query, and the per-scheme reasons built from it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from grantmatch.matcher import explain
from grantmatch.matcher.deadlines import NextDeadline
from grantmatch.matcher.fields import scheme_fields
from grantmatch.matcher.gazetteer import PlaceHit
from grantmatch.matcher.glossary import GlossaryHit
from grantmatch.matcher.precedents import Precedent
from grantmatch.matcher.results import MatcherConfig
from grantmatch.matcher.text import Analyzer

MAX_TERMS_SHOWN = 5
MIN_PLACE_FIT = 0.5
FIELD_CACHE_SIZE = 2048


@dataclass(frozen=True)
class Evidence:
    """What the matcher learnt from the query text (shared by all its results)."""

    lang: str
    pairs: Sequence[tuple[str, str]]
    hits: Sequence[GlossaryHit]
    places: Sequence[PlaceHit]
    family_fit: Mapping[str, float]
    text_scores: np.ndarray
    precedents: Sequence[Precedent]


class SchemeTexts:
    """Re-reads a scheme's fields to say which query terms matched where."""

    def __init__(self, analyzer: Analyzer, programme_names: Mapping[str, Mapping[str, str]],
                 config: MatcherConfig) -> None:
        self._analyzer = analyzer
        self.programme_names = programme_names
        self._weights = config.field_weights
        self._cache: dict[str, list[tuple[str, set[str]]]] = {}

    def field_terms(self, scheme: Mapping[str, Any]) -> list[tuple[str, set[str]]]:
        """(field, its terms) per field, heaviest field first; the last few schemes are cached."""
        key = str(scheme["id"])
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        by_field: dict[str, set[str]] = {}
        for item in scheme_fields(scheme, self.programme_names):
            by_field.setdefault(item.field, set()).update(self._analyzer.terms(item.text, item.lang))
        result = sorted(by_field.items(), key=lambda kv: -self._weights.get(kv[0], 1.0))
        if len(self._cache) >= FIELD_CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = result
        return result

    def term_matches(self, scheme: Mapping[str, Any], ev: Evidence) -> list[tuple[str, str, str | None]]:
        """(shown term, field, glossary term seen or None) for query terms found in the scheme."""
        fields = self.field_terms(scheme)
        found: list[tuple[str, str, str | None]] = []
        seen_terms: set[str] = set()
        for surface, term in ev.pairs:
            field = next((f for f, terms in fields if term in terms), None)
            if field and term not in seen_terms:
                seen_terms.add(term)
                found.append((surface, field, None))
        for hit in ev.hits:
            for phrase in hit.added:
                field = next((f for f, terms in fields if all(t in terms for t in phrase)), None)
                if field and phrase[0] not in seen_terms:
                    seen_terms.add(phrase[0])
                    found.append((" ".join(phrase), field, " ".join(hit.seen)))
                    break
        return found[:MAX_TERMS_SHOWN]

    def reasons(self, scheme: Mapping[str, Any], ev: Evidence, applicant: str | None,
                precedents: Sequence[Precedent], deadline: NextDeadline) -> list[str]:
        """The ordered "why" list of one result."""
        lang = ev.lang
        why = [explain.terms_reason(lang, self.term_matches(scheme, ev))]
        if ev.family_fit.get(str(scheme["programme"]), 0.0) >= MIN_PLACE_FIT:
            why.append(explain.places_reason(lang, [p.name for p in ev.places]))
        if applicant is not None:
            why.append(explain.applicant_reason(lang, applicant, applicant in (scheme.get("applicants") or ())))
        if precedents:
            first = precedents[0]
            why.append(explain.precedent_reason(lang, first.name, first.scheme == scheme["id"]))
        why.append(explain.deadline_reason(lang, deadline.date, deadline.rolling))
        why.append(explain.status_reason(lang, str(scheme.get("status", "active")), scheme.get("successor")))
        return [w for w in why if w]
