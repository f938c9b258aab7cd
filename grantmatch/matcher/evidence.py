"""Evidence gathered for one query, and the per-scheme reasons built from it.

Explanations show the user's own words (as written in the query) that a scheme
matched, never stems, field names or glossary expansions posing as the user's
words. A word matches a scheme when its term is among the scheme's indexed
features, when a glossary equivalent is (the user's word is shown), or when it is
a compound whose part is ("kunstfestivalen" -> "kunst"). Checking is one binary
search per candidate feature over the returned rows, so only those results pay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from grantmatch.matcher import explain
from grantmatch.matcher.deadlines import NextDeadline
from grantmatch.matcher.gazetteer import PlaceHit
from grantmatch.matcher.glossary import GlossaryHit
from grantmatch.matcher.index import TermIndex
from grantmatch.matcher.precedents import Precedent

MAX_WORDS_SHOWN = 5
MAX_REASONS = 4
MIN_PLACE_FIT = 0.5
MIN_PART = 5
MIN_PREFIX = 4


@dataclass(frozen=True)
class WordClue:
    """A word of the query as written, its weight (idf) and the feature sets that count as a match."""

    surface: str
    weight: float
    alternatives: tuple[tuple[str, ...], ...]


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
    clues: Sequence[WordClue] = ()


def _parts(term: str, unigrams: Mapping[str, int]) -> list[str]:
    """Catalogue unigrams inside a compound query term (prefixes >= 4 letters, others >= 5)."""
    found = []
    for start in range(len(term)):
        for end in range(len(term), start + MIN_PREFIX - 1, -1):
            part = term[start:end]
            if part != term and part in unigrams and (start == 0 or len(part) >= MIN_PART):
                found.append(part)
    return found


def word_clues(pairs: Sequence[tuple[str, str]], hits: Sequence[GlossaryHit], index: TermIndex) -> list[WordClue]:
    """One clue per distinct query term (first spelling kept), glossary equivalents folded in."""
    ids, unigrams = index.vocabulary.ids, index.vocabulary.unigram_no
    terms = [t for _, t in pairs]
    clues: dict[tuple[str, ...], tuple[str, list[tuple[str, ...]]]] = {}
    for surface, term in pairs:
        if (term,) not in clues:
            clues[(term,)] = (surface, [(term,)] + [(p,) for p in _parts(term, unigrams)])
    for hit in hits:
        seen = tuple(hit.seen)
        start = next((i for i in range(len(terms)) if tuple(terms[i:i + len(seen)]) == seen), None)
        if start is None:
            continue
        surface = " ".join(s for s, _ in pairs[start:start + len(seen)])
        entry = clues.setdefault(seen, (surface, [seen]))
        entry[1].extend(tuple(p) for p in hit.added)
    out = []
    for key, (surface, alternatives) in clues.items():
        weight = max((index.idf(f) for alt in alternatives for f in alt if f in ids), default=0.0)
        out.append(WordClue(surface, weight, tuple(dict.fromkeys(alternatives))))
    return out


def clue_features(clues: Sequence[WordClue]) -> set[str]:
    """Every word feature whose presence some clue checks."""
    return {f for clue in clues for alt in clue.alternatives for f in alt}


def matched_words(clues: Sequence[WordClue], present: set[str], limit: int = MAX_WORDS_SHOWN) -> list[str]:
    """Surfaces of the clues a document holding the ``present`` features matches.

    The ``limit`` heaviest clues are kept, shown in query order.
    """
    found = [(i, c) for i, c in enumerate(clues) if any(present.issuperset(alt) for alt in c.alternatives)]
    best = sorted(found, key=lambda ic: (-ic[1].weight, ic[0]))[:limit]
    shown: dict[str, str] = {}
    for _, clue in sorted(best, key=lambda ic: ic[0]):
        shown.setdefault(clue.surface.lower(), clue.surface)
    # a phrase ("EU land") adds nothing when each of its words is shown on its own
    return [w for key, w in shown.items() if " " not in key or not all(p in shown for p in key.split())]


def reasons(scheme: Mapping[str, Any], present: set[str], ev: Evidence, applicant: str | None,
            precedents: Sequence[Precedent], deadline: NextDeadline) -> list[str]:
    """The "why" list of one result: at most ``MAX_REASONS`` short lines in the query's language.

    ``present`` holds the clue features the scheme has (see ``TermIndex.present``).
    """
    lang = ev.lang
    words = matched_words(ev.clues, present)
    if ev.family_fit.get(str(scheme["programme"]), 0.0) >= MIN_PLACE_FIT:
        known = {w.lower() for w in words}
        words += [p.surface or p.name.title() for p in ev.places if (p.surface or p.name).lower() not in known]
    why = [explain.words_reason(lang, words),
           explain.status_reason(lang, str(scheme.get("status") or "active"), scheme.get("successor"))]
    if precedents:
        first = precedents[0]
        why.append(explain.precedent_reason(lang, first.name, first.scheme == scheme["id"]))
    why.append(explain.deadline_reason(lang, deadline.date, deadline.rolling))
    why.append(explain.applicants_reason(lang, list(scheme.get("applicants") or ()), applicant))
    return [w for w in why if w][:MAX_REASONS]
