"""Plan-tag suggestions: which main directions and goals of the plan a project text fits.

Pure: text in, ranked suggestions out (no Flask, no database). The project text and the
short bokmål description of each tag (``catalog.register.PLAN_TAGS``) become TF-IDF
vectors over the tags' vocabulary; the suggestion is the cosine similarity. Norwegian
writes compounds as one word ("kulturutveksling", "ungdomsutveksling"), so a project
term that begins or ends with a tag term of five letters or more counts for that term
too. Each suggestion carries the shared terms as its evidence. The coordinator confirms.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Mapping, NamedTuple, Sequence

from grantmatch.catalog.register import PLAN_TAGS
from grantmatch.matcher.text import Analyzer

MIN_COMPOUND_PART = 5
DEFAULT_THRESHOLD = 0.12
DEFAULT_LIMIT = 4


class TagSuggestion(NamedTuple):
    slug: str
    score: float
    terms: tuple[str, ...]  # tag terms found in the project text (stems)


class PlanTagRanker:
    """Vectors of the tag descriptions, built once; :meth:`suggest` ranks a project text."""

    def __init__(self, tags: Sequence[Mapping[str, object]] = PLAN_TAGS, analyzer: Analyzer | None = None) -> None:
        self._analyzer = analyzer or Analyzer()
        self._slugs = [str(t["slug"]) for t in tags]
        docs = [Counter(self._analyzer.terms(str(t["description"]), "nb")) for t in tags]
        vocabulary = sorted({term for doc in docs for term in doc})
        n = len(docs)
        df = Counter(term for doc in docs for term in doc)
        # Smoothed IDF as in scikit-learn: terms in every tag still count a little.
        self._idf = {term: math.log((1 + n) / (1 + df[term])) + 1 for term in vocabulary}
        self._long_terms = [t for t in vocabulary if len(t) >= MIN_COMPOUND_PART]
        self._vectors = [self._weigh(doc) for doc in docs]

    def _weigh(self, counts: Mapping[str, float]) -> dict[str, float]:
        vector = {t: (1 + math.log(c)) * self._idf[t] for t, c in counts.items() if c > 0 and t in self._idf}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        return {t: v / norm for t, v in vector.items()} if norm else {}

    def _project_counts(self, text: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for term in self._analyzer.terms(text, "nb"):
            if term in self._idf:
                counts[term] += 1
                continue
            for part in self._long_terms:  # compounds: "kulturutveksling" counts for "kultur"
                if len(term) > len(part) and (term.startswith(part) or term.endswith(part)):
                    counts[part] += 1
        return counts

    def suggest(self, text: str, *, threshold: float = DEFAULT_THRESHOLD,
                limit: int = DEFAULT_LIMIT) -> list[TagSuggestion]:
        """Tags whose description is similar enough to ``text``, best first (at most ``limit``)."""
        project = self._weigh(self._project_counts(text))
        if not project:
            return []
        ranked = []
        for slug, vector in zip(self._slugs, self._vectors):
            shared = sorted(set(project) & set(vector))
            score = sum(project[t] * vector[t] for t in shared)
            if score >= threshold:
                ranked.append(TagSuggestion(slug, round(score, 4), tuple(shared)))
        ranked.sort(key=lambda s: (-s.score, s.slug))
        return ranked[:limit]


def project_text(record: Mapping[str, object]) -> str:
    """The parts of a register record that say what the project is about."""
    parts: Iterable[object] = (record.get("name"), record.get("description"), record.get("goals"),
                               record.get("plan"))
    return "\n".join(str(p) for p in parts if isinstance(p, str) and p.strip())


def suggest_tags(text: str, *, threshold: float = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT,
                 ranker: PlanTagRanker | None = None) -> list[TagSuggestion]:
    """Suggested plan tags for ``text`` (a fresh ranker unless one is passed)."""
    return (ranker or PlanTagRanker()).suggest(text, threshold=threshold, limit=limit)
