"""Settings for one link-check run.

Every default of the checker lives in :class:`CheckOptions`; nothing else in the
package hard-codes a timeout, a limit or a header value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

ALLOW_PRIVATE_ENV = "GRANTMATCH_LINKCHECK_ALLOW_PRIVATE"
USER_AGENT_ENV = "GRANTMATCH_LINKCHECK_USER_AGENT"

DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (compatible; grantmatch-linkcheck/0.1; "
    "+https://github.com/fredrikstad/grantmatch)"
)

_TRUE_WORDS = frozenset({"1", "true", "yes", "on", "ja"})


@dataclass(frozen=True)
class CheckOptions:
    """Tunable behaviour of :func:`check_urls` and :func:`check_url`.

    Times are in seconds. ``retries`` counts extra GET attempts after the first
    one for retryable answers (429, 5xx, timeouts, resets). ``backoff_base`` is
    the first retry delay when the server sends no Retry-After; it doubles per
    attempt. Any delay, Retry-After included, is capped at ``max_retry_after``.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 10.0
    max_redirects: int = 10
    retries: int = 2
    backoff_base: float = 1.0
    max_retry_after: float = 30.0
    per_host_concurrency: int = 2
    workers: int = 8
    max_body_bytes: int = 64 * 1024
    allow_private: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    accept_language: str = "nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en;q=0.6"

    def __post_init__(self) -> None:
        positive = {
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "per_host_concurrency": self.per_host_concurrency,
            "workers": self.workers,
            "max_body_bytes": self.max_body_bytes,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"{name} must be positive, got {value!r}")
        non_negative = {
            "max_redirects": self.max_redirects,
            "retries": self.retries,
            "backoff_base": self.backoff_base,
            "max_retry_after": self.max_retry_after,
        }
        for name, value in non_negative.items():
            if value < 0:
                raise ValueError(f"{name} must not be negative, got {value!r}")
        if any(ch in self.user_agent for ch in "\r\n"):
            raise ValueError("user_agent must not contain line breaks")


def options_from_env(
    environ: Mapping[str, str] | None = None,
    base: CheckOptions | None = None,
) -> CheckOptions:
    """Return ``base`` (or the defaults) adjusted by GRANTMATCH_LINKCHECK_* variables.

    ``GRANTMATCH_LINKCHECK_ALLOW_PRIVATE=1`` lifts the private-address rule (for
    intranet links); ``GRANTMATCH_LINKCHECK_USER_AGENT`` overrides the agent.
    """
    env = os.environ if environ is None else environ
    options = base or CheckOptions()
    allow = env.get(ALLOW_PRIVATE_ENV, "").strip().lower() in _TRUE_WORDS
    if allow:
        options = replace(options, allow_private=True)
    agent = env.get(USER_AGENT_ENV, "").strip()
    if agent:
        options = replace(options, user_agent=agent)
    return options
