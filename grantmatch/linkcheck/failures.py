"""Turn transport exceptions into a short failure kind and a clear English text."""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

import requests
import urllib3.exceptions

# Kinds that make a link "broken": the URL itself or its redirects are wrong.
BROKEN_KINDS = frozenset({"scheme", "malformed", "refused", "loop", "too_many_redirects"})
# Kinds worth another GET attempt: the next try may well succeed.
RETRYABLE_KINDS = frozenset({"timeout", "reset", "closed"})
# Kinds where a GET after a failed HEAD cannot do better.
FINAL_KINDS = frozenset({"scheme", "malformed", "refused", "dns", "connection_refused"})


@dataclass(frozen=True)
class Failure:
    """Why no usable HTTP answer was obtained. ``kind`` is a stable keyword."""

    kind: str
    message: str

    @property
    def broken(self) -> bool:
        """True when the failure means the link is broken rather than unreachable."""
        return self.kind in BROKEN_KINDS


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """Yield ``exc`` and every exception wrapped inside it, each once."""
    pending: list[BaseException] = [exc]
    seen: set[int] = set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(item for item in linked if isinstance(item, BaseException))


def _host_of(url: str) -> str:
    try:
        return urllib3.util.parse_url(url).host or url
    except urllib3.exceptions.LocationParseError:
        return url


def describe_exception(exc: BaseException, url: str, read_timeout: float) -> Failure:
    """Classify an exception raised while requesting ``url``."""
    found = list(_chain(exc))
    host = _host_of(url)

    def has(*types: type[BaseException]) -> bool:
        return any(isinstance(item, types) for item in found)

    if has(requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
           requests.exceptions.InvalidSchema, urllib3.exceptions.LocationValueError,
           UnicodeError):
        return Failure("malformed", f"malformed URL: {exc}")
    if has(urllib3.exceptions.NameResolutionError, socket.gaierror):
        return Failure("dns", f"DNS lookup failed: host name {host} could not be resolved")
    if has(ConnectionRefusedError):
        return Failure("connection_refused", f"connection refused by {host}")
    if _has_timeout(found, (requests.exceptions.ConnectTimeout, urllib3.exceptions.ConnectTimeoutError)):
        return Failure("timeout", f"timed out while connecting to {host}")
    if _has_timeout(found, (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)):
        return Failure(
            "timeout", f"timed out: {host} sent no answer within {read_timeout:g} s"
        )
    if has(ssl.SSLError, requests.exceptions.SSLError, urllib3.exceptions.SSLError):
        return Failure("tls", f"TLS/SSL error with {host}: {_root_text(found)}")
    if has(ConnectionResetError, ConnectionAbortedError, BrokenPipeError):
        return Failure("reset", f"connection reset by {host}")
    if has(http.client.RemoteDisconnected):
        return Failure("closed", f"{host} closed the connection without answering")
    if has(http.client.HTTPException, urllib3.exceptions.ProtocolError):
        return Failure("protocol", f"invalid HTTP answer from {host}: {_root_text(found)}")
    return Failure("network", f"network error with {host}: {_root_text(found)}")


def _has_timeout(found: list[BaseException], types: tuple[type[BaseException], ...]) -> bool:
    """True when a real timeout is in the chain.

    urllib3's NewConnectionError subclasses its TimeoutError for historical
    reasons; a refused or unroutable connection is not a timeout.
    """
    return any(
        isinstance(item, types) and not isinstance(item, urllib3.exceptions.NewConnectionError)
        for item in found
    )


def _root_text(found: list[BaseException]) -> str:
    """The innermost exception's text, which is usually the most specific."""
    innermost = found[-1]
    text = str(innermost) or type(innermost).__name__
    return text[:200]
