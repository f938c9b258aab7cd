"""Structured logs (one JSON line per request and per job) and simple counters.

Counters are kept per process (each gunicorn worker has its own and reports its pid);
totals that must be exact across processes (link runs, mails sent) come from the
database when /metrics is read.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterator

_RESERVED = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        payload.update({k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")})
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send grantmatch's logs as JSON lines to stderr (idempotent)."""
    logger = logging.getLogger("grantmatch")
    if any(getattr(h, "_grantmatch", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler._grantmatch = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


class Counters:
    """Thread-safe named counters of this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def add(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self._counts[name] += amount

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


@contextmanager
def timed_job(logger: logging.Logger, job: str, **fields: Any) -> Iterator[dict[str, Any]]:
    """Log one JSON line when a job ends, with its duration and outcome."""
    started = time.perf_counter()
    extra: dict[str, Any] = {"event": "job", "job": job, **fields}
    try:
        yield extra
    except Exception as exc:
        extra.update(outcome="error", error=f"{type(exc).__name__}: {exc}",
                     duration_ms=round((time.perf_counter() - started) * 1000, 1))
        logger.error("job %s failed", job, extra=extra)
        raise
    extra.update(outcome=extra.get("outcome", "ok"), duration_ms=round((time.perf_counter() - started) * 1000, 1))
    logger.info("job %s done", job, extra=extra)


def prometheus_text(process_counters: dict[str, int], totals: dict[str, int]) -> str:
    """Counters in the Prometheus text format (process counters labelled with the pid)."""
    pid = os.getpid()
    lines = ["# TYPE grantmatch_process_info gauge", f'grantmatch_process_info{{pid="{pid}"}} 1']
    for name, value in sorted(process_counters.items()):
        metric = f"grantmatch_{name}_total"
        lines += [f"# TYPE {metric} counter", f'{metric}{{pid="{pid}"}} {value}']
    for name, value in sorted(totals.items()):
        metric = f"grantmatch_{name}"
        lines += [f"# TYPE {metric} gauge", f"{metric} {value}"]
    return "\n".join(lines) + "\n"
