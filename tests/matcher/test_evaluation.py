"""Evaluation metrics, baselines, leakage guard and report formatting."""

import datetime as dt

import pytest

from grantmatch.evaluation import (CatalogRecords, family_rank, figures, format_report, load_catalog_records,
                                   load_queries, run_evaluation, written_from)
from grantmatch.matcher.baselines import Fts5Baseline, TfidfBaseline


def test_family_rank_and_figures():
    assert family_rank(["a", "b", "c"], ["c", "x"]) == 3
    assert family_rank(["a"], ["z"]) is None
    f = figures([1, 2, None, 4])
    assert (f.n, f.top1, f.top3) == (4, 0.25, 0.5)
    assert f.mrr == pytest.approx((1 + 0.5 + 0.25) / 4)


def test_written_from_by_project_name_or_shared_words():
    project = {"name": "Les for meg", "description": "Nordisk barnehagepartnerskap om barnelitteratur og leselyst"}
    assert written_from(project, {"text": "noe helt annet", "project": "Les for Meg"})
    assert written_from(project, {"text": "barnehagepartnerskap om barnelitteratur og leselyst"})
    assert not written_from(project, {"text": "klimatiltak i kommunale bygg"})


SCHEMES = [
    {"id": "a", "programme": "fam-a", "status": "active", "name": {"nb": "Klimafond", "en": "Climate fund"},
     "summary": {"nb": "Klima og miljø", "en": "Climate"}, "description": {"nb": "Utslipp", "en": "Emissions"},
     "applicants": ["municipality"], "keywords": {"nb": ["klima"]}},
    {"id": "b", "programme": "fam-b", "status": "active", "name": {"nb": "Kulturfond", "en": "Culture fund"},
     "summary": {"nb": "Kunst og kultur", "en": "Art"}, "description": {"nb": "Teater", "en": "Theatre"},
     "applicants": ["ngo"], "keywords": {"nb": ["kunst"]}},
]


def test_baselines_rank_by_shared_words_and_sanitise_queries():
    fts = Fts5Baseline(SCHEMES)
    assert fts.rank("teater og kunst")[0] == "b"
    assert fts.rank('klima" OR NEAR(') == ["a"]  # operators are quoted away
    assert fts.rank("!!!") == []
    fts.close()
    assert TfidfBaseline(SCHEMES).rank("climate emissions")[0] == "a"


def test_run_evaluation_reports_all_systems_per_lang_and_kind():
    records = CatalogRecords(SCHEMES, [], [])
    queries = [{"text": "klimatiltak og utslipp", "programmes": ["fam-a"], "lang": "nb", "kind": "env"},
               {"text": "theatre for young people", "programmes": ["fam-b"], "lang": "en", "kind": "culture"}]
    report = run_evaluation(records, queries)
    assert set(report.systems) == {"matcher", "fts5-bm25", "tfidf-default"}
    matcher = report.systems["matcher"]
    assert matcher.overall.top1 == 1.0 and set(matcher.by_lang) == {"nb", "en"}
    text = format_report(report, verbose=True)
    assert "matcher" in text and "kind=culture" in text and "MRR 1.000" in text


def test_verbose_report_lists_misses_with_what_ranked_above():
    records = CatalogRecords(SCHEMES, [], [])
    report = run_evaluation(records, [{"text": "kunst og teater", "programmes": ["fam-a"]}])
    text = format_report(report, verbose=True)
    assert "want fam-a; above: fam-b" in text


def test_loaders_turn_dates_into_strings(tmp_path):
    (tmp_path / "schemes").mkdir()
    (tmp_path / "projects").mkdir()
    (tmp_path / "schemes" / "x.yaml").write_text("id: x\nlast_verified: 2026-11-30\n", encoding="utf-8")
    (tmp_path / "q.jsonl").write_text('{"text": "a", "programmes": ["p"]}\n\n', encoding="utf-8")
    records = load_catalog_records(tmp_path)
    assert records.schemes == [{"id": "x", "last_verified": "2026-11-30"}]
    assert records.glossary == [] and records.past_projects == []
    assert load_queries(tmp_path / "q.jsonl") == [{"text": "a", "programmes": ["p"]}]
    assert not isinstance(records.schemes[0]["last_verified"], dt.date)
