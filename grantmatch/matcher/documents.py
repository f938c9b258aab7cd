"""Scheme records turned into the index's encoded fields, memoised per distinct text piece.

Texts are cut into sentence-like pieces (after ``.``, ``!``, ``?`` or ``;``); each
distinct (piece, language) is analysed and encoded once per build. Catalogues
repeat a lot of text (programme names, partner notes, summaries shared by sister
schemes, boilerplate sentences, keywords), so most pieces are memo hits. Joining
the pieces restores the bigrams across their borders, so the result is exactly
that of encoding each field whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from grantmatch.matcher.fields import scheme_fields
from grantmatch.matcher.glossary import Glossary
from grantmatch.matcher.index import EncodedField
from grantmatch.matcher.results import MatcherConfig
from grantmatch.matcher.text import Analyzer
from grantmatch.matcher.vocabulary import Encoded, Vocabulary

_PIECE_RE = re.compile(r"(?<=[.!?;])\s+")
_NONE = np.zeros(0, dtype=np.int32)
MEMO_WHOLE_CHARS = 300
"""Texts shorter than this are memoised whole (names, summaries, notes); longer ones per piece."""
MEMO_LIMIT = 50_000
"""A memo is emptied when it reaches this many entries, so texts that never repeat
(numbered names, shuffled keyword lists) cannot make it grow with the catalogue;
texts that do repeat are back in it after their next occurrence."""


class DocumentEncoder:
    """Encodes scheme records for one index build (the memo lives as long as the encoder)."""

    def __init__(self, analyzer: Analyzer, vocabulary: Vocabulary, glossary: Glossary,
                 programme_names: Mapping[str, Mapping[str, str]], config: MatcherConfig) -> None:
        self._analyzer = analyzer
        self._vocabulary = vocabulary
        self._glossary = glossary
        self._names = programme_names
        self._config = config
        self._memo: dict[tuple[str, str], Encoded] = {}
        self._fields: dict[tuple[str, str, bool], tuple[np.ndarray, np.ndarray]] = {}

    def _piece(self, text: str, lang: str) -> Encoded:
        key = (lang, text)
        encoded = self._memo.get(key)
        if encoded is None:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            encoded = self._memo[key] = self._vocabulary.encode(self._analyzer.terms(text, lang))
        return encoded

    def _field(self, text: str, lang: str, bigrams: bool) -> tuple[np.ndarray, np.ndarray]:
        """(word ids, unigram numbers) of one field text; whole texts are memoised too."""
        key = (lang, text, bigrams)
        found = self._fields.get(key)
        if found is not None:
            return found
        pieces = [self._piece(p, lang) for p in _PIECE_RE.split(text)]
        if bigrams:
            found = self._vocabulary.join(pieces)
        else:
            found = (np.concatenate([p.word[:len(p.unigrams)] for p in pieces] + [_NONE]),
                     np.concatenate([p.unigrams for p in pieces] + [_NONE]))
        if len(text) < MEMO_WHOLE_CHARS:
            if len(self._fields) >= MEMO_LIMIT:
                self._fields.clear()
            self._fields[key] = found
        return found

    def encode_all(self, schemes: Iterable[Mapping[str, Any]]) -> Iterator[list[EncodedField]]:
        """``encode`` each scheme in turn; the memos are dropped once the stream is consumed."""
        for scheme in schemes:
            yield self.encode(scheme)
        self._memo.clear()
        self._fields.clear()

    def encode(self, scheme: Mapping[str, Any]) -> list[EncodedField]:
        """The weighted, encoded fields of one scheme (char ids only for char fields)."""
        cfg = self._config
        out: list[EncodedField] = []
        for item in scheme_fields(scheme, self._names):
            word, unigrams = self._field(item.text, item.lang, item.field in cfg.bigram_fields)
            char = unigrams if item.field in cfg.char_fields else _NONE
            out.append(EncodedField(word, char, cfg.field_weights.get(item.field, 1.0)))
            if cfg.doc_glossary_weight > 0:
                for hit in self._glossary.hits(self._analyzer.terms(item.text, item.lang)):
                    for phrase in hit.added:
                        added = self._vocabulary.encode(phrase)
                        out.append(EncodedField(added.word, _NONE, cfg.doc_glossary_weight))
        return out
