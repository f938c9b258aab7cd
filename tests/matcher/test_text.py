"""Normalising, stemming and language detection."""

import pytest

from grantmatch.matcher.text import Analyzer, detect_language, fold, is_meaningless, tokenize


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def test_unicode_is_nfkc_normalised_and_lowercased():
    assert tokenize("ＥＲＡＳＭＵＳ+ KA122-SCH") == ["erasmus", "ka122", "sch"]


def test_swedish_letters_fold_to_norwegian_ones():
    assert fold("strömstad") == fold("strømstad") == "strømstad"
    assert fold("värmland") == "værmland"
    assert fold("café") == "cafe"
    assert fold("åmål") == "åmål"


def test_bokmal_terms_drop_stop_words_and_stem(analyzer):
    assert analyzer.terms("Vi ønsker et samarbeid med skolene i Sverige", "nb") == [
        "samarbeid", "skol", "sver"]


def test_nynorsk_terms_drop_nynorsk_stop_words(analyzer):
    terms = analyzer.terms("Vi vil lage eit prosjekt saman med skulane i Sverige", "nn")
    assert "eit" not in terms and "saman" not in terms and "med" not in terms
    assert "skul" in terms


def test_swedish_is_stemmed_before_folding(analyzer):
    # the Swedish stemmer needs ö/ä to strip "-ande"; folding happens afterwards
    assert analyzer.terms("gränsöverskridande samarbete", "sv") == ["grænsøverskrid", "samarbet"]


def test_english_terms(analyzer):
    assert analyzer.terms("The schools are exchanging pupils", "en") == ["school", "exchang", "pupil"]


def test_same_stem_for_inflections_of_compounds(analyzer):
    assert analyzer.terms("skolepartnerskapet", "nb") == analyzer.terms("skolepartnerskap", "nb")
    assert analyzer.terms("ungdomsutvekslingen", "nb") == analyzer.terms("ungdomsutveksling", "nb")


def test_meaningless_means_only_stop_words_letters_or_numbers():
    assert is_meaningless(tokenize("og i på the and 2026 x"))
    assert not is_meaningless(tokenize("og skole"))


@pytest.mark.parametrize("text, lang", [
    ("Vi ønsker å samarbeide med skoler i Sverige om klima.", "nb"),
    ("Vi ønskjer å lage eit prosjekt saman med skulane i Sverige, og vi vil ikkje reise langt.", "nn"),
    ("Vi vill samarbeta med skolor i Norge och Danmark om klimatet.", "sv"),
    ("We want to exchange pupils with a school in Italy.", "en"),
    ("Samarbeid med Strömstad og Uddevalla kommune om at skolene skal bli bedre.", "nb"),
    ("felles prosjekt med Strömstad om sentrumsutvikling", "nb"),
    ("Samarbeid med Göteborg og Västra Götaland om kystkultur", "nb"),
    ("Elevene skal besøke en skole i Göteborg", "nb"),
    ("Vi vill samarbeta med Strömstad kommun om turism", "sv"),
    ("Samarbete över gränsen", "sv"),
    ("vi vill utveckla samarbetet mellan skolor i sverige och norge", "sv"),
    ("Fritidsgårdar i Västra Götaland och Østfold ska mötas", "sv"),
    ("Ein by i Latvia har spurt om samarbeid om lokaldemokrati og gode kommunar", "nn"),
    ("", "nb"),
    ("xqzv", "nb"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang
