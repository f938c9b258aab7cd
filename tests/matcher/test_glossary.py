"""Glossary compilation and expansion."""

from grantmatch.matcher.glossary import Glossary
from grantmatch.matcher.text import Analyzer

GROUPS = [
    {"nb": ["elevutveksling"], "sv": ["elevutbyte"], "en": ["pupil exchange"]},
    {"nb": ["barnehage"], "sv": ["förskola"], "en": ["kindergarten"]},
    {"nb": ["alene"]},  # a group with one term adds nothing and is dropped
]


def test_swedish_term_expands_to_norwegian_and_english_phrases():
    analyzer = Analyzer()
    glossary = Glossary(GROUPS, analyzer)
    assert len(glossary) == 2
    hits = glossary.hits(analyzer.terms("elevutbyte med en förskola", "sv"))
    added = {p for h in hits for p in h.added}
    assert tuple(analyzer.terms("elevutveksling", "nb")) in added
    assert tuple(analyzer.terms("pupil exchange", "en")) in added
    assert tuple(analyzer.terms("barnehage", "nb")) in added


def test_multiword_phrase_is_matched_and_not_re_added():
    analyzer = Analyzer()
    glossary = Glossary(GROUPS, analyzer)
    [hit] = glossary.hits(analyzer.terms("a pupil exchange", "en"))
    assert hit.seen == tuple(analyzer.terms("pupil exchange", "en"))
    assert hit.seen not in hit.added


def test_no_hit_without_glossary_terms():
    analyzer = Analyzer()
    assert Glossary(GROUPS, analyzer).hits(analyzer.terms("klima og miljø", "nb")) == []
