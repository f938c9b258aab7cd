"""When and how long to wait before another attempt."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from .options import CheckOptions

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait according to a Retry-After header, or None if absent/invalid.

    Accepts delta-seconds ("120") and HTTP-dates; a date in the past gives 0.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = now or datetime.now(timezone.utc)
    return max(0.0, (when - current).total_seconds())


def retry_delay(attempt: int, retry_after: float | None, options: CheckOptions) -> float:
    """Delay before retry number ``attempt`` (0-based), capped by ``max_retry_after``.

    A server's Retry-After wins over the exponential backoff.
    """
    if retry_after is not None:
        return min(retry_after, options.max_retry_after)
    return min(options.backoff_base * (2**attempt), options.max_retry_after)
