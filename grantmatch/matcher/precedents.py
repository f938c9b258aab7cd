"""Past projects of the municipality as precedents.

A query that resembles a past project is evidence for the scheme that funded it
(and, more weakly, for that scheme's family). Only projects with a known
programme or scheme are kept. Similarity uses the scheme index's own spaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from grantmatch.matcher.fields import project_text
from grantmatch.matcher.index import TermIndex, WeightedTerms
from grantmatch.matcher.results import MatcherConfig
from grantmatch.matcher.text import Analyzer


@dataclass(frozen=True)
class Precedent:
    """A past project similar to the query."""

    id: str
    name: str
    scheme: str | None
    programme: str | None
    similarity: float


class Precedents:
    """Vectors of the funded past projects and the lifts they give to schemes."""

    def __init__(self, projects: Iterable[Mapping[str, Any]], analyzer: Analyzer, index: TermIndex,
                 scheme_rows: Mapping[str, int], config: MatcherConfig) -> None:
        self._projects = [p for p in projects if p.get("programme") or p.get("scheme")]
        self._rows = scheme_rows
        self._config = config
        terms = [[WeightedTerms(analyzer.terms(project_text(p), "nb"), 1.0)] for p in self._projects]
        self._word = sp.vstack([index.word_vector(t) for t in terms]).tocsr() if terms else None
        self._char = sp.vstack([index.char_vector(t) for t in terms]).tocsr() if terms else None

    def similar(self, word: sp.csr_matrix, char: sp.csr_matrix) -> tuple[Precedent, ...]:
        """Projects at least ``precedent_min_similarity`` like the query, most similar first."""
        if self._word is None:
            return ()
        share = self._config.word_share
        sims = share * (self._word @ word.T).toarray().ravel()
        sims += (1.0 - share) * (self._char @ char.T).toarray().ravel()
        found = [Precedent(str(p["id"]), str(p.get("name") or p["id"]), p.get("scheme"), p.get("programme"),
                           round(float(s), 4))
                 for p, s in zip(self._projects, sims) if s >= self._config.precedent_min_similarity]
        return tuple(sorted(found, key=lambda p: (-p.similarity, p.id)))

    def lifts(self, precedents: Sequence[Precedent], n_schemes: int,
              families: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(per-scheme lift, per-family lift): the best similarity of a precedent funded by each."""
        scheme_lift = np.zeros(n_schemes, dtype=np.float32)
        family_lift = np.zeros(len(families), dtype=np.float32)
        family_no = {f: i for i, f in enumerate(families)}
        for p in precedents:
            row = self._rows.get(p.scheme or "")
            if row is not None:
                scheme_lift[row] = max(scheme_lift[row], p.similarity)
            number = family_no.get(p.programme or "")
            if number is not None:
                family_lift[number] = max(family_lift[number], p.similarity)
        return scheme_lift, family_lift

    @staticmethod
    def for_scheme(precedents: Sequence[Precedent], scheme_id: str, programme: str,
                   limit: int = 3) -> list[Precedent]:
        """Precedents funded by this scheme first, then by its family; at most ``limit``."""
        same = [p for p in precedents if p.scheme == scheme_id]
        family = [p for p in precedents if p.scheme != scheme_id and p.programme == programme]
        return (same + family)[:limit]
