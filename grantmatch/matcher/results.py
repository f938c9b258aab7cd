"""Public value types of the matcher: configuration, results, errors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from grantmatch.matcher.fields import CHAR_FIELDS, FIELD_WEIGHTS


class QueryTooLong(ValueError):
    """The query exceeds ``MatcherConfig.max_query_chars``; the message states the limit."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"query is {length} characters long; the limit is {limit} characters")
        self.length = length
        self.limit = limit


@dataclass(frozen=True)
class MatcherConfig:
    """Every tunable of the ranking, with the defaults chosen on the evaluation.

    The evaluation module builds matchers with variations of this object to
    measure what each choice buys (see ``grantmatch.evaluation.ablations``).
    """

    field_weights: Mapping[str, float] = field(default_factory=lambda: dict(FIELD_WEIGHTS))
    char_fields: frozenset[str] = CHAR_FIELDS
    # Char space: 4-5-grams, dropping n-grams in over 30% of schemes (they held ~60% of
    # the postings); word bigrams from every field but the long description. Together
    # they cut the 100k index build and memory by about half at no cost on dev.
    char_ngrams: tuple[int, int] = (4, 5)
    char_max_df: float = 0.3
    bigram_fields: frozenset[str] = frozenset(FIELD_WEIGHTS) - {"description"}
    word_share: float = 0.5
    query_glossary_weight: float = 0.5
    doc_glossary_weight: float = 0.0
    geo_weight: float = 0.15
    precedent_scheme_weight: float = 0.15
    precedent_family_weight: float = 0.10
    precedent_min_similarity: float = 0.15
    calibration_mid: float = 0.20
    calibration_scale: float = 0.06
    weak_threshold: float = 0.5
    max_query_chars: int = 10_000
    min_char_score: float = 0.15


@dataclass(frozen=True)
class MatchResult:
    """One ranked scheme with its calibrated score and the evidence behind it."""

    scheme_id: str
    programme: str
    name: str
    score: float
    weak: bool
    why: tuple[str, ...]
    next_deadline: str | None
    similar_projects: tuple[str, ...]
    status: str = "active"
    successor: str | None = None


@dataclass(frozen=True)
class MatchOutcome:
    """Results of one query plus the detected language and, when empty, why."""

    results: tuple[MatchResult, ...]
    lang: str
    message: str | None = None
    places: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[MatchResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, index: int) -> MatchResult:
        return self.results[index]


EMPTY_MESSAGES: Mapping[str, Mapping[str, str]] = {
    "empty": {"nb": "Skriv en beskrivelse av prosjektidéen.", "nn": "Skriv ei skildring av prosjektidéen.",
              "sv": "Skriv en beskrivning av projektidén.", "en": "Please describe the project idea."},
    "meaningless": {
        "nb": "Fant ingen kjente ord i teksten. Beskriv prosjektet med flere ord (tema, målgruppe, partnere).",
        "nn": "Fann ingen kjende ord i teksten. Skildre prosjektet med fleire ord (tema, målgruppe, partnarar).",
        "sv": "Hittade inga kända ord i texten. Beskriv projektet med fler ord (tema, målgrupp, partner).",
        "en": "No known words found. Describe the project in more words (theme, target group, partners)."},
    "filtered": {"nb": "Ingen ordninger passer filtrene.", "nn": "Ingen ordningar passar filtra.",
                 "sv": "Inga stöd passar filtren.", "en": "No schemes match the filters."},
}
"""Messages for an outcome without results, per reason and language."""
