"""The weekly job runs exactly once per period, across processes, and catches up after downtime."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select

from grantmatch.catalog.jobmodels import JobRun, LinkRun
from grantmatch.config import PROJECT_ROOT, LinkcheckConfig, SmtpConfig
from grantmatch.runtime import Runtime
from grantmatch.scheduler import current_period, run_pending
from grantmatch.services import jobs, transfer
from tests.catalog.test_files import scheme_text
from tests.conftest import CATALOG

OSLO = ZoneInfo("Europe/Oslo")
WEEKLY = "0 7 * * mon"


def test_current_period_is_the_last_fire_time() -> None:
    monday_early = dt.datetime(2026, 11, 30, 6, 59, tzinfo=OSLO)
    assert current_period(WEEKLY, "Europe/Oslo", monday_early) == dt.datetime(2026, 11, 23, 7, 0, tzinfo=OSLO)
    monday_seven = dt.datetime(2026, 11, 30, 7, 0, tzinfo=OSLO)
    assert current_period(WEEKLY, "Europe/Oslo", monday_seven) == monday_seven
    assert current_period("*/10 * * * *", "Europe/Oslo", dt.datetime(2026, 11, 30, 7, 25, tzinfo=OSLO)).minute == 20


def local_catalog_folder(tmp_path: Path, httpserver: HTTPServer) -> Path:
    root = tmp_path / "local-catalog"
    (root / "schemes").mkdir(parents=True)
    shutil.copy(CATALOG / "programmes.yaml", root / "programmes.yaml")
    for name, path in (("local-ok", "/ok"), ("local-gone", "/gone")):
        url = httpserver.url_for(path)
        (root / "schemes" / f"{name}.yaml").write_text(
            scheme_text(id=name, url=url, agency={"name": "Local", "url": url}, sources=[url]), encoding="utf-8")
    return root


@pytest.fixture
def job_runtime(runtime: Runtime, tmp_path: Path, httpserver: HTTPServer, smtp_sink) -> Runtime:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/ok").respond_with_data("fine")
    httpserver.expect_request("/gone").respond_with_data("no", status=410)
    with runtime.session() as session:
        assert transfer.import_path(session, local_catalog_folder(tmp_path, httpserver), "test").ok
    config = runtime.config.with_changes(
        report_to=("coord@example.org",),
        smtp=SmtpConfig(host="127.0.0.1", port=smtp_sink.port, sender="gm@example.org"),
        linkcheck=LinkcheckConfig(allow_private=True, timeout=2, per_host_concurrency=2, cron=WEEKLY),
    )
    return Runtime(config=config, engine=runtime.engine, sessions=runtime.sessions)


def linkchecks(ran: list[str]) -> list[str]:
    return [entry for entry in ran if entry.startswith("linkcheck@")]


def count(runtime: Runtime, model: type) -> int:
    with runtime.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_run_pending_twice_in_a_period_runs_once(job_runtime: Runtime, smtp_sink) -> None:  # type: ignore[no-untyped-def]
    now = dt.datetime(2026, 11, 30, 9, 0, tzinfo=OSLO)
    first = run_pending(job_runtime, now)
    assert linkchecks(first.ran) == ["linkcheck@2026-11-30T07:00:00+01:00"] and first.mail.waiting == 0
    second = run_pending(job_runtime, now + dt.timedelta(days=2))
    assert linkchecks(second.ran) == [] and count(job_runtime, LinkRun) == 1
    assert len(smtp_sink.messages) == 1
    subject = smtp_sink.messages[0][1]["Subject"]
    assert subject.startswith("Lenkesjekk uke 49")


def test_missed_run_is_caught_up_and_next_period_runs_again(job_runtime: Runtime) -> None:
    # Service was down on Monday 07:00; it starts on Wednesday and catches up.
    wednesday = dt.datetime(2026, 12, 2, 12, 0, tzinfo=OSLO)
    assert linkchecks(run_pending(job_runtime, wednesday).ran) == ["linkcheck@2026-11-30T07:00:00+01:00"]
    next_monday = dt.datetime(2026, 12, 7, 7, 1, tzinfo=OSLO)
    assert linkchecks(run_pending(job_runtime, next_monday).ran) == ["linkcheck@2026-12-07T07:00:00+01:00"]
    assert count(job_runtime, LinkRun) == 2


def test_claim_of_a_dead_process_is_taken_over(job_runtime: Runtime) -> None:
    old = dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.timezone.utc)
    assert jobs.claim(job_runtime.sessions, "demo", "p1", now=old) is not None
    assert jobs.claim(job_runtime.sessions, "demo", "p1", now=old + dt.timedelta(minutes=5)) is None
    assert jobs.claim(job_runtime.sessions, "demo", "p1", now=old + dt.timedelta(hours=3)) is not None


def test_failed_job_records_the_error_and_is_not_rerun(job_runtime: Runtime) -> None:
    def boom(_claim: int) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        jobs.run_once(job_runtime.sessions, "demo", "p2", boom)
    assert jobs.run_once(job_runtime.sessions, "demo", "p2", boom) is None
    with job_runtime.session() as session:
        row = session.scalar(select(JobRun).where(JobRun.job == "demo"))
    assert row.status == "failed" and "disk full" in row.error


def test_two_processes_racing_send_exactly_one_report(job_runtime: Runtime, smtp_sink) -> None:  # type: ignore[no-untyped-def]
    env = dict(
        os.environ,
        GRANTMATCH_DATABASE_URL=job_runtime.config.database_url,
        GRANTMATCH_INSTANCE_PATH=str(job_runtime.config.instance_path),
        GRANTMATCH_LINKCHECK_ALLOW_PRIVATE="1",
        GRANTMATCH_LINKCHECK_TIMEOUT="2",
        GRANTMATCH_REPORT_TO="coord@example.org",
        GRANTMATCH_SMTP_HOST="127.0.0.1",
        GRANTMATCH_SMTP_PORT=str(smtp_sink.port),
        GRANTMATCH_MAIL_FROM="gm@example.org",
        GRANTMATCH_SECRET_KEY="test-secret-key-for-the-scheduler",
    )
    command = [str(Path(sys.executable).parent / "grantmatch"), "scheduler", "--run-pending"]
    racers = [subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
              for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0].decode() for p in racers]
    assert all(p.returncode == 0 for p in racers), "\n".join(outputs)
    assert sum("ran: linkcheck@" in out for out in outputs) == 1, outputs
    assert count(job_runtime, LinkRun) == 1
    with job_runtime.session() as session:
        claims = list(session.scalars(select(JobRun.job).order_by(JobRun.job)))
    assert claims == ["alerts", "linkcheck"]  # each job claimed once, by one of the two processes
    assert len(smtp_sink.messages) == 1
