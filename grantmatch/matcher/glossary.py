"""Glossary expansion: a term in one language is evidence for its equivalents.

Each glossary group (nb/nn/sv/en term lists) is compiled into phrases of analysed
terms, each analysed with its own language's stemmer. A text whose terms contain a
phrase of a group "hits" the group; expansion then yields the group's other phrases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from grantmatch.matcher.text import LANGUAGES, Analyzer

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class GlossaryHit:
    """One glossary group found in a text: the phrase seen and the phrases it adds."""

    group: int
    seen: Phrase
    added: tuple[Phrase, ...]


class Glossary:
    """Compiled glossary groups with phrase lookup over analysed terms."""

    def __init__(self, groups: Iterable[Mapping[str, Sequence[str]]], analyzer: Analyzer) -> None:
        self._groups: list[tuple[Phrase, ...]] = []
        self._index: dict[Phrase, list[int]] = {}
        for group in groups:
            phrases: list[Phrase] = []
            for lang in LANGUAGES:
                for term in group.get(lang) or ():
                    phrase = tuple(analyzer.terms(str(term), lang))
                    if phrase and phrase not in phrases:
                        phrases.append(phrase)
            if len(phrases) < 2:
                continue
            number = len(self._groups)
            self._groups.append(tuple(phrases))
            for phrase in phrases:
                self._index.setdefault(phrase, []).append(number)
        self._longest = max((len(p) for p in self._index), default=0)

    def __len__(self) -> int:
        return len(self._groups)

    def hits(self, terms: Sequence[str]) -> list[GlossaryHit]:
        """Groups whose phrases occur in ``terms``, each with the phrases to add.

        Phrases already present in ``terms`` are not added again; each group is
        reported once, for its first (longest) phrase seen.
        """
        present = set(terms)
        found: dict[int, GlossaryHit] = {}
        for start in range(len(terms)):
            for size in range(min(self._longest, len(terms) - start), 0, -1):
                phrase = tuple(terms[start:start + size])
                for number in self._index.get(phrase, ()):
                    if number in found:
                        continue
                    added = tuple(p for p in self._groups[number]
                                  if p != phrase and not (len(p) == 1 and p[0] in present))
                    found[number] = GlossaryHit(number, phrase, added)
        return list(found.values())
