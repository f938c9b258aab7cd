"""Ranks external funding schemes for a project idea (nb, nn, sv, en).

Public API: ``Matcher`` (build once, then ``match`` / ``similar_schemes``),
``MatchOutcome``, ``MatchResult``, ``MatcherConfig`` and ``QueryTooLong``.
"""

from grantmatch.matcher.core import Matcher
from grantmatch.matcher.results import MatcherConfig, MatchOutcome, MatchResult, QueryTooLong
from grantmatch.matcher.text import detect_language

__all__ = ["Matcher", "MatchOutcome", "MatchResult", "MatcherConfig", "QueryTooLong", "detect_language"]
