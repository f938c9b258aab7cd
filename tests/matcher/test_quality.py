"""Quality regression over the real catalogue (catalog_data/) and the labelled query sets.

Reads the real files; skips with a reason when they are absent. The matcher is
evaluated with the leakage guard (past projects a query was written from are not
used as precedents for it).
"""

from pathlib import Path

import pytest

from grantmatch.evaluation import load_catalog_records, load_queries, run_evaluation

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog_data"
DEV = ROOT / "tests" / "eval" / "dev.jsonl"  # a copy of ../shared/eval/dev.jsonl
OWN = ROOT / "tests" / "eval" / "queries.jsonl"

pytestmark = pytest.mark.skipif(not list((CATALOG / "schemes").glob("*.yaml")),
                                reason="catalog_data/schemes/ has no scheme files")


@pytest.fixture(scope="module")
def records():
    return load_catalog_records(CATALOG)


def _report(records, path):
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return run_evaluation(records, load_queries(path))


@pytest.fixture(scope="module")
def own_report(records):
    return _report(records, OWN)


def test_dev_set(records):
    report = _report(records, DEV)
    matcher = report.systems["matcher"].overall
    assert matcher.top3 >= 0.95, matcher
    assert matcher.mrr >= 0.85, matcher


def test_own_set_beats_targets_and_both_baselines(own_report):
    report = own_report
    matcher = report.systems["matcher"].overall
    assert matcher.top3 >= 0.90, matcher
    assert matcher.mrr >= 0.80, matcher
    for baseline in ("fts5-bm25", "tfidf-default"):
        other = report.systems[baseline].overall
        assert matcher.mrr >= other.mrr + 0.05, (baseline, other)
        assert matcher.top3 > other.top3, (baseline, other)


def test_every_language_of_the_own_set_is_served(own_report):
    report = own_report
    for lang, figures in report.systems["matcher"].by_lang.items():
        assert figures.top3 >= 0.85, (lang, figures)
