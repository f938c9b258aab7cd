"""Link checker for the catalogue's programme URLs.

Public API: :func:`check_urls`, :func:`check_url`, :class:`CheckOptions`,
:class:`LinkResult`, :class:`LinkStatus`, plus the report in
:mod:`grantmatch.linkcheck.report` and its email rendering in
:mod:`grantmatch.linkcheck.render`. No module keeps state between calls.
"""

from .checker import check_url
from .options import ALLOW_PRIVATE_ENV, DEFAULT_USER_AGENT, CheckOptions, options_from_env
from .result import FAILING_STATUSES, LinkResult, LinkStatus
from .render import RenderedEmail, render_email
from .report import LinkReport, PriorState, Usage, build_report, failure_streak
from .runner import check_urls

__all__ = [
    "ALLOW_PRIVATE_ENV",
    "DEFAULT_USER_AGENT",
    "FAILING_STATUSES",
    "CheckOptions",
    "LinkReport",
    "LinkResult",
    "LinkStatus",
    "PriorState",
    "RenderedEmail",
    "Usage",
    "build_report",
    "check_url",
    "check_urls",
    "failure_streak",
    "options_from_env",
    "render_email",
]
