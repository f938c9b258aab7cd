"""Sparse TF-IDF index over encoded documents: a word space and a character space.

The index knows nothing about schemes; a document is a list of ``EncodedField``
(ids of one field's terms, the field weight, whether it feeds the char space).

* Word space: unigrams and bigrams of stemmed terms. Counts are multiplied by the
  field weight *before* tf damping (as in BM25F), then damped with ``1 + ln tf``
  (tf >= 1; below 1, i.e. down-weighted expansions, tf is kept as is), then
  weighted with smoothed idf ``ln((1 + n) / (1 + df)) + 1`` and l2-normalised
  (scikit-learn's ``TfidfTransformer`` formula).
* Character space: ``char_wb`` n-grams of the stemmed unigrams, so compound
  words ("skolepartnerskap") meet their parts ("skole", "partnerskap"). Built by
  composition: document-by-unigram counts times the unigram-by-n-gram matrix.
  N-grams found in more than ``char_max_df`` of the documents are dropped: they
  carry little evidence but hold most of the postings (memory and query time).

Documents are consumed as a stream in blocks, so only compact per-block matrices
are held; both spaces end as feature-by-document CSR matrices (an inverted index),
so a query costs the posting lengths of its features, not the catalogue size.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from grantmatch.matcher.vocabulary import Vocabulary

BLOCK_SIZE = 1024
POSTING_DTYPE = np.float16
"""Stored posting weights are l2-normalised values in [0, 1]; half precision (relative
error < 1e-3) halves their memory and changed no ranking figure on either query set.
Scores are accumulated in float32."""


@dataclass(frozen=True)
class WeightedTerms:
    """Query-side terms with their weight (e.g. glossary expansions weigh less)."""

    terms: Sequence[str]
    weight: float


@dataclass(frozen=True)
class EncodedField:
    """One field of a document as ids: word features, unigram numbers (empty: no char), weight."""

    word: np.ndarray
    unigrams: np.ndarray
    weight: float


def release_free_memory() -> None:
    """Hand freed heap pages back to the OS (glibc ``malloc_trim``; a no-op elsewhere).

    The build frees many mid-sized block arrays; glibc keeps such memory in the
    heap, so the next phase would otherwise stack its peak on top of it.
    """
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        return


def damp(data: np.ndarray) -> np.ndarray:
    """Apply ``1 + ln tf`` to entries >= 1 in place; smaller (expansion) entries stay."""
    big = data >= 1.0
    data[big] = 1.0 + np.log(data[big])
    return data


class _Triples:
    """Column-id arrays of a block of documents, with their row and weight per array."""

    def __init__(self) -> None:
        self.cols: list[np.ndarray] = []
        self.rows: list[int] = []
        self.weights: list[float] = []

    def add(self, row: int, cols: np.ndarray, weight: float) -> None:
        self.cols.append(cols)
        self.rows.append(row)
        self.weights.append(weight)

    def matrix(self, n_rows: int, n_cols: int, damped: bool = True) -> sp.csr_matrix:
        """CSR of the summed weights, values damped unless ``damped`` is off."""
        if not self.cols:
            return sp.csr_matrix((n_rows, n_cols), dtype=np.float32)
        lengths = np.fromiter(map(len, self.cols), dtype=np.int64, count=len(self.cols))
        rows = np.repeat(np.array(self.rows, dtype=np.int32), lengths)
        vals = np.repeat(np.array(self.weights, dtype=np.float32), lengths)
        m = sp.csr_matrix((vals, (rows, np.concatenate(self.cols))), shape=(n_rows, n_cols), dtype=np.float32)
        m.sum_duplicates()
        # sum_duplicates leaves views on the pre-summing buffers; keep compact copies only
        m = sp.csr_matrix((m.data.copy(), m.indices.astype(np.int32), m.indptr.astype(np.int32)),
                          shape=m.shape, copy=False)
        if damped:
            damp(m.data)
        return m


def _resized(block: sp.csr_matrix, n_cols: int) -> sp.csr_matrix:
    return sp.csr_matrix((block.data, block.indices, block.indptr), shape=(block.shape[0], n_cols))


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


@dataclass(frozen=True)
class Postings:
    """Feature-by-document inverted index in CSR layout (scipy has no half-precision sparse type)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]

    @property
    def nnz(self) -> int:
        return len(self.indices)

    def column(self, row: int) -> sp.csr_matrix:
        """Document ``row`` as a 1 x features float32 row (a full scan; not for hot paths)."""
        at = np.flatnonzero(self.indices == row)
        features = (np.searchsorted(self.indptr, at, side="right") - 1).astype(np.int32)
        return sp.csr_matrix((self.data[at].astype(np.float32), features, np.array([0, len(at)])),
                             shape=(1, self.shape[0]))


