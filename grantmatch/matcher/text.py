"""Text normalising for the matcher: Unicode, folding, tokens, stop words, stems.

Kept apart from scoring: the index only ever sees the term lists produced here.
Order of operations (each step has a reason):

1. NFKC + lowercase, so full-width forms, ligatures and case never split a term.
2. Tokenise on letters/digits; hyphens and "+" separate ("KA122-SCH" -> ka122, sch).
3. Drop stop words of the text's language, single letters and bare numbers.
4. Snowball-stem with the language's stemmer *before* folding, because the Swedish
   stemmer needs ä/ö to recognise its suffixes.
5. Fold: Swedish ä/ö become æ/ø ("Strömstad" = "Strømstad"), other accents are
   stripped (é -> e); å, æ, ø are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import snowballstemmer

from grantmatch.matcher.stopwords import ALL_STOP_WORDS, STOP_WORDS

LANGUAGES: tuple[str, ...] = ("nb", "nn", "sv", "en")
"""Languages the matcher understands; nb is the default."""

_STEMMER_NAMES = {"nb": "norwegian", "nn": "norwegian", "sv": "swedish", "en": "english"}
_TOKEN_RE = re.compile(r"[^\W_]+")
_FOLD = str.maketrans({
    "ä": "æ", "ö": "ø", "ő": "ø", "é": "e", "è": "e", "ê": "e", "ë": "e", "ė": "e",
    "ę": "e", "ē": "e", "á": "a", "à": "a", "â": "a", "ã": "a", "ą": "a", "ă": "a",
    "ā": "a", "ü": "u", "ú": "u", "ù": "u", "û": "u", "ū": "u", "ų": "u", "í": "i",
    "ì": "i", "î": "i", "ï": "i", "ī": "i", "į": "i", "ó": "o", "ò": "o", "ô": "o",
    "õ": "o", "ç": "c", "č": "c", "ć": "c", "ñ": "n", "ń": "n", "ņ": "n", "ð": "d",
    "þ": "th", "ß": "ss", "ł": "l", "ļ": "l", "š": "s", "ś": "s", "ș": "s", "ş": "s",
    "ž": "z", "ż": "z", "ź": "z", "ț": "t", "ţ": "t", "ģ": "g", "ķ": "k", "ò": "o",
})

# Words that occur in one language only; used by detect_language.
# Words nb and nn share (used by both lists below) do not decide between them.
_NB_NN_SHARED = frozenset("og til med av som hos".split())
_MARKERS: dict[str, frozenset[str]] = {
    "nn": frozenset("ikkje eg frå kva korleis kvifor berre eit dei deira vere mykje noko "
                    "nokon saman òg skule skulen skulane elevane fleire heile sjølv gjer "
                    "ynskjer ønskjer ungdomar born borna hjå medan difor ein ei lærar lærarar "
                    "lærarane betre korleis dykk".split()),
    "nb": frozenset("ikke jeg fra hva hvordan hvorfor bare ett de deres være mye noe noen "
                    "sammen også skole skolen skolene elevene flere hele selv gjør ønsker "
                    "ungdommer barn barna hos mens derfor og til med av en et som".split()),
    "sv": frozenset("och att inte jag från vad hur varför bara ett deras vara mycket något "
                    "några tillsammans också skola skolan skolor eleverna flera hela själv "
                    "gör vill ungdomar barnen hos medan därför till med av en som är för "
                    "mellan samarbete kommun kommuner".split()),
    "en": frozenset("the and of to with for is are our we you this that from between "
                    "school schools pupils students young people project partners".split()),
}


def normalise(text: str) -> str:
    """Return ``text`` NFKC-normalised and lowercased (no folding, no stemming)."""
    return unicodedata.normalize("NFKC", text).lower()


def fold(term: str) -> str:
    """Fold Swedish ä/ö to æ/ø and strip other accents, keeping å, æ and ø."""
    return term.translate(_FOLD)


def tokenize(text: str) -> list[str]:
    """Split normalised text into letter/digit runs (no filtering)."""
    return _TOKEN_RE.findall(normalise(text))


def surface_tokens(text: str) -> list[str]:
    """Tokens as written (NFKC, case kept), aligned with ``tokenize`` when lowercasing keeps them apart."""
    written = _TOKEN_RE.findall(unicodedata.normalize("NFKC", text))
    lowered = tokenize(text)
    if len(written) == len(lowered) and all(w.lower() == t for w, t in zip(written, lowered)):
        return written
    return lowered


def is_content_token(token: str, lang: str) -> bool:
    """True when ``token`` can carry meaning: not a stop word, letter, or bare number."""
    return len(token) > 1 and not token.isdigit() and token not in STOP_WORDS[lang]


def detect_language(text: str) -> str:
    """Guess nb, nn, sv or en from marker words and Swedish letters; nb when unsure.

    Nynorsk shares most words with bokmål, so nn wins only with more nn-only
    markers than nb-only ones. Lowercase tokens with ä/ö count for Swedish,
    lowercase tokens with æ/ø for Norwegian. Capitalised words are left out of the letter
    count: they are mostly names, and Norwegian staff often write Swedish place
    names ("Strömstad", "Västra Götaland") in Norwegian text (and Swedish staff
    Norwegian ones such as "Østfold").
    """
    written = surface_tokens(text)
    tokens = [t.lower() for t in written]
    scores = {lang: sum(t in _MARKERS[lang] for t in tokens) for lang in LANGUAGES}
    scores["sv"] += sum(1 for w in written if ("ä" in w or "ö" in w) and not w[:1].isupper())
    norwegian_letters = sum(1 for w in written if ("æ" in w or "ø" in w) and not w[:1].isupper())
    scores["nb"] += norwegian_letters
    scores["nn"] += norwegian_letters
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == "nb"))
    if scores[best] == 0:
        return "nb"
    if best in ("nb", "nn"):
        nb_only = scores["nb"] - sum(t in _NB_NN_SHARED for t in tokens)
        return "nn" if scores["nn"] > nb_only else "nb"
    return best


class Analyzer:
    """Turns text into stemmed, folded content terms for one language at a time.

    Holds one Snowball stemmer per language and a memo of stems it has seen,
    so re-analysing a large catalogue costs one stemmer call per distinct word.
    """

    def __init__(self) -> None:
        self._stemmers = {lang: snowballstemmer.stemmer(name)
                          for lang, name in _STEMMER_NAMES.items()}
        self._memo: dict[str, dict[str, str]] = {lang: {} for lang in _STEMMER_NAMES}

    def stem(self, token: str, lang: str) -> str:
        """Stem one lowercased token in ``lang`` and fold the result ("" for a stop word)."""
        memo = self._memo[lang]
        stem = memo.get(token)
        if stem is None:
            stem = fold(self._stemmers[lang].stemWord(token)) if is_content_token(token, lang) else ""
            memo[token] = stem
        return stem

    def terms(self, text: str, lang: str) -> list[str]:
        """Content terms of ``text`` in order (stop words removed, stemmed, folded)."""
        memo = self._memo[lang]
        out = []
        for token in tokenize(text):
            stem = memo.get(token)
            if stem is None:
                stem = self.stem(token, lang)
            if stem:
                out.append(stem)
        return out

    def surface_terms(self, text: str, lang: str) -> list[tuple[str, str]]:
        """Pairs (token as written, term) for the content tokens of ``text``; for explanations."""
        pairs = []
        for written in surface_tokens(text):
            token = written.lower()
            if is_content_token(token, lang):
                pairs.append((written, self.stem(token, lang)))
        return pairs


def with_bigrams(terms: list[str]) -> list[str]:
    """Unigrams followed by adjacent-pair bigrams ("elev utveksling")."""
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def is_meaningless(tokens: Iterable[str]) -> bool:
    """True when every token is a stop word in some language, a letter or a number."""
    return all(len(t) < 2 or t.isdigit() or t in ALL_STOP_WORDS for t in tokens)
