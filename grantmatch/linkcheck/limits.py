"""Per-host politeness: never more than N requests in flight to one host."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class HostLimiter:
    """Hands out at most ``per_host`` concurrent slots per host name.

    One limiter belongs to one run; it is shared by that run's worker threads.
    Host names are compared case-insensitively; the port is ignored, so all
    services on one machine share its allowance.
    """

    def __init__(self, per_host: int) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self._per_host = per_host
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}

    def _semaphore(self, host: str) -> threading.BoundedSemaphore:
        key = host.lower()
        with self._lock:
            semaphore = self._semaphores.get(key)
            if semaphore is None:
                semaphore = threading.BoundedSemaphore(self._per_host)
                self._semaphores[key] = semaphore
            return semaphore

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Block until a slot for ``host`` is free and hold it inside the block."""
        semaphore = self._semaphore(host)
        with semaphore:
            yield
