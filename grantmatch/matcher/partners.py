""""Find a partner for this idea": rank the municipality's partners for a project text.

Pure like the rest of the matcher: partner, past-project and glossary records in, ranked
:class:`PartnerHit` out. It reuses the matcher's own text handling (language detection,
Snowball stemming and folding in :mod:`grantmatch.matcher.text`, glossary expansion in
:mod:`grantmatch.matcher.glossary`) and scores with TF-IDF cosine similarity over each
partner's names, region, areas of cooperation, description and past projects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer

from grantmatch.matcher.fields import project_text
from grantmatch.matcher.glossary import Glossary
from grantmatch.matcher.text import Analyzer, detect_language, with_bigrams

MIN_SCORE = 0.04  # below this a partner shares no more than a stray common word with the idea


@dataclass(frozen=True)
class PartnerHit:
    """One partner that fits the idea: the evidence is the query's own words it shares and
    the past projects (ids and names) that resemble the idea."""

    partner_id: str
    score: float
    words: tuple[str, ...]
    projects: tuple[tuple[str, str], ...]


def _texts(value: Any, lang: str) -> list[str]:
    if isinstance(value, Mapping):
        inner = value.get(lang)
        return [str(v) for v in inner] if isinstance(inner, list) else ([str(inner)] if inner else [])
    return [str(value)] if value and lang == "nb" else []


def _partner_terms(partner: Mapping[str, Any], projects: Mapping[str, Mapping[str, Any]],
                   analyzer: Analyzer) -> list[str]:
    terms: list[str] = []
    for lang in ("nb", "en"):
        parts = _texts(partner.get("name"), lang) + _texts(partner.get("areas"), lang)
        parts += _texts(partner.get("description"), lang)
        if lang == "nb":
            parts += [str(a) for a in partner.get("aliases") or []] + [str(partner.get("region") or "")]
            parts += [project_text(projects[p]) for p in partner.get("past_projects") or [] if p in projects]
        terms += with_bigrams(analyzer.terms(" . ".join(p for p in parts if p), lang))
    return terms


def _identity(terms: list[str]) -> list[str]:
    return terms


class PartnerFinder:
    """TF-IDF index over the partner network; build once per catalogue version."""

    def __init__(self, partners: Iterable[Mapping[str, Any]], projects: Iterable[Mapping[str, Any]] = (),
                 glossary: Iterable[Mapping[str, Sequence[str]]] = ()) -> None:
        self._analyzer = Analyzer()
        self._glossary = Glossary(glossary, self._analyzer)
        self._partners = sorted(partners, key=lambda p: str(p["id"]))
        self._projects = {str(p["id"]): p for p in projects}
        self._project_terms = {pid: set(self._analyzer.terms(project_text(p), "nb"))
                               for pid, p in self._projects.items()}
        docs = [_partner_terms(p, self._projects, self._analyzer) for p in self._partners]
        self._doc_terms = [set(d) for d in docs]
        self._vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform(docs) if any(docs) else None

    def _query_terms(self, text: str, lang: str) -> list[str]:
        terms = self._analyzer.terms(text, lang)
        for hit in self._glossary.hits(terms):
            for phrase in hit.added:
                terms += list(phrase)
        return with_bigrams(terms)

    def find(self, text: str, top: int = 10) -> list[PartnerHit]:
        """Partners ranked by how well their texts fit ``text``; at most ``top``, best first."""
        if self._matrix is None or not text.strip():
            return []
        lang = detect_language(text)
        terms = self._query_terms(text, lang)
        if not terms:
            return []
        scores = (self._matrix @ self._vectorizer.transform([terms]).T).toarray().ravel()
        surface = self._analyzer.surface_terms(text, lang)
        query_set = set(terms)
        hits = []
        for row in sorted(range(len(self._partners)), key=lambda r: (-scores[r], str(self._partners[r]["id"]))):
            if scores[row] < MIN_SCORE or len(hits) >= top:
                break
            partner = self._partners[row]
            shared = self._doc_terms[row]
            words = tuple(dict.fromkeys(w for w, t in surface if t in shared))[:6]
            related = []
            for pid in partner.get("past_projects") or []:
                overlap = len(self._project_terms.get(pid, set()) & query_set)
                if overlap:
                    related.append((overlap, pid))
            projects = tuple((pid, str(self._projects[pid].get("name") or pid))
                             for _, pid in sorted(related, key=lambda x: (-x[0], x[1])))
            hits.append(PartnerHit(str(partner["id"]), round(float(scores[row]), 4), words, projects))
        return hits