class _Postings:
    """Feature-by-document CSR filled block by block from doc-major blocks (df known up front).

    Each block is weighted with idf, its rows l2-normalised, and its entries put in
    place with a counting sort by feature; blocks arrive in document order, so each
    posting list stays sorted by document. Nothing doc-major needs to be kept.
    """

    def __init__(self, idf: np.ndarray, df: np.ndarray) -> None:
        self._idf = idf
        self.indptr = np.zeros(len(idf) + 1, dtype=np.int64)
        np.cumsum(df, out=self.indptr[1:])
        self.indices = np.empty(int(self.indptr[-1]), dtype=np.int32)
        self.data = np.empty(int(self.indptr[-1]), dtype=POSTING_DTYPE)
        self._free = self.indptr[:-1].copy()
        self._rows = 0

    def add(self, block: sp.csr_matrix) -> None:
        values = block.data * self._idf[block.indices]
        lengths = np.diff(block.indptr)
        local = np.repeat(np.arange(block.shape[0], dtype=np.int32), lengths)
        norms = np.sqrt(np.bincount(local, weights=values * values, minlength=block.shape[0]))
        values /= np.where(norms > 0, norms, 1.0).astype(np.float32)[local]
        order = np.argsort(block.indices, kind="stable")
        cols = block.indices[order]
        starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]]) if len(cols) else cols
        counts = np.diff(np.r_[starts, len(cols)])
        position = self._free[cols] + (np.arange(len(cols)) - np.repeat(starts, counts))
        self.indices[position] = local[order] + np.int32(self._rows)
        self.data[position] = values[order]
        self._free[cols[starts]] += counts
        self._rows += block.shape[0]

    def matrix(self) -> Postings:
        return Postings(self.indptr, self.indices, self.data, (len(self._idf), self._rows))


