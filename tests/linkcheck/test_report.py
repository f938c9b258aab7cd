"""Report building (two-run rule, sections) and email rendering (nb/en, escaping)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from grantmatch.linkcheck import LinkResult, LinkStatus
from grantmatch.linkcheck.render import render_email
from grantmatch.linkcheck.report import PriorState, Usage, build_report, failure_streak

BASE = "https://grantmatch.fredrikstad.kommune.no"
RUN_DATE = date(2026, 11, 26)  # ISO week 48
AT = datetime(2026, 11, 26, 6, 0, tzinfo=timezone.utc)


def result(url: str, status: str, http: int | None = 200, final: str | None = None,
           error: str | None = None, permanent: bool = False) -> LinkResult:
    return LinkResult(url, LinkStatus(status), http, final or url, 120, error, permanent, AT)


def sample_report(lang_previous: dict[str, PriorState] | None = None):
    results = [
        result("https://a.example/ok", "ok"),
        result("https://b.example/new-fail", "broken", 404, error="HTTP 404 Not Found"),
        result("https://c.example/second", "unreachable", None, error="timed out"),
        result("https://d.example/third", "broken", 410, error="HTTP 410 Gone"),
        result("https://e.example/old", "redirect", 200, final="https://e.example/new", permanent=True),
        result("https://f.example/blocked", "uncertain", 403, error="HTTP 403 Forbidden"),
        result("https://g.example/back", "ok"),
    ]
    previous = lang_previous or {
        "https://a.example/ok": PriorState("ok", 0),
        "https://c.example/second": PriorState("unreachable", 1),
        "https://d.example/third": PriorState("broken", 2),
        "https://g.example/back": PriorState("broken", 3),
    }
    usages = {
        "https://b.example/new-fail": [("scheme", "eu-bio", "EU Biodiversitet")],
        "https://c.example/second": [Usage("scheme", "erasmus-plus", "Erasmus+")],
        "https://d.example/third": [("scheme", "nordplus", "Nordplus")],
        "https://e.example/old": [("scheme", "interreg", "Interreg Øresund-Kattegat-Skagerrak")],
    }
    return build_report(results, previous, usages, base_url=BASE + "/", run_date=RUN_DATE)


def urls(entries) -> list[str]:
    return [e.result.url for e in entries]


def test_two_run_rule_and_sections() -> None:
    report = sample_report()
    assert urls(report.failing_once) == ["https://b.example/new-fail"]
    assert urls(report.newly_broken) == ["https://c.example/second"]
    assert urls(report.still_broken) == ["https://d.example/third"]
    assert urls(report.moved) == ["https://e.example/old"]
    assert urls(report.uncertain) == ["https://f.example/blocked"]
    assert urls(report.recovered) == ["https://g.example/back"]
    assert report.broken_count == 2 and report.moved_count == 1
    assert report.totals.checked == 7 and report.totals.ok == 2 and report.totals.broken == 2
    assert report.newly_broken[0].failing_runs == 2 and report.still_broken[0].failing_runs == 3
    assert report.newly_broken[0].usages[0].edit_url == f"{BASE}/admin/schemes/erasmus-plus/edit"


def test_single_failure_is_not_alarmed() -> None:
    results = [result("https://x.example/", "broken", 404, error="HTTP 404 Not Found")]
    report = build_report(results, {}, {}, base_url=BASE, run_date=RUN_DATE)
    assert report.broken_count == 0 and len(report.failing_once) == 1
    assert render_email(report).subject == "Lenkesjekk uke 48: 0 brutte, 0 flyttet"


def test_uncertain_does_not_count_as_failure_streak() -> None:
    now = result("https://x.example/", "broken", 404)
    assert failure_streak(now, PriorState("uncertain", 0)) == 1
    assert failure_streak(now, PriorState("broken", 4)) == 5
    assert failure_streak(result("https://x.example/", "ok"), PriorState("broken", 4)) == 0


def test_recovered_redirect_is_also_listed_as_moved() -> None:
    results = [result("https://x.example/", "redirect", final="https://x.example/ny", permanent=True)]
    report = build_report(results, {"https://x.example/": PriorState("broken", 1)}, {},
                          base_url=BASE, run_date=RUN_DATE)
    assert len(report.recovered) == 1 and len(report.moved) == 1


def test_subject_in_bokmal_and_english() -> None:
    report = sample_report()
    assert render_email(report).subject == "Lenkesjekk uke 48: 2 brutte, 1 flyttet"
    assert render_email(report, "en").subject == "Link check week 48: 2 broken, 1 moved"
    with pytest.raises(ValueError):
        render_email(report, "de")


def test_text_body_lists_sections_and_edit_links() -> None:
    text = render_email(sample_report()).text
    for title in ("Nylig brutte lenker (1)", "Fortsatt brutte lenker (1)", "Flyttede lenker (1)",
                  "Usikre lenker (1)", "Feilet én gang – sjekkes på nytt (1)", "Virker igjen (1)"):
        assert title in text
    assert "Ny adresse: https://e.example/new" in text
    assert f"Ordning «Interreg Øresund-Kattegat-Skagerrak»: {BASE}/admin/schemes/interreg/edit" in text
    assert text.index("Nylig brutte") < text.index("Fortsatt brutte") < text.index("Flyttede")
    english = render_email(sample_report(), "en").text
    assert "Newly broken links (1)" in english and "Scheme «Erasmus+»" in english


def test_html_escapes_hostile_url_and_name() -> None:
    hostile_url = 'https://evil.example/"><script>alert(1)</script>'
    results = [result(hostile_url, "uncertain", 403, error="<b>HTTP 403</b>"),
               result("javascript:alert(2)", "broken", None, error="refused: unsupported scheme")]
    usages = {hostile_url: [("scheme", "x/../y", '<img src=x onerror=alert(3)> & Co')]}
    previous = {"javascript:alert(2)": PriorState("broken", 1)}
    html = render_email(build_report(results, previous, usages, base_url=BASE, run_date=RUN_DATE)).html
    assert "<script>" not in html and "<img" not in html and "<b>HTTP" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(3)&gt; &amp; Co" in html
    assert 'href="javascript:' not in html
    assert f"{BASE}/admin/schemes/x%2F..%2Fy/edit" in html


def test_html_has_inline_styled_tables() -> None:
    html = render_email(sample_report()).html
    assert html.startswith("<!DOCTYPE html>") and 'lang="nb"' in html
    assert html.count("<table") == 6 and "<img" not in html and "style=" in html
    assert '<a href="https://e.example/new"' in html


def test_quiet_week_says_all_good() -> None:
    report = build_report([result("https://a.example/", "ok")], {}, {}, base_url=BASE, run_date=RUN_DATE)
    email = render_email(report)
    assert "Ingen funn" in email.text and "Ingen funn" in email.html and "<table" not in email.html
