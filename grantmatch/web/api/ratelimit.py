"""A per-client sliding-window rate limit for the API (state kept on the app, per process).

Each key (the client's remote address) keeps the times of its requests in the last
window; a request over the limit is refused with the seconds until a slot frees up.
Behind a reverse proxy, make ``request.remote_addr`` the client's address (ProxyFix).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from flask import Flask, current_app

EXTENSION_KEY = "grantmatch_api_ratelimit"


@dataclass
class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds per key; ``limit`` 0 turns the limit off."""

    limit: int
    window: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _hits: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str) -> float | None:
        """Record a request; ``None`` if allowed, else the seconds to wait before retrying."""
        if self.limit <= 0:
            return None
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(hits[0] + self.window - now, 0.0)
            hits.append(now)
            if len(self._hits) > 10_000:
                self._forget_idle(now)
            return None

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window]:
            del self._hits[key]


def init_app(app: Flask, limit: int) -> RateLimiter:
    """Create the app's limiter (called once when the API blueprint is registered)."""
    limiter = RateLimiter(limit=limit)
    app.extensions[EXTENSION_KEY] = limiter
    return limiter


def retry_after(key: str) -> int | None:
    """Count a request of ``key`` against the current app's limiter; whole seconds to wait, or None."""
    wait = current_app.extensions[EXTENSION_KEY].hit(key)
    return None if wait is None else max(1, math.ceil(wait))