class TermIndex:
    """Word and character TF-IDF spaces over a fixed set of documents."""

    def __init__(self, documents: Iterable[Sequence[EncodedField]], vocabulary: Vocabulary,
                 char_max_df: float = 1.0) -> None:
        self.vocabulary = vocabulary
        word_blocks: list[sp.csr_matrix] = []
        char_blocks: list[sp.csr_matrix] = []
        n_docs = 0
        for chunk in _chunks(documents, BLOCK_SIZE):
            word, char = _Triples(), _Triples()
            for row, fields in enumerate(chunk):
                for f in fields:
                    word.add(row, f.word, f.weight)
                    if len(f.unigrams):
                        char.add(row, f.unigrams, f.weight)
            word_blocks.append(word.matrix(len(chunk), len(vocabulary)))
            char_blocks.append(char.matrix(len(chunk), len(vocabulary.unigram_no), damped=False))
            n_docs += len(chunk)
        self.size = n_docs
        release_free_memory()
        n_words = len(vocabulary)
        word_blocks = [_resized(b, n_words) for b in word_blocks]
        word_df = np.zeros(n_words, dtype=np.int64)
        for b in word_blocks:
            word_df += np.bincount(b.indices, minlength=n_words)
        self._word_idf = _idf(word_df, n_docs)
        postings = _Postings(self._word_idf, word_df)
        while word_blocks:
            postings.add(word_blocks.pop(0))
        self.word_postings = postings.matrix()
        del postings, word_blocks
        release_free_memory()

        grams = vocabulary.term_grams()
        char_blocks = [_resized(b, grams.shape[0]) for b in char_blocks]
        char_df = np.zeros(grams.shape[1], dtype=np.int64)
        for b in char_blocks:
            char_df += np.bincount((b @ grams).indices, minlength=grams.shape[1])
        keep = char_df <= max(char_max_df * n_docs, 1)
        self._gram_col = np.where(keep, np.cumsum(keep) - 1, -1).astype(np.int32)
        grams = grams[:, keep].tocsr()
        self._char_idf = _idf(char_df[keep], n_docs)
        postings = _Postings(self._char_idf, char_df[keep])
        while char_blocks:
            product = (char_blocks.pop(0) @ grams).tocsr()
            product.sort_indices()
            damp(product.data)
            postings.add(product)
        self.char_postings = postings.matrix()
        release_free_memory()

    def word_vector(self, weighted: Sequence[WeightedTerms]) -> sp.csr_matrix:
        """l2-normalised TF-IDF vector (1 x V) of query terms and their bigrams; unknown ones dropped."""
        ids = self.vocabulary.ids
        counts: dict[int, float] = {}
        for field in weighted:
            terms = list(field.terms)
            for term in terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]:
                col = ids.get(term)
                if col is not None:
                    counts[col] = counts.get(col, 0.0) + field.weight
        return self._vector(counts, self._word_idf, len(ids))

    def char_vector(self, weighted: Sequence[WeightedTerms]) -> sp.csr_matrix:
        """l2-normalised char n-gram vector; also covers terms unseen in the catalogue."""
        weights: dict[str, float] = {}
        for field in weighted:
            for term in field.terms:
                weights[term] = weights.get(term, 0.0) + field.weight
        counts: dict[int, float] = {}
        grams, cols = self.vocabulary.grams, self._gram_col
        for term, weight in weights.items():
            for gram in grams.lookup(term):
                col = int(cols[gram])
                if col >= 0:
                    counts[col] = counts.get(col, 0.0) + weight
        return self._vector(counts, self._char_idf, len(self._char_idf))

    @staticmethod
    def _vector(counts: Mapping[int, float], idf: np.ndarray, size: int) -> sp.csr_matrix:
        cols = np.array(sorted(c for c, v in counts.items() if v > 0), dtype=np.int32)
        values = damp(np.array([counts[c] for c in cols], dtype=np.float32)) * idf[cols]
        norm = float(np.sqrt(np.dot(values, values)))
        if norm > 0:
            values /= norm
        return sp.csr_matrix((values.astype(np.float32), cols, np.array([0, len(cols)])), shape=(1, size))

    def scores(self, word: sp.csr_matrix, char: sp.csr_matrix, word_share: float) -> np.ndarray:
        """Dense per-document blend ``word_share * cos_word + (1 - word_share) * cos_char``."""
        return word_share * _dot(word, self.word_postings) + (1.0 - word_share) * _dot(char, self.char_postings)

    def char_scores(self, char: sp.csr_matrix) -> np.ndarray:
        """Dense per-document cosine in the character space only."""
        return _dot(char, self.char_postings)

    def word_scores(self, word: sp.csr_matrix) -> np.ndarray:
        """Dense per-document cosine in the word space only."""
        return _dot(word, self.word_postings)

    def idf(self, term: str) -> float:
        """Word-space idf of ``term`` (0 when unknown)."""
        col = self.vocabulary.ids.get(term)
        return 0.0 if col is None else float(self._word_idf[col])

    def present(self, terms: Iterable[str], rows: Sequence[int]) -> list[set[str]]:
        """For each of ``rows``, which of ``terms`` it holds as word features (one search per term)."""
        wanted = np.asarray(rows, dtype=np.int32)
        found: list[set[str]] = [set() for _ in rows]
        p, ids = self.word_postings, self.vocabulary.ids
        for term in set(terms):
            col = ids.get(term)
            if col is None or not len(wanted):
                continue
            posting = p.indices[p.indptr[col]:p.indptr[col + 1]]
            if not len(posting):
                continue
            at = np.minimum(np.searchsorted(posting, wanted), len(posting) - 1)
            for i in np.flatnonzero(posting[at] == wanted):
                found[i].add(term)
        return found

    def has_term(self, row: int, term: str) -> bool:
        """Whether document ``row`` contains the word-space feature ``term``."""
        return term in self.present([term], [row])[0]

    def document_vectors(self, row: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The stored (word, char) vectors of document ``row`` (a column scan; not for hot paths)."""
        return self.word_postings.column(row), self.char_postings.column(row)


def _dot(vector: sp.csr_matrix, postings: Postings) -> np.ndarray:
    """Dense ``vector @ postings`` accumulated over the vector's posting lists only."""
    out = np.zeros(postings.shape[1], dtype=np.float32)
    for col, weight in zip(vector.indices, vector.data.astype(np.float32)):
        start, end = postings.indptr[col], postings.indptr[col + 1]
        if end > start:
            out[postings.indices[start:end]] += weight * postings.data[start:end]
    return out


def _chunks(items: Iterable, size: int) -> Iterable[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

