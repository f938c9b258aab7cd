"""Exactly-once claims for scheduled jobs, shared by every process through the database."""

from __future__ import annotations

import datetime as dt
import os
import socket
from typing import Callable, TypeVar

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from grantmatch.catalog.jobmodels import JobRun
from grantmatch.catalog.models import utcnow

# A claim still "running" after this long belongs to a process that died mid-job; it may
# be taken over so a crash does not cost the whole period.
STALE_AFTER = dt.timedelta(hours=2)
T = TypeVar("T")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(sessions: sessionmaker[Session], job: str, period: str, now: dt.datetime | None = None) -> int | None:
    """Claim ``period`` for ``job``; the claim's id, or None if another process has it."""
    now = now or utcnow()
    with sessions() as session:
        session.add(JobRun(job=job, period=period, status="running", claimed_at=now, worker=worker_name()))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
        else:
            return session.scalar(select(JobRun.id).where(JobRun.job == job, JobRun.period == period))
        # Taken. Take over only a claim whose process died (still running, and old).
        result = session.execute(
            update(JobRun)
            .where(JobRun.job == job, JobRun.period == period, JobRun.status == "running",
                   JobRun.claimed_at < now - STALE_AFTER)
            .values(claimed_at=now, worker=worker_name(), error="taken over from a stale claim")
            .execution_options(synchronize_session=False)
        )
        session.commit()
        if result.rowcount == 1:
            return session.scalar(select(JobRun.id).where(JobRun.job == job, JobRun.period == period))
        return None


def finish(sessions: sessionmaker[Session], claim_id: int, error: str | None = None) -> None:
    with sessions() as session:
        row = session.get(JobRun, claim_id)
        if row is not None:
            row.status = "failed" if error else "done"
            row.error = error
            row.finished_at = utcnow()
            session.commit()


def run_once(sessions: sessionmaker[Session], job: str, period: str, work: Callable[[int], T]) -> T | None:
    """Run ``work(claim_id)`` if this process wins the claim; record success or failure.

    A failed run keeps its claim (status failed) so that it is not retried in a loop
    within the same period; the error is visible on the dashboard.
    """
    claim_id = claim(sessions, job, period)
    if claim_id is None:
        return None
    try:
        value = work(claim_id)
    except Exception as exc:
        finish(sessions, claim_id, error=f"{type(exc).__name__}: {exc}")
        raise
    finish(sessions, claim_id)
    return value


def was_claimed(session: Session, job: str, period: str) -> bool:
    return session.scalar(select(JobRun.id).where(JobRun.job == job, JobRun.period == period)) is not None
