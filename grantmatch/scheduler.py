"""Scheduled jobs (APScheduler), run exactly once per period across all processes.

Every process that runs a scheduler (``grantmatch scheduler``, or ``grantmatch serve``
in-process) only *ticks*: on each tick it asks, for every job, "which period is current
by the job's cron rule, and has anyone claimed it?". The first process to insert the
(job, period) claim row runs the job; all others find it taken. A tick at start-up
catches up a run missed while the service was down, and each tick retries unsent mail.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from grantmatch.linkcheck import CheckOptions
from grantmatch.observability import timed_job
from grantmatch.runtime import Runtime
from grantmatch.services import jobs, linkhealth, outbox

log = logging.getLogger("grantmatch.scheduler")
TICK_MINUTES = 5
_SEARCH_WINDOWS = (dt.timedelta(hours=1), dt.timedelta(days=1), dt.timedelta(days=8), dt.timedelta(days=32),
                   dt.timedelta(days=367))


def current_period(cron: str, timezone: str, now: dt.datetime) -> dt.datetime | None:
    """The latest time at or before ``now`` when ``cron`` fires (None if it never has within a year)."""
    trigger = CronTrigger.from_crontab(cron, timezone=ZoneInfo(timezone))
    for window in _SEARCH_WINDOWS:
        fire = trigger.get_next_fire_time(None, now - window)
        if fire is None or fire > now:
            continue
        while True:
            following = trigger.get_next_fire_time(fire, fire + dt.timedelta(seconds=1))
            if following is None or following > now:
                return fire
            fire = following
    return None


def link_options(runtime: Runtime) -> CheckOptions:
    cfg = runtime.config.linkcheck
    return CheckOptions(connect_timeout=cfg.timeout, read_timeout=cfg.timeout,
                        per_host_concurrency=cfg.per_host_concurrency, allow_private=cfg.allow_private)


def linkcheck_job(runtime: Runtime, claim_id: int) -> linkhealth.RunOutcome:
    with runtime.session() as session:
        outcome = linkhealth.run_check(session, link_options(runtime), base_url=runtime.config.base_url,
                                       recipients=runtime.config.report_to, trigger="schedule", job_run_id=claim_id)
        outbox.deliver_pending(session, outbox.smtp_settings(runtime.config.smtp))
    return outcome


def alerts_job(runtime: Runtime, claim_id: int) -> int:
    """Daily: queue one digest per saved search with news, drop stale unconfirmed sign-ups, send."""
    from grantmatch.runtime import secret_key
    from grantmatch.services import alerts, search

    today = dt.datetime.now(ZoneInfo(runtime.config.timezone)).date()
    with runtime.session() as session:
        matcher = search.build_matcher(search.matcher_inputs(session))
        queued = alerts.queue_digests(session, matcher, base_url=runtime.config.base_url,
                                      secret=secret_key(runtime.config), today=today)
        alerts.purge_unconfirmed(session)
        outbox.deliver_pending(session, outbox.smtp_settings(runtime.config.smtp))
    return queued


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    work: Callable[[Runtime, int], object]


def scheduled_jobs(runtime: Runtime) -> list[Job]:
    return [Job("linkcheck", runtime.config.linkcheck.cron, linkcheck_job),
            Job("alerts", runtime.config.alerts_cron, alerts_job)]


@dataclass(frozen=True)
class TickResult:
    ran: list[str]
    skipped: list[str]
    mail: outbox.DeliveryReport


def run_pending(runtime: Runtime, now: dt.datetime | None = None) -> TickResult:
    """Run every job whose current period nobody has claimed yet; then retry unsent mail."""
    now = now or dt.datetime.now(dt.timezone.utc)
    ran, skipped = [], []
    for job in scheduled_jobs(runtime):
        period = current_period(job.cron, runtime.config.timezone, now)
        if period is None:
            skipped.append(job.name)
            continue
        key = period.isoformat()
        value = jobs.run_once(runtime.sessions, job.name, key,
                              lambda claim_id, job=job, key=key: _logged(runtime, job, key, claim_id))
        (ran if value is not None else skipped).append(f"{job.name}@{key}")
    with runtime.session() as session:
        mail = outbox.deliver_pending(session, outbox.smtp_settings(runtime.config.smtp))
    return TickResult(ran=ran, skipped=skipped, mail=mail)


def _logged(runtime: Runtime, job: Job, period: str, claim_id: int) -> object:
    with timed_job(log, job.name, period=period, claim=claim_id):
        return job.work(runtime, claim_id)


def _safe_tick(runtime: Runtime) -> None:
    try:
        result = run_pending(runtime)
        if result.ran:
            log.info("scheduled jobs ran: %s", ", ".join(result.ran))
    except Exception:  # a failed tick must not stop the scheduler; the claim records the error
        log.exception("scheduler tick failed")


def _add_tick(scheduler: BackgroundScheduler | BlockingScheduler, runtime: Runtime) -> None:
    scheduler.add_job(_safe_tick, IntervalTrigger(minutes=TICK_MINUTES), args=[runtime], id="tick",
                      next_run_time=dt.datetime.now(dt.timezone.utc), coalesce=True, max_instances=1,
                      misfire_grace_time=None)


def start_background(runtime: Runtime) -> BackgroundScheduler:
    """In-process scheduler for ``grantmatch serve`` (single-machine default)."""
    scheduler = BackgroundScheduler(timezone=ZoneInfo(runtime.config.timezone), daemon=True)
    _add_tick(scheduler, runtime)
    scheduler.start()
    return scheduler


def run_forever(runtime: Runtime) -> None:
    """The long-lived ``grantmatch scheduler`` process."""
    scheduler = BlockingScheduler(timezone=ZoneInfo(runtime.config.timezone))
    _add_tick(scheduler, runtime)
    scheduler.start()
