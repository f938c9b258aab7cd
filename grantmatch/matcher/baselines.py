"""Two reference rankers the matcher must beat, over the same concatenated scheme text.

* ``Fts5Baseline``: in-memory SQLite FTS5, bm25 ranking, query words OR-ed.
* ``TfidfBaseline``: scikit-learn ``TfidfVectorizer()`` with default settings, cosine.

Both expose ``rank(text, top) -> list of scheme ids``, best first.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

_WORD_RE = re.compile(r"[^\W_]+")


def concatenated_text(scheme: Mapping[str, Any]) -> str:
    """All searchable text of a scheme in one string (names, summaries, descriptions, words)."""
    parts: list[str] = []
    for key in ("name", "summary", "description"):
        value = scheme.get(key) or {}
        parts += [str(v) for v in (value.values() if isinstance(value, Mapping) else [value]) if v]
    parts += [str(a) for a in scheme.get("aliases") or ()]
    for words in (scheme.get("keywords") or {}).values():
        parts += [str(w) for w in words or ()]
    parts += [str(t) for t in scheme.get("themes") or ()]
    return "\n".join(parts)


class Fts5Baseline:
    """bm25 over an in-memory FTS5 table; one row per scheme."""

    def __init__(self, schemes: Iterable[Mapping[str, Any]]) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body)")
        self._db.executemany("INSERT INTO docs (id, body) VALUES (?, ?)",
                             ((str(s["id"]), concatenated_text(s)) for s in schemes))
        self._db.commit()

    @staticmethod
    def fts_query(text: str) -> str:
        """Sanitised FTS5 query: each word double-quoted (no operators), OR-ed."""
        words = dict.fromkeys(w.lower() for w in _WORD_RE.findall(text))
        return " OR ".join(f'"{w}"' for w in words)

    def rank(self, text: str, top: int = 10) -> list[str]:
        """Scheme ids by bm25, best first; schemes sharing no word are left out."""
        query = self.fts_query(text)
        if not query:
            return []
        rows = self._db.execute(
            "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs), id LIMIT ?", (query, top)).fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        """Release the in-memory database."""
        self._db.close()


class TfidfBaseline:
    """Default ``TfidfVectorizer()`` and cosine similarity (l2-normalised dot product)."""

    def __init__(self, schemes: Iterable[Mapping[str, Any]]) -> None:
        schemes = list(schemes)
        self._ids = [str(s["id"]) for s in schemes]
        self._vectorizer = TfidfVectorizer()
        self._docs = self._vectorizer.fit_transform([concatenated_text(s) for s in schemes]).T.tocsr()

    def rank(self, text: str, top: int = 10) -> list[str]:
        """Scheme ids by cosine, best first; zero-similarity schemes are left out."""
        scores = (self._vectorizer.transform([text]) @ self._docs).toarray().ravel()
        order = np.lexsort((np.arange(len(scores)), -scores))[:top]
        return [self._ids[i] for i in order if scores[i] > 0]
