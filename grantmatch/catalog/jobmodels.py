"""Models for scheduled work: job claims, link-check runs and results, and the mail outbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grantmatch.catalog.models import Base, JsonType, utcnow


class JobRun(Base):
    """A job's claim on one period. The unique (job, period) pair makes a run happen once
    however many processes try: the second INSERT fails and that process backs off."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job: Mapped[str] = mapped_column(String(50))
    period: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running | done | failed
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str | None] = mapped_column(Text)


class LinkRun(Base):
    __tablename__ = "link_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    trigger: Mapped[str] = mapped_column(String(20))  # schedule | cli | admin
    job_run_id: Mapped[int | None] = mapped_column(ForeignKey("job_runs.id"))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    counts: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    catalog_urls: Mapped[bool] = mapped_column(Boolean, default=True)  # False: an ad-hoc --urls run


class LinkCheckResult(Base):
    __tablename__ = "link_results"
    __table_args__ = (Index("ix_link_results_url_run", "url", "run_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    http_status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(Text)
    elapsed_ms: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    redirect_permanent: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    # When the URL first showed this status in an unbroken row of runs ("broken since 3 March").
    status_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class OutboxMail(Base):
    """A mail stored before sending, so a failing mail server never loses it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)  # link-report | ...
    ref: Mapped[str | None] = mapped_column(String(100))
    recipients: Mapped[list[str]] = mapped_column(JsonType)
    subject: Mapped[str] = mapped_column(Text)
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # A sender leases a mail before sending, so two processes never send the same mail.
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SavedSearch(Base):
    """A staff member's search with an e-mail address, for alerts (double opt-in, no account).

    The address is kept only for this and the row is deleted on unsubscribe.
    """

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    query: Mapped[str] = mapped_column(Text)
    applicant: Mapped[str | None] = mapped_column(String(40))
    programme: Mapped[str | None] = mapped_column(String(80))
    lang: Mapped[str] = mapped_column(String(5), default="nb")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_digest_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Scheme ids that matched at the last digest, and deadline notices already sent ("id|date|30").
    known_schemes: Mapped[list[str]] = mapped_column(JsonType, default=list)
    sent_notices: Mapped[list[str]] = mapped_column(JsonType, default=list)
