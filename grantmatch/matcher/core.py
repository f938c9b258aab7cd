"""The matcher: ranks funding schemes for a free-text project idea.

Pure: takes plain scheme/project/glossary dicts, keeps no global state, imports
neither Flask nor SQLAlchemy. The index is built once in the constructor (records
are streamed into it; only a slim copy of each scheme is kept for results); a
query costs the posting lists of its features plus a top-k selection, and
explanations are built for the returned results only.

Final raw score of a scheme = text similarity (word/char TF-IDF blend)
+ geo_weight * family fit of the places named + precedent lifts (a similar past
project lifts its scheme and, less, its family); it is mapped to 0–1 with a fixed
logistic curve, so a score (and the weak threshold) means the same for every query.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from grantmatch.matcher.deadlines import next_deadline
from grantmatch.matcher.documents import DocumentEncoder
from grantmatch.matcher.evidence import Evidence, clue_features, reasons, word_clues
from grantmatch.matcher.gazetteer import Gazetteer
from grantmatch.matcher.glossary import Glossary, GlossaryHit
from grantmatch.matcher.index import TermIndex, WeightedTerms
from grantmatch.matcher.precedents import Precedents
from grantmatch.matcher.results import (EMPTY_MESSAGES, MatcherConfig, MatchOutcome, MatchResult,
                                        QueryTooLong)
from grantmatch.matcher.text import Analyzer, detect_language, is_meaningless, tokenize
from grantmatch.matcher.vocabulary import Vocabulary

_HIDDEN_STATUSES = ("closed", "retired")
_KEPT_KEYS = ("id", "programme", "name", "status", "successor", "applicants")


class Matcher:
    """Ranks schemes for a project idea; see ``match`` and ``similar_schemes``."""

    def __init__(self, schemes: Iterable[Mapping[str, Any]], past_projects: Iterable[Mapping[str, Any]] = (),
                 glossary: Iterable[Mapping[str, Sequence[str]]] = (), today: dt.date | None = None,
                 *, programmes: Iterable[Mapping[str, Any]] = (), config: MatcherConfig | None = None) -> None:
        self.config = config or MatcherConfig()
        self.today = today or dt.date.today()
        self._analyzer = Analyzer()
        self._glossary = Glossary(glossary, self._analyzer)
        self._gazetteer = Gazetteer()
        records = sorted(schemes, key=lambda s: str(s["id"]))
        self._schemes = [{k: s.get(k) for k in _KEPT_KEYS} for s in records]
        self._row = {str(s["id"]): i for i, s in enumerate(self._schemes)}
        self._deadlines = [next_deadline(s.get("deadlines"), self.today) for s in records]
        names = {str(p["slug"]): p.get("name") or {} for p in programmes}
        vocabulary = Vocabulary(self.config.char_ngrams)
        encoder = DocumentEncoder(self._analyzer, vocabulary, self._glossary, names, self.config)
        self._index = TermIndex(encoder.encode_all(records), vocabulary, self.config.char_max_df)
        del encoder, records
        self._families = sorted({str(s["programme"]) for s in self._schemes})
        self._family_no = {f: i for i, f in enumerate(self._families)}
        self._family_of = np.array([self._family_no[str(s["programme"])] for s in self._schemes], dtype=np.int32)
        self._hidden = np.array([s.get("status") in _HIDDEN_STATUSES for s in self._schemes], dtype=bool)
        self._applicant_rows: dict[str, list[int]] = {}
        for row, s in enumerate(self._schemes):
            for applicant in set(s.get("applicants") or ()):
                self._applicant_rows.setdefault(str(applicant), []).append(row)
        self._precedents = Precedents(past_projects, self._analyzer, self._index, self._row, self.config)

    def with_past_projects(self, past_projects: Iterable[Mapping[str, Any]]) -> Matcher:
        """A matcher sharing this scheme index but using other past projects (cheap)."""
        clone = object.__new__(Matcher)
        clone.__dict__.update(self.__dict__)
        clone._precedents = Precedents(past_projects, self._analyzer, self._index, self._row, self.config)
        return clone

    # -- querying ---------------------------------------------------------------------------

    def match(self, text: str, top: int = 10, applicant: str | None = None, programme: str | None = None,
              include_closed: bool = False) -> MatchOutcome:
        """Rank schemes for ``text``; results sorted by score desc, ties by scheme id.

        Raises TypeError for non-str input and QueryTooLong beyond the length limit.
        An empty or meaningless query yields no results and a ``message``.
        """
        if not isinstance(text, str):
            raise TypeError(f"query must be str, not {type(text).__name__}")
        if len(text) > self.config.max_query_chars:
            raise QueryTooLong(len(text), self.config.max_query_chars)
        lang = detect_language(text)
        if not text.strip():
            return MatchOutcome((), lang, EMPTY_MESSAGES["empty"][lang])
        evidence = self._evidence(text, lang)
        if evidence is None:
            return MatchOutcome((), lang, EMPTY_MESSAGES["meaningless"][lang])
        raw = self._raw_scores(evidence)
        allowed = self._allowed(applicant, programme, include_closed)
        rows = _top_rows(raw, allowed, top)
        present = self._index.present(clue_features(evidence.clues), rows)
        results = tuple(self._result(r, float(raw[r]), evidence, applicant, found)
                        for r, found in zip(rows, present))
        message = None if results else EMPTY_MESSAGES["filtered"][lang]
        return MatchOutcome(results, lang, message, tuple(p.name for p in evidence.places))

    def _evidence(self, text: str, lang: str) -> Evidence | None:
        """Analyse the query; None when it carries no known term."""
        if is_meaningless(tokenize(text)):
            return None
        pairs = self._analyzer.surface_terms(text, lang)
        terms = [term for _, term in pairs]
        hits: list[GlossaryHit] = self._glossary.hits(terms) if self.config.query_glossary_weight else []
        weighted = [WeightedTerms(terms, 1.0)]
        for hit in hits:
            weighted += [WeightedTerms(p, self.config.query_glossary_weight) for p in hit.added]
        word, char = self._index.word_vector(weighted), self._index.char_vector(weighted)
        char_scores = self._index.char_scores(char)
        if not self._known(terms, char_scores):
            return None
        share = self.config.word_share
        text_scores = share * self._index.word_scores(word) + (1.0 - share) * char_scores
        places = self._gazetteer.find(text)
        return Evidence(lang, pairs, hits, places, self._gazetteer.family_fit(places), text_scores,
                        self._precedents.similar(word, char), word_clues(pairs, hits, self._index))

    def _known(self, terms: list[str], char_scores: np.ndarray) -> bool:
        """A query is known if a term is in the vocabulary or its char n-grams resemble a scheme."""
        vocabulary = self._index.vocabulary.ids
        if any(t in vocabulary for t in terms):
            return True
        return float(char_scores.max(initial=0.0)) >= self.config.min_char_score

    def _raw_scores(self, ev: Evidence) -> np.ndarray:
        cfg = self.config
        raw = ev.text_scores.copy()
        geo = np.array([ev.family_fit.get(f, 0.0) for f in self._families], dtype=np.float32)
        raw += cfg.geo_weight * geo[self._family_of]
        scheme_lift, family_lift = self._precedents.lifts(ev.precedents, len(self._schemes), self._families)
        raw += cfg.precedent_scheme_weight * scheme_lift
        raw += cfg.precedent_family_weight * family_lift[self._family_of]
        return raw

    def _allowed(self, applicant: str | None, programme: str | None, include_closed: bool) -> np.ndarray:
        allowed = np.ones(len(self._schemes), dtype=bool)
        if not include_closed:
            allowed &= ~self._hidden
        if programme is not None:
            allowed &= self._family_of == self._family_no.get(programme, -1)
        if applicant is not None:
            fits = np.zeros(len(self._schemes), dtype=bool)
            fits[self._applicant_rows.get(applicant, [])] = True
            allowed &= fits
        return allowed

    def calibrate(self, raw: float) -> float:
        """Map a raw score to 0–1 with the fixed logistic curve of the config."""
        z = (raw - self.config.calibration_mid) / self.config.calibration_scale
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def _result(self, row: int, raw: float, ev: Evidence, applicant: str | None, present: set[str]) -> MatchResult:
        scheme = self._schemes[row]
        score = round(self.calibrate(raw), 4)
        deadline = self._deadlines[row]
        precedents = self._precedents.for_scheme(ev.precedents, str(scheme["id"]), str(scheme["programme"]))
        why = reasons(scheme, present, ev, applicant, precedents, deadline)
        name = scheme.get("name") or {}
        return MatchResult(
            scheme_id=str(scheme["id"]), programme=str(scheme["programme"]),
            name=str(name.get(ev.lang) or name.get("nb") or name.get("en") or scheme["id"]),
            score=score, weak=score < self.config.weak_threshold, why=tuple(why),
            next_deadline=deadline.date.isoformat() if deadline.date else None,
            similar_projects=tuple(p.id for p in precedents), status=str(scheme.get("status") or "active"),
            successor=scheme.get("successor"))

    def similar_schemes(self, scheme_id: str, top: int = 5) -> list[tuple[str, float]]:
        """Schemes most like ``scheme_id`` (itself excluded) as (id, cosine), best first."""
        row = self._row[scheme_id]
        word, char = self._index.document_vectors(row)
        scores = self._index.scores(word, char, self.config.word_share)
        allowed = np.ones(len(self._schemes), dtype=bool)
        allowed[row] = False
        return [(str(self._schemes[r]["id"]), round(float(scores[r]), 4)) for r in _top_rows(scores, allowed, top)]

    def ranked_programmes(self, text: str) -> list[str]:
        """Families ordered by their best scheme for ``text`` (all statuses); for evaluation.

        Same ranking as ``match`` but without building explanations.
        """
        if not isinstance(text, str) or not text.strip() or len(text) > self.config.max_query_chars:
            return []
        evidence = self._evidence(text, detect_language(text))
        if evidence is None:
            return []
        rows = _top_rows(self._raw_scores(evidence), np.ones(len(self._schemes), dtype=bool), len(self._schemes))
        return list(dict.fromkeys(str(self._schemes[r]["programme"]) for r in rows))


def _top_rows(scores: np.ndarray, allowed: np.ndarray, top: int) -> list[int]:
    """Rows of the ``top`` best allowed scores, ties broken by row (= scheme id order)."""
    candidates = np.flatnonzero(allowed)
    if top <= 0 or not len(candidates):
        return []
    values = np.round(scores[candidates].astype(np.float64), 6)
    if len(candidates) > top:
        kth = np.partition(values, len(values) - top)[len(values) - top]
        keep = values >= kth
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))
    return [int(r) for r in candidates[order][:top]]


__all__ = ["Matcher"]
