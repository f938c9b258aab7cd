"""Link health: check the catalogue's URLs, store every run and result, report changes.

The checking itself lives in :mod:`grantmatch.linkcheck` (no database); this module
decides which URLs to check, remembers what each earlier run said, writes the report to
the mail outbox before anything is sent, and answers "what is the status of this URL
now, and since when" for the web pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from grantmatch.catalog.jobmodels import LinkCheckResult, LinkRun, OutboxMail
from grantmatch.catalog.models import PastProject, Scheme, utcnow
from grantmatch.linkcheck import CheckOptions, LinkResult, LinkStatus, PriorState, build_report, check_urls
from grantmatch.linkcheck import failure_streak, render_email
from grantmatch.services import outbox

STATUSES = tuple(s.value for s in LinkStatus)
REPORT_KIND = "link-report"


def catalog_usages(session: Session) -> dict[str, list[tuple[str, str, str]]]:
    """Every distinct URL in the catalogue → the records using it: (kind, id, name)."""
    usages: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for scheme in session.scalars(select(Scheme).order_by(Scheme.id)):
        data = scheme.data
        name = (data.get("name") or {}).get("nb") or scheme.id
        urls = [data.get("url"), (data.get("agency") or {}).get("url"), *(data.get("sources") or [])]
        for url in dict.fromkeys(u for u in urls if u):
            usages[url].append(("scheme", scheme.id, name))
    for project in session.scalars(select(PastProject).order_by(PastProject.id)):
        url = project.data.get("url")
        if url:
            usages[url].append(("project", project.id, project.data.get("name") or project.id))
    return dict(usages)


def _latest_rows(session: Session, urls: Sequence[str] | None = None) -> dict[str, LinkCheckResult]:
    newest = (select(LinkCheckResult.url, func.max(LinkCheckResult.id).label("max_id"))
              .group_by(LinkCheckResult.url))
    if urls is not None:
        if not urls:
            return {}
        newest = newest.where(LinkCheckResult.url.in_(list(urls)))
    sub = newest.subquery()
    rows = session.scalars(select(LinkCheckResult).join(sub, LinkCheckResult.id == sub.c.max_id))
    return {row.url: row for row in rows}


@dataclass(frozen=True)
class RunOutcome:
    run_id: int
    results: list[LinkResult]
    usages: dict[str, list[tuple[str, str, str]]]
    report: Any  # LinkReport
    mail_id: int | None


def run_check(session: Session, options: CheckOptions, *, base_url: str, recipients: Sequence[str] = (),
              urls: Sequence[str] | None = None, trigger: str = "cli", job_run_id: int | None = None,
              progress: Callable[[int, int, LinkResult], None] | None = None, lang: str = "nb",
              checker: Callable[..., list[LinkResult]] = check_urls) -> RunOutcome:
    """Check ``urls`` (default: the whole catalogue), store the run, queue the report.

    The report is queued in the outbox (when there are recipients) in the same
    transaction as the results, so it survives a mail server that is down.
    """
    usages = catalog_usages(session)
    targets = list(dict.fromkeys(urls if urls is not None else usages))
    latest = _latest_rows(session, targets)
    previous = {url: PriorState(row.status, row.consecutive_failures) for url, row in latest.items()}
    run = LinkRun(trigger=trigger, job_run_id=job_run_id, started_at=utcnow(), counts={},
                  catalog_urls=urls is None)
    session.add(run)
    session.flush()
    results = checker(targets, options, progress)
    for result in results:
        session.add(_row(run.id, result, latest.get(result.url)))
    run.finished_at = utcnow()
    run.counts = {status: sum(1 for r in results if r.status == status) for status in STATUSES}
    report = build_report(results, previous, usages, base_url=base_url, run_date=run.finished_at.date())
    mail_id = None
    if recipients:
        email = render_email(report, lang)
        mail = outbox.enqueue(session, kind=REPORT_KIND, recipients=recipients, subject=email.subject,
                              text=email.text, html=email.html, ref=f"link-run:{run.id}")
        session.flush()
        mail_id = mail.id
    session.commit()
    return RunOutcome(run_id=run.id, results=results, usages=usages, report=report, mail_id=mail_id)


def _row(run_id: int, result: LinkResult, before: LinkCheckResult | None) -> LinkCheckResult:
    prior = PriorState(before.status, before.consecutive_failures) if before is not None else None
    same = before is not None and before.status == str(result.status)
    return LinkCheckResult(
        run_id=run_id, url=result.url, status=str(result.status), http_status=result.http_status,
        final_url=result.final_url, elapsed_ms=result.elapsed_ms, error=result.error,
        redirect_permanent=result.redirect_permanent, checked_at=result.checked_at,
        consecutive_failures=failure_streak(result, prior),
        status_since=(before.status_since or before.checked_at) if same else result.checked_at,
    )


@dataclass(frozen=True)
class LinkStatusView:
    """The latest known state of a URL, for badges and the dashboard."""

    url: str
    status: str
    http_status: int | None
    final_url: str | None
    error: str | None
    checked_at: dt.datetime
    since: dt.datetime
    consecutive_failures: int

    @property
    def alarmed(self) -> bool:
        """Broken for two runs or more: what the report calls broken."""
        return self.consecutive_failures >= 2


def latest_statuses(session: Session) -> dict[str, LinkStatusView]:
    """Every checked URL's latest status and since when it has had that status."""
    return {
        url: LinkStatusView(url=url, status=row.status, http_status=row.http_status, final_url=row.final_url,
                            error=row.error, checked_at=row.checked_at, since=row.status_since or row.checked_at,
                            consecutive_failures=row.consecutive_failures)
        for url, row in _latest_rows(session).items()
    }


