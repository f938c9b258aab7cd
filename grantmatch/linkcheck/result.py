"""The outcome of checking one URL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class LinkStatus(StrEnum):
    """Verdict on one URL; the values are stable strings fit for storage."""

    OK = "ok"
    REDIRECT = "redirect"
    BROKEN = "broken"
    UNREACHABLE = "unreachable"
    UNCERTAIN = "uncertain"


FAILING_STATUSES = frozenset({LinkStatus.BROKEN, LinkStatus.UNREACHABLE})


@dataclass(frozen=True)
class LinkResult:
    """What a check found out about ``url``.

    ``http_status`` is the status of the last answer received (None when no
    answer came). ``final_url`` is the last URL requested: the input URL for a
    plain answer, the target for redirects, None when the URL could not even be
    parsed. ``error`` is a plain English explanation, None for ok and redirect.
    ``redirect_permanent`` is True when any hop on the way answered 301 or 308.
    ``checked_at`` is timezone-aware (UTC).
    """

    url: str
    status: LinkStatus
    http_status: int | None
    final_url: str | None
    elapsed_ms: int
    error: str | None
    redirect_permanent: bool
    checked_at: datetime

    @property
    def failing(self) -> bool:
        """True for the statuses that count towards the two-run alarm rule."""
        return self.status in FAILING_STATUSES
