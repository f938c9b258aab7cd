"""Catalogue link checks stored run by run, the two-run rule, and the report through real SMTP."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_httpserver import HTTPServer

from grantmatch.config import SmtpConfig
from grantmatch.linkcheck import CheckOptions
from grantmatch.runtime import Runtime
from grantmatch.services import catalog as cat
from grantmatch.services import linkhealth, outbox
from tests.conftest import free_port
from tests.services.test_transfer import seed

FAST = CheckOptions(connect_timeout=1, read_timeout=1, retries=0, backoff_base=0.01, allow_private=True)


def point_scheme_at(runtime: Runtime, scheme_id: str, url: str, sources: list[str] | None = None) -> None:
    with runtime.session() as session:
        data = dict(cat.get_entity(session, "scheme", scheme_id).data, url=url)
        data["agency"] = dict(data["agency"], url=url)
        data["sources"] = sources or [url]
        cat.save_entity(session, "scheme", data, "test")
        session.commit()


@pytest.fixture
def local_catalog(runtime: Runtime, httpserver: HTTPServer) -> Runtime:
    """A seeded catalogue whose URLs only point at a local server (tests never go online)."""
    seed(runtime)
    point_scheme_at(runtime, "nordplus-junior", httpserver.url_for("/nordplus"))
    point_scheme_at(runtime, "urbact", httpserver.url_for("/urbact"), [httpserver.url_for("/nordplus")])
    return runtime


def local_urls(runtime: Runtime, httpserver: HTTPServer) -> list[str]:
    with runtime.session() as session:
        return [u for u in linkhealth.catalog_usages(session) if u.startswith(httpserver.url_for("/"))]


def test_usages_are_distinct_and_remember_every_scheme(local_catalog: Runtime, httpserver: HTTPServer) -> None:
    with local_catalog.session() as session:
        usages = linkhealth.catalog_usages(session)
    shared = usages[httpserver.url_for("/nordplus")]
    assert {(kind, rid) for kind, rid, _ in shared} == {("scheme", "nordplus-junior"), ("scheme", "urbact")}


def test_two_runs_alarm_once_and_report_is_queued_then_sent(local_catalog: Runtime, httpserver: HTTPServer,
                                                            smtp_sink) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/nordplus").respond_with_data("ok")
    httpserver.expect_request("/urbact").respond_with_data("gone", status=404)
    urls = local_urls(local_catalog, httpserver)
    with local_catalog.session() as session:
        first = linkhealth.run_check(session, FAST, base_url="http://grantmatch.test", urls=urls,
                                     recipients=["coord@example.org"])
    assert [e.result.url for e in first.report.failing_once] == [httpserver.url_for("/urbact")]
    assert first.report.newly_broken == ()
    with local_catalog.session() as session:
        second = linkhealth.run_check(session, FAST, base_url="http://grantmatch.test", urls=urls,
                                      recipients=["coord@example.org"])
        statuses = linkhealth.latest_statuses(session)
        waiting = linkhealth.unsent_reports(session)
    assert [e.result.url for e in second.report.newly_broken] == [httpserver.url_for("/urbact")]
    broken = statuses[httpserver.url_for("/urbact")]
    assert broken.status == "broken" and broken.alarmed and broken.since < broken.checked_at
    assert len(waiting) == 2

    settings = outbox.smtp_settings(SmtpConfig(host="127.0.0.1", port=smtp_sink.port, sender="gm@example.org"))
    with local_catalog.session() as session:
        delivery = outbox.deliver_pending(session, settings)
    assert (delivery.sent, delivery.waiting) == (2, 0)
    rcpts, message = smtp_sink.messages[-1]
    assert rcpts == ["coord@example.org"]
    assert message["Subject"].startswith("Lenkesjekk uke") and "1 brutt" in message["Subject"]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "http://grantmatch.test/admin/schemes/urbact/edit" in html
    assert httpserver.url_for("/urbact") in text


def test_failing_mail_server_keeps_the_report_for_the_next_tick(local_catalog: Runtime, httpserver: HTTPServer,
                                                                smtp_sink) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/nordplus").respond_with_data("ok")
    httpserver.expect_request("/urbact").respond_with_data("ok")
    with local_catalog.session() as session:
        linkhealth.run_check(session, FAST, base_url="http://x.test", urls=local_urls(local_catalog, httpserver),
                             recipients=["coord@example.org"])
        down = outbox.smtp_settings(SmtpConfig(host="127.0.0.1", port=free_port(), sender="gm@example.org"))
        first = outbox.deliver_pending(session, down)
        mail = linkhealth.unsent_reports(session)[0]
        assert (first.sent, first.failed, mail.attempts) == (0, 1, 1) and mail.last_error
        up = outbox.smtp_settings(SmtpConfig(host="127.0.0.1", port=smtp_sink.port, sender="gm@example.org"))
        assert outbox.deliver_pending(session, up).sent == 1
        assert linkhealth.unsent_reports(session) == []
    assert len(smtp_sink.messages) == 1


def test_report_can_be_rebuilt_from_storage(local_catalog: Runtime, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/nordplus").respond_with_data("", status=301,
                                                             headers={"Location": httpserver.url_for("/new")})
    httpserver.expect_request("/new").respond_with_data("moved here")
    httpserver.expect_request("/urbact").respond_with_data("ok")
    with local_catalog.session() as session:
        outcome = linkhealth.run_check(session, FAST, base_url="http://x.test",
                                       urls=local_urls(local_catalog, httpserver))
        run = session.get(linkhealth.LinkRun, outcome.run_id)
        rebuilt = linkhealth.report_for_run(session, run, "http://x.test")
    assert [e.result.final_url for e in rebuilt.moved] == [httpserver.url_for("/new")]
    assert rebuilt.totals == outcome.report.totals
    assert run.counts["redirect"] == 1 and run.finished_at >= run.started_at
    assert isinstance(run.finished_at, dt.datetime)
