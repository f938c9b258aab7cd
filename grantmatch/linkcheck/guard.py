"""SSRF guard: decide, before each request, whether a URL may be fetched at all.

Every hop of a redirect chain passes through :func:`screen_url`, so a public
page cannot redirect the checker into the municipal network or to a cloud
metadata address.

Known limitation (DNS rebinding): the guard resolves the host name itself and
urllib3 resolves it again when connecting. A hostile DNS server could answer a
public address to the guard and a private one to the connection. Closing that
gap needs the connection pinned to the vetted address (a custom transport
adapter); it is not done because the catalogue URLs come from a trusted
coordinator and the guard is defence in depth, not the only barrier.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import SplitResult, urlsplit

from .failures import Failure
from .options import ALLOW_PRIVATE_ENV

# Same call shape as socket.getaddrinfo; tests may pass their own resolver.
Resolver = Callable[..., Sequence[tuple[Any, ...]]]

ALLOWED_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def non_public_reason(address: IPAddress) -> str | None:
    """Name the reason ``address`` must not be fetched, or None if it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return non_public_reason(address.ipv4_mapped)
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not globally routable", not address.is_global),
    )
    for reason, applies in checks:
        if applies:
            return reason
    return None


def parse_http_url(url: str) -> tuple[SplitResult | None, Failure | None]:
    """Split ``url`` and check it is a well-formed http(s) URL with a host."""
    if not isinstance(url, str) or not url.strip():
        return None, Failure("malformed", "malformed URL: empty")
    if any(ch.isspace() or ord(ch) < 32 for ch in url.strip()):
        return None, Failure("malformed", "malformed URL: contains spaces or control characters")
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        return None, Failure("malformed", f"malformed URL: {exc}")
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = scheme or "(none)"
        return None, Failure(
            "scheme", f"refused: unsupported scheme '{shown}' (only http and https links are checked)"
        )
    if not parts.hostname:
        return None, Failure("malformed", "malformed URL: no host name")
    return parts, None


def screen_url(url: str, allow_private: bool, resolver: Resolver = socket.getaddrinfo) -> Failure | None:
    """Return a Failure when ``url`` must not be requested, None when it may.

    Refuses non-http(s) schemes and malformed URLs always. Unless
    ``allow_private`` is set, resolves the host and refuses it when any of its
    IPv4 or IPv6 addresses is loopback, private, link-local, multicast,
    reserved, unspecified or otherwise not globally routable.
    """
    parts, failure = parse_http_url(url)
    if failure or parts is None:
        return failure
    if allow_private:
        return None
    host = parts.hostname or ""
    port = parts.port or _DEFAULT_PORTS[parts.scheme.lower()]
    try:
        infos = resolver(host, port, type=socket.SOCK_STREAM)
    except UnicodeError:
        return Failure("malformed", f"malformed URL: invalid host name {host!r}")
    except OSError:
        return Failure("dns", f"DNS lookup failed: host name {host} could not be resolved")
    if not infos:
        return Failure("dns", f"DNS lookup failed: no address for host name {host}")
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]
        try:
            address = ipaddress.ip_address(raw)
        except ValueError:
            return Failure("refused", f"refused: {host} resolves to an unrecognised address {raw}")
        reason = non_public_reason(address)
        if reason:
            return Failure(
                "refused",
                f"refused: {host} resolves to a private address {address} ({reason}); "
                f"set {ALLOW_PRIVATE_ENV}=1 to allow",
            )
    return None
