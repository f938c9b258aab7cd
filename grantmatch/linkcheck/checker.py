"""Check one URL: HEAD first, GET when needed, retries, and the verdict."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from http import HTTPStatus

import requests

from .failures import FINAL_KINDS, RETRYABLE_KINDS, Failure
from .fetch import Context, Reply, create_session, walk
from .guard import Resolver, parse_http_url
from .limits import HostLimiter
from .options import CheckOptions
from .page import challenge_text, is_htmlish, read_page, soft_404_text
from .result import LinkResult, LinkStatus
from .retry import RETRYABLE_STATUSES, parse_retry_after, retry_delay

Clock = Callable[[], datetime]
BOT_BLOCK_STATUSES = frozenset({401, 403, 999})


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


def _retryable(reply: Reply) -> bool:
    if reply.failure is not None:
        return reply.failure.kind in RETRYABLE_KINDS
    return reply.status in RETRYABLE_STATUSES


def _get_with_retries(ctx: Context, url: str, *, redirects: int = 0, permanent: bool = False) -> Reply:
    """GET ``url``; retry 429/5xx/timeouts/resets with backoff honouring Retry-After."""
    attempts = ctx.options.retries + 1
    reply = Reply(url=url)
    for attempt in range(attempts):
        reply = walk(ctx, url, "GET", redirects=redirects, permanent=permanent)
        reply = replace(reply, attempts=attempt + 1)
        if attempt + 1 == attempts or not _retryable(reply):
            break
        ctx.sleep(retry_delay(attempt, parse_retry_after(reply.headers.get("retry-after")), ctx.options))
    return reply


def probe(ctx: Context, url: str) -> Reply:
    """Find the authoritative answer for ``url`` with as little load as sensible.

    HEAD is tried once. A 2xx HEAD on a non-HTML resource settles it; a 2xx HEAD
    on HTML is followed by one capped GET of the final URL (soft-404 and
    challenge detection). Anything else on HEAD, except failures a GET cannot
    fix, is settled by GET from the start, with retries.
    """
    head = walk(ctx, url, "HEAD")
    if head.failure is not None and head.failure.kind in FINAL_KINDS:
        return head
    if head.success:
        if not is_htmlish(head.headers):
            return head
        return _get_with_retries(ctx, head.url, redirects=head.redirects, permanent=head.permanent)
    if head.status in RETRYABLE_STATUSES:
        wait = parse_retry_after(head.headers.get("retry-after"))
        if wait is not None:
            ctx.sleep(retry_delay(0, wait, ctx.options))
    return _get_with_retries(ctx, url)


def _status_text(code: int) -> str:
    try:
        return f"HTTP {code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"HTTP {code}"


def _after(reply: Reply) -> str:
    """Context for an error text: retries made and redirects followed."""
    notes = []
    if reply.redirects:
        notes.append(f"after {reply.redirects} redirect(s) to {reply.url}")
    if reply.attempts > 1:
        notes.append(f"after {reply.attempts} attempts")
    return (" " + ", ".join(notes)) if notes else ""


def classify(reply: Reply) -> tuple[LinkStatus, str | None]:
    """Turn the authoritative reply into a status and an English explanation."""
    if reply.failure is not None:
        status = LinkStatus.BROKEN if reply.failure.broken else LinkStatus.UNREACHABLE
        return status, reply.failure.message + _after(reply)
    code = reply.status or 0
    page = read_page(reply.headers, reply.body) if reply.body else None
    challenge = challenge_text(reply.headers, page)
    if challenge and (200 <= code < 300 or code in BOT_BLOCK_STATUSES or code in RETRYABLE_STATUSES):
        return LinkStatus.UNCERTAIN, (
            f"{_status_text(code)} with bot protection ({challenge}); a browser will likely get through"
        )
    if 200 <= code < 300:
        soft = soft_404_text(page) if page else None
        if soft:
            return LinkStatus.UNCERTAIN, (
                f"possible soft 404: the page answers {_status_text(code)} but says '{soft[:120]}'"
                + _after(reply)
            )
        return (LinkStatus.REDIRECT if reply.redirects else LinkStatus.OK), None
    if code in BOT_BLOCK_STATUSES:
        return LinkStatus.UNCERTAIN, (
            f"{_status_text(code)}: probably bot protection; check in a browser" + _after(reply)
        )
    if code == 429:
        return LinkStatus.UNCERTAIN, f"{_status_text(code)}: rate limited" + _after(reply)
    if 300 <= code < 400:
        return LinkStatus.BROKEN, f"{_status_text(code)} without a usable Location header" + _after(reply)
    return LinkStatus.BROKEN, _status_text(code) + _after(reply)


def check_url(
    url: str,
    options: CheckOptions | None = None,
    *,
    session: requests.Session | None = None,
    limiter: HostLimiter | None = None,
    resolver: Resolver | None = None,
    clock: Clock = utc_now,
    sleep: Callable[[float], None] = time.sleep,
) -> LinkResult:
    """Check a single URL and return its LinkResult; never raises for a bad link.

    ``session`` and ``limiter`` let a run share one session per worker and one
    per-host limit; without them a private session and limit are used.
    """
    options = options or CheckOptions()
    checked_at = clock()
    started = time.monotonic()
    own_session = session is None
    active = session or create_session(options)
    active.cookies.clear()  # no check depends on what an earlier one left behind
    ctx = Context(
        options=options,
        session=active,
        limiter=limiter or HostLimiter(options.per_host_concurrency),
        resolver=resolver or socket.getaddrinfo,
        sleep=sleep,
    )
    try:
        parts, failure = parse_http_url(url)
        reply = Reply(url=url, failure=failure) if failure or parts is None else probe(ctx, url)
    finally:
        if own_session:
            active.close()
    status, error = classify(reply)
    final_url = None if reply.failure and reply.failure.kind in ("malformed", "scheme") else reply.url
    return LinkResult(
        url=url,
        status=status,
        http_status=reply.status,
        final_url=final_url,
        elapsed_ms=int((time.monotonic() - started) * 1000),
        error=error,
        redirect_permanent=reply.permanent,
        checked_at=checked_at,
    )


def internal_error_result(url: str, exc: BaseException, clock: Clock = utc_now) -> LinkResult:
    """A result for a check that crashed: uncertain, since the link may be fine."""
    failure = Failure("internal", f"checker error: {type(exc).__name__}: {exc}")
    return LinkResult(url, LinkStatus.UNCERTAIN, None, None, 0, failure.message, False, clock())
