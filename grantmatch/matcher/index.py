"""Sparse TF-IDF index over weighted terms: a word space and a character space.

The index knows nothing about schemes; it sees documents as lists of
``WeightedTerms`` (terms of one field, the field weight, whether the field feeds
the character space).

* Word space: unigrams and bigrams of stemmed terms. Counts are multiplied by the
  field weight *before* tf damping (as in BM25F), then damped with ``1 + ln tf``
  (tf >= 1; below 1, i.e. down-weighted expansions, tf is kept as is), then
  scikit-learn's ``TfidfTransformer`` applies smoothed idf and l2 norm.
* Character space: ``char_wb`` n-grams of the stemmed unigrams, so compound
  words ("skolepartnerskap") meet their parts ("skole", "partnerskap"). Built by
  composition: document-by-term counts times a term-by-n-gram matrix from
  ``CountVectorizer(analyzer="char_wb")`` fitted on the vocabulary only. That equals
  running ``char_wb`` over the documents but costs one sparse product instead of
  a Python loop over every n-gram of every document.

Both spaces are kept as feature-by-document CSR matrices (an inverted index), so a
query costs the posting lengths of its features, not the size of the catalogue.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from grantmatch.matcher.text import with_bigrams


@dataclass(frozen=True)
class WeightedTerms:
    """Terms of one field with its weight; ``char`` says whether it feeds char n-grams."""

    terms: Sequence[str]
    weight: float
    char: bool = True


def damp(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Apply ``1 + ln tf`` to entries >= 1 in place; smaller (expansion) entries stay."""
    data = matrix.data
    big = data >= 1.0
    data[big] = 1.0 + np.log(data[big])
    return matrix


class _Builder:
    """Accumulates (row, column, value) triples in compact arrays while growing a vocabulary."""

    def __init__(self, vocabulary: dict[str, int], grow: bool) -> None:
        self.vocabulary = vocabulary
        self.grow = grow
        self.rows = array("i")
        self.cols = array("i")
        self.vals = array("f")

    def add(self, row: int, terms: Sequence[str], weight: float) -> None:
        vocabulary = self.vocabulary
        if self.grow:
            cols = [vocabulary.setdefault(t, len(vocabulary)) for t in terms]
        else:
            cols = [c for c in map(vocabulary.get, terms) if c is not None]
        self.cols.extend(cols)
        self.rows.extend([row] * len(cols))
        self.vals.extend([weight] * len(cols))

    def matrix(self, n_rows: int, n_cols: int) -> sp.csr_matrix:
        m = sp.csr_matrix((np.frombuffer(self.vals, dtype=np.float32),
                           (np.frombuffer(self.rows, dtype=np.int32), np.frombuffer(self.cols, dtype=np.int32))),
                          shape=(n_rows, n_cols), dtype=np.float32)
        m.sum_duplicates()
        return m


def _weigh(counts: sp.csr_matrix) -> tuple[TfidfTransformer, sp.csr_matrix]:
    """Damp tf, fit idf, return (fitted transformer, feature-by-document postings)."""
    damp(counts)
    transformer = TfidfTransformer(sublinear_tf=False).fit(counts)
    weighted = transformer.transform(counts, copy=False).astype(np.float32, copy=False)
    return transformer, weighted.T.tocsr()


class TermIndex:
    """Word and character TF-IDF spaces over a fixed set of documents."""

    def __init__(self, documents: Sequence[Sequence[WeightedTerms]],
                 char_ngrams: tuple[int, int] = (3, 5)) -> None:
        vocabulary: dict[str, int] = {}
        words = _Builder(vocabulary, grow=True)
        for row, fields in enumerate(documents):
            for field in fields:
                words.add(row, with_bigrams(list(field.terms)), field.weight)
        self.vocabulary = vocabulary
        self._word_idf, self.word_postings = _weigh(words.matrix(len(documents), len(vocabulary)))
        del words

        self._unigrams = [t for t in vocabulary if " " not in t]
        self._unigram_col = {t: i for i, t in enumerate(self._unigrams)}
        self._chars = CountVectorizer(analyzer="char_wb", ngram_range=char_ngrams,
                                      dtype=np.float32, min_df=1)
        self._term_chars = self._chars.fit_transform(self._unigrams).tocsr()
        unigram_counts = self._char_term_counts(documents)
        self._char_idf, self.char_postings = _weigh((unigram_counts @ self._term_chars).tocsr())

    @property
    def size(self) -> int:
        """Number of documents."""
        return self.word_postings.shape[1]

    def _char_term_counts(self, documents: Sequence[Sequence[WeightedTerms]]) -> sp.csr_matrix:
        builder = _Builder(self._unigram_col, grow=False)
        for row, fields in enumerate(documents):
            for field in fields:
                if field.char:
                    builder.add(row, field.terms, field.weight)
        return builder.matrix(len(documents), len(self._unigrams))

    def word_vector(self, weighted: Sequence[WeightedTerms]) -> sp.csr_matrix:
        """l2-normalised TF-IDF vector (1 x V) of query terms; unknown terms are dropped."""
        builder = _Builder(self.vocabulary, grow=False)
        for field in weighted:
            builder.add(0, with_bigrams(list(field.terms)), field.weight)
        counts = damp(builder.matrix(1, len(self.vocabulary)))
        return self._word_idf.transform(counts).astype(np.float32)

    def char_vector(self, weighted: Sequence[WeightedTerms]) -> sp.csr_matrix:
        """l2-normalised char n-gram vector; also covers terms unseen in the catalogue."""
        weights: dict[str, float] = {}
        for field in weighted:
            for term in field.terms:
                weights[term] = weights.get(term, 0.0) + field.weight
        if not weights:
            return sp.csr_matrix((1, len(self._chars.vocabulary_)), dtype=np.float32)
        grams = self._chars.transform(list(weights))
        counts = sp.csr_matrix(np.fromiter(weights.values(), dtype=np.float32, count=len(weights))) @ grams
        counts = damp(counts.tocsr().astype(np.float32))
        counts.eliminate_zeros()
        return self._char_idf.transform(counts).astype(np.float32)

    def scores(self, word: sp.csr_matrix, char: sp.csr_matrix, word_share: float) -> np.ndarray:
        """Dense per-document blend ``word_share * cos_word + (1 - word_share) * cos_char``."""
        out = np.zeros(self.size, dtype=np.float32)
        if word.nnz:
            out += word_share * (word @ self.word_postings).toarray().ravel()
        if char.nnz:
            out += (1.0 - word_share) * (char @ self.char_postings).toarray().ravel()
        return out

    def char_scores(self, char: sp.csr_matrix) -> np.ndarray:
        """Dense per-document cosine in the character space only."""
        return (char @ self.char_postings).toarray().ravel()

    def document_vectors(self, row: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The stored (word, char) vectors of document ``row`` (a column scan; not for hot paths)."""
        return (self.word_postings[:, row].T.tocsr(), self.char_postings[:, row].T.tocsr())


def cosine_rows(vectors: sp.csr_matrix, postings: sp.csr_matrix) -> np.ndarray:
    """Cosine of each row of ``vectors`` with every document of ``postings``."""
    return (normalize(vectors) @ postings).toarray()
