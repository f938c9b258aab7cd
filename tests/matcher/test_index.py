"""The index's building blocks: n-gram cutting, piecewise encoding, postings."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from grantmatch.matcher.index import EncodedField, TermIndex, WeightedTerms
from grantmatch.matcher.vocabulary import Vocabulary, char_wb_ngrams


@pytest.mark.parametrize("term", ["skol", "ab", "skolepartnerskap", "grænsøverskrid"])
def test_char_ngrams_are_cut_like_scikit_learn_char_wb(term):
    reference = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    assert char_wb_ngrams(term, (3, 5)) == reference(term)


def test_encoding_in_pieces_equals_encoding_whole():
    terms = ["elev", "utveksling", "skol", "itali", "klima"]
    whole, parts = Vocabulary((4, 5)), Vocabulary((4, 5))
    expected = whole.encode(terms)
    word, unigrams = parts.join([parts.encode(terms[:2]), parts.encode([]), parts.encode(terms[2:])])
    names = lambda vocab, ids: sorted(t for t, i in vocab.ids.items() if i in set(ids.tolist()))
    assert names(parts, word) == names(whole, expected.word)
    assert len(word) == len(expected.word) and len(unigrams) == len(expected.unigrams)


def _index(docs, **kw):
    vocab = Vocabulary((3, 5))
    encoded = []
    for fields in docs:
        row = []
        for terms, weight in fields:
            e = vocab.encode(terms)
            row.append(EncodedField(e.word, e.unigrams, weight))
        encoded.append(row)
    return TermIndex(encoded, vocab, **kw)


def test_scores_are_cosines_and_membership_is_exact():
    index = _index([[(["skol", "partnerskap"], 3.0)], [(["klima"], 1.0)], [(["skol", "klima"], 1.0)]])
    word = index.word_vector([WeightedTerms(["klima"], 1.0)])
    scores = index.word_scores(word)
    assert scores[0] == 0 and scores[1] == pytest.approx(1.0) and 0 < scores[2] < 1
    assert index.has_term(2, "klima") and not index.has_term(0, "klima") and not index.has_term(0, "ukjent")
    assert index.has_term(0, "skol partnerskap")
    norms = np.sqrt(np.bincount(index.word_postings.indices, weights=index.word_postings.data ** 2))
    assert norms == pytest.approx(np.ones(3), rel=1e-3)  # stored in half precision


def test_common_char_ngrams_are_pruned_by_document_frequency():
    docs = [[(["skol" + s], 1.0)] for s in ("en", "ene", "er", "ar")] + [[(["klima"], 1.0)]]
    full, pruned = _index(docs), _index(docs, char_max_df=0.5)
    assert pruned.char_postings.nnz < full.char_postings.nnz
    assert pruned.char_postings.shape[0] < full.char_postings.shape[0]
