"""Term and character n-gram vocabularies of the index, and term lists turned into ids.

* ``Vocabulary`` numbers word-space features (stemmed unigrams and "a b" bigrams)
  and, separately, the unigrams (rows of the term-by-n-gram matrix).
* ``CharGrams`` numbers ``char_wb`` n-grams the way scikit-learn's
  ``CountVectorizer(analyzer="char_wb")`` cuts them (padded word, each length in
  the range, a word shorter than n counted once), so a term's n-grams are computed
  once per distinct term instead of once per occurrence.
* ``Encoded`` is one piece of text as ids. Callers memoise it per distinct text:
  catalogues repeat names, summaries and boilerplate sentences, and ``join``
  rebuilds the bigrams that span two pieces, so encoding a text piece by piece
  gives exactly the ids of encoding it whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

_EMPTY = np.zeros(0, dtype=np.int32)


def char_wb_ngrams(term: str, ngram_range: tuple[int, int]) -> list[str]:
    """``char_wb`` n-grams of one term, as scikit-learn cuts them (duplicates kept)."""
    low, high = ngram_range
    out: list[str] = []
    for word in term.split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            if length <= n:
                out.append(padded)
                break
            out += [padded[i:i + n] for i in range(length - n + 1)]
    return out


class CharGrams:
    """A growing n-gram vocabulary and the n-gram ids of each term seen."""

    def __init__(self, ngram_range: tuple[int, int]) -> None:
        self.ngram_range = ngram_range
        self.ids: dict[str, int] = {}

    def add(self, term: str) -> list[int]:
        """Ids of the n-grams of ``term`` (one per occurrence), growing the vocabulary."""
        ids = self.ids
        return [ids.setdefault(g, len(ids)) for g in char_wb_ngrams(term, self.ngram_range)]

    def lookup(self, term: str) -> list[int]:
        """Ids of the known n-grams of ``term`` (unknown ones dropped)."""
        ids = self.ids
        return [i for i in map(ids.get, char_wb_ngrams(term, self.ngram_range)) if i is not None]


@dataclass(frozen=True)
class Encoded:
    """One text piece as ids: word features (unigrams, then inner bigrams), unigram numbers, end terms."""

    word: np.ndarray
    unigrams: np.ndarray
    first: str | None
    last: str | None


class Vocabulary:
    """Word-space feature ids, unigram numbers and the term-by-n-gram rows of the unigrams."""

    def __init__(self, ngram_range: tuple[int, int]) -> None:
        self.ids: dict[str, int] = {}
        self.unigram_no: dict[str, int] = {}
        self.grams = CharGrams(ngram_range)
        self._gram_rows: list[list[int]] = []

    def __len__(self) -> int:
        return len(self.ids)

    def _unigram(self, term: str) -> int:
        number = self.unigram_no.get(term)
        if number is None:
            number = self.unigram_no[term] = len(self.unigram_no)
            self._gram_rows.append(self.grams.add(term))
        return number

    def encode(self, terms: Sequence[str]) -> Encoded:
        """Ids of ``terms`` and of their adjacent pairs, growing the vocabularies."""
        if not terms:
            return Encoded(_EMPTY, _EMPTY, None, None)
        ids = self.ids
        words = [ids.setdefault(t, len(ids)) for t in terms]
        words += [ids.setdefault(f"{a} {b}", len(ids)) for a, b in zip(terms, terms[1:])]
        unigrams = [self._unigram(t) for t in terms]
        return Encoded(np.array(words, dtype=np.int32), np.array(unigrams, dtype=np.int32), terms[0], terms[-1])

    def join(self, pieces: Sequence[Encoded]) -> tuple[np.ndarray, np.ndarray]:
        """(word ids, unigram numbers) of consecutive pieces, bigrams across their borders included."""
        pieces = [p for p in pieces if p.first is not None]
        if len(pieces) == 1:
            return pieces[0].word, pieces[0].unigrams
        if not pieces:
            return _EMPTY, _EMPTY
        ids = self.ids
        borders = [ids.setdefault(f"{a.last} {b.first}", len(ids)) for a, b in zip(pieces, pieces[1:])]
        word = np.concatenate([p.word for p in pieces] + [np.array(borders, dtype=np.int32)])
        return word, np.concatenate([p.unigrams for p in pieces])

    def term_grams(self) -> sp.csr_matrix:
        """Unigram-by-n-gram count matrix (float32) for every unigram numbered so far."""
        rows = self._gram_rows
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        indices = np.fromiter((g for r in rows for g in r), dtype=np.int32, count=int(indptr[-1]))
        matrix = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                               shape=(len(rows), len(self.grams.ids)))
        matrix.sum_duplicates()
        return matrix