def recent_runs(session: Session, limit: int = 26) -> list[LinkRun]:
    """The newest catalogue runs, oldest first (for the plot)."""
    rows = list(session.scalars(select(LinkRun).where(LinkRun.catalog_urls.is_(True), LinkRun.finished_at.is_not(None))
                                .order_by(LinkRun.id.desc()).limit(limit)))
    return list(reversed(rows))


def unsent_reports(session: Session) -> list[OutboxMail]:
    return [m for m in outbox.pending(session) if m.kind == REPORT_KIND]


def last_report(session: Session) -> OutboxMail | None:
    return session.scalar(select(OutboxMail).where(OutboxMail.kind == REPORT_KIND).order_by(OutboxMail.id.desc()))


def _as_result(row: LinkCheckResult) -> LinkResult:
    return LinkResult(url=row.url, status=LinkStatus(row.status), http_status=row.http_status, final_url=row.final_url,
                      elapsed_ms=row.elapsed_ms, error=row.error, redirect_permanent=row.redirect_permanent,
                      checked_at=row.checked_at)


def latest_catalog_run(session: Session) -> LinkRun | None:
    return session.scalar(select(LinkRun).where(LinkRun.catalog_urls.is_(True), LinkRun.finished_at.is_not(None))
                          .order_by(LinkRun.id.desc()))


def report_for_run(session: Session, run: LinkRun, base_url: str) -> Any:
    """Rebuild the report of a stored run (previous state = each URL's result before it)."""
    rows = list(session.scalars(select(LinkCheckResult).where(LinkCheckResult.run_id == run.id)
                                .order_by(LinkCheckResult.id)))
    previous: dict[str, PriorState] = {}
    for row in rows:
        before = session.scalar(select(LinkCheckResult).where(LinkCheckResult.url == row.url,
                                                              LinkCheckResult.run_id < run.id)
                                .order_by(LinkCheckResult.id.desc()))
        if before is not None:
            previous[row.url] = PriorState(before.status, before.consecutive_failures)
    finished = run.finished_at or utcnow()
    return build_report([_as_result(r) for r in rows], previous, catalog_usages(session), base_url=base_url,
                        run_date=finished.date())
