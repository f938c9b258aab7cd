"""Check many URLs concurrently: a worker pool, per-host limits, a cache per run."""

from __future__ import annotations

import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from itertools import zip_longest
from urllib.parse import urlsplit

import requests

from .checker import Clock, check_url, internal_error_result, utc_now
from .fetch import create_session
from .guard import Resolver
from .limits import HostLimiter
from .options import CheckOptions
from .result import LinkResult

# progress(done, total, result): called in the caller's thread after each unique URL.
Progress = Callable[[int, int, LinkResult], None]


def _host_key(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def interleave_by_host(urls: list[str]) -> list[str]:
    """Order URLs round-robin across hosts so workers do not queue on one host."""
    groups: OrderedDict[str, list[str]] = OrderedDict()
    for url in urls:
        groups.setdefault(_host_key(url), []).append(url)
    ordered: list[str] = []
    for row in zip_longest(*groups.values()):
        ordered.extend(url for url in row if url is not None)
    return ordered


class _Run:
    """State of one check_urls call: its limiter and one session per worker thread."""

    def __init__(self, options: CheckOptions, resolver: Resolver, clock: Clock,
                 sleep: Callable[[float], None]) -> None:
        self.options = options
        self.resolver = resolver
        self.clock = clock
        self.sleep = sleep
        self.limiter = HostLimiter(options.per_host_concurrency)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = create_session(self.options)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def check(self, url: str) -> LinkResult:
        """Check one URL in the current worker thread; never raises."""
        try:
            return check_url(
                url, self.options, session=self._session(), limiter=self.limiter,
                resolver=self.resolver, clock=self.clock, sleep=self.sleep,
            )
        except Exception as exc:  # noqa: BLE001 - one bad URL must not sink the run
            return internal_error_result(url, exc, self.clock)

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()


def check_urls(
    urls: Iterable[str],
    options: CheckOptions | None = None,
    progress: Progress | None = None,
    *,
    resolver: Resolver | None = None,
    clock: Clock = utc_now,
    sleep: Callable[[float], None] = time.sleep,
) -> list[LinkResult]:
    """Check every URL and return one result per input, in input order.

    A URL given more than once is fetched once; its duplicates get the same
    result object. ``options.workers`` threads share the work and never send
    more than ``options.per_host_concurrency`` requests at once to one host.
    """
    options = options or CheckOptions()
    ordered = list(urls)
    unique = list(dict.fromkeys(ordered))
    run = _Run(options, resolver or socket.getaddrinfo, clock, sleep)
    results: dict[str, LinkResult] = {}
    try:
        with ThreadPoolExecutor(max_workers=options.workers,
                                thread_name_prefix="linkcheck") as pool:
            futures: dict[Future[LinkResult], str] = {
                pool.submit(run.check, url): url for url in interleave_by_host(unique)
            }
            for done, future in enumerate(as_completed(futures), start=1):
                result = future.result()
                results[futures[future]] = result
                if progress is not None:
                    progress(done, len(unique), result)
    finally:
        run.close()
    return [results[url] for url in ordered]
