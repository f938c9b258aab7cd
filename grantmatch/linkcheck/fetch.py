"""Low-level fetching: one method, redirects followed hop by hop, body capped.

Each hop is screened by the SSRF guard and requested inside a per-host slot.
Nothing here decides what an answer means; see ``checker.py`` for that.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from .failures import Failure, describe_exception
from .guard import Resolver, screen_url
from .limits import HostLimiter
from .options import CheckOptions
from .page import is_htmlish

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_STATUSES = frozenset({301, 308})
_READ_CHUNK = 16 * 1024
_DRAIN_LIMIT = 16 * 1024

Sleep = Callable[[float], None]


@dataclass(frozen=True)
class Context:
    """Everything one check needs besides the URL; shared by a worker's checks."""

    options: CheckOptions
    session: requests.Session
    limiter: HostLimiter
    resolver: Resolver
    sleep: Sleep = time.sleep


@dataclass(frozen=True)
class Reply:
    """Where a walk ended: the last answer (or failure) and the way there."""

    url: str
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=CaseInsensitiveDict)
    body: bytes | None = None
    redirects: int = 0
    permanent: bool = False
    failure: Failure | None = None
    attempts: int = 1

    @property
    def success(self) -> bool:
        """True for a 2xx answer."""
        return self.status is not None and 200 <= self.status < 300


def create_session(options: CheckOptions) -> requests.Session:
    """A session with browser-like headers and no hidden retries or redirects."""
    session = requests.Session()
    session.headers.update(
        {
            "User-Agent": options.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": options.accept_language,
        }
    )
    session.max_redirects = options.max_redirects
    adapter = HTTPAdapter(max_retries=0, pool_maxsize=max(2, options.per_host_concurrency))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _cookie_state(session: requests.Session) -> tuple[tuple[str, str, str | None], ...]:
    return tuple(sorted((c.domain, c.name, c.value) for c in session.cookies))


def _location(response: requests.Response, current: str) -> str | None:
    raw = response.headers.get("location")
    if not raw:
        return None
    try:  # requests decodes headers as latin-1; servers usually mean UTF-8
        raw = raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        pass
    return urldefrag(urljoin(current, raw.strip())).url


def _read_capped(response: requests.Response, options: CheckOptions) -> bytes:
    """Read at most ``max_body_bytes`` of the body, within about one read timeout."""
    deadline = time.monotonic() + options.read_timeout
    chunks: list[bytes] = []
    size = 0
    try:
        while size < options.max_body_bytes and time.monotonic() < deadline:
            chunk = response.raw.read1(min(_READ_CHUNK, options.max_body_bytes - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except (OSError, urllib3.exceptions.HTTPError, requests.exceptions.RequestException):
        pass  # a body that breaks off still tells us what we need
    return b"".join(chunks)


def _finish(response: requests.Response) -> None:
    """Release the connection; small leftovers are drained so it can be reused."""
    try:
        length = int(response.headers.get("content-length", "-1"))
        if 0 <= length <= _DRAIN_LIMIT:
            response.raw.drain_conn()
    except (ValueError, OSError, urllib3.exceptions.HTTPError):
        pass
    response.close()


def _send(ctx: Context, method: str, url: str) -> tuple[requests.Response, bytes | None]:
    """Perform one request inside the host's slot; return the answer and maybe its body."""
    options = ctx.options
    host = urlsplit(url).hostname or ""
    with ctx.limiter.slot(host):
        response = ctx.session.request(
            method,
            url,
            allow_redirects=False,
            stream=True,
            timeout=(options.connect_timeout, options.read_timeout),
        )
        try:
            body = None
            wants_body = method == "GET" and response.status_code not in REDIRECT_STATUSES
            if wants_body and is_htmlish(response.headers):
                body = _read_capped(response, options)
        finally:
            _finish(response)
    return response, body


def walk(ctx: Context, url: str, method: str, *, redirects: int = 0, permanent: bool = False) -> Reply:
    """Request ``url`` with ``method`` and follow redirects manually, hop by hop.

    ``redirects`` and ``permanent`` carry the state of an earlier walk whose
    final URL this one continues from. Stops at the first non-redirect answer,
    at a refused hop, a loop, or more than ``max_redirects`` redirects.
    """
    current = urldefrag(url.strip()).url
    seen: set[tuple[str, tuple[tuple[str, str, str | None], ...]]] = set()
    while True:
        refusal = screen_url(current, ctx.options.allow_private, ctx.resolver)
        if refusal:
            return Reply(url=current, redirects=redirects, permanent=permanent, failure=refusal)
        key = (current, _cookie_state(ctx.session))
        if key in seen:
            failure = Failure("loop", f"redirect loop: {current} was reached twice")
            return Reply(url=current, redirects=redirects, permanent=permanent, failure=failure)
        seen.add(key)
        try:
            response, body = _send(ctx, method, current)
        except (requests.exceptions.RequestException, OSError, urllib3.exceptions.HTTPError,
                ValueError) as exc:
            failure = describe_exception(exc, current, ctx.options.read_timeout)
            return Reply(url=current, redirects=redirects, permanent=permanent, failure=failure)
        target = _location(response, current) if response.status_code in REDIRECT_STATUSES else None
        if target is None:
            return Reply(current, response.status_code, response.headers, body, redirects, permanent)
        if redirects >= ctx.options.max_redirects:
            failure = Failure(
                "too_many_redirects",
                f"too many redirects: more than {ctx.options.max_redirects} hops",
            )
            return Reply(current, response.status_code, response.headers, None, redirects,
                         permanent, failure)
        redirects += 1
        permanent = permanent or response.status_code in PERMANENT_STATUSES
        current = target
