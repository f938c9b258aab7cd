"""SSRF guard, run-level behaviour (cache, politeness, progress) and options."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import replace

import pytest

from grantmatch.linkcheck import (
    CheckOptions, LinkStatus, check_url, check_urls, options_from_env,
)
from grantmatch.linkcheck.guard import non_public_reason, screen_url
from grantmatch.linkcheck.retry import parse_retry_after
from grantmatch.linkcheck.runner import interleave_by_host

from .servers import LocalHTTPServer, RequestHandler

PAGE = b"<title>Programme</title>"


def fake_resolver(table: dict[str, list[str]]):
    """A getaddrinfo stand-in answering from ``table`` (unknown names fail like DNS)."""
    def resolve(host: str, port: int, *args: object, **kwargs: object):
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        infos = []
        for address in table[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            infos.append((family, socket.SOCK_STREAM, 6, "", (address, port)))
        return infos
    return resolve


def test_private_address_refused_by_default(server: LocalHTTPServer, fast: CheckOptions) -> None:
    url = server.route("/ok", lambda req: req.reply(200, PAGE))
    result = check_url(url, replace(fast, allow_private=False))
    assert result.status is LinkStatus.BROKEN
    assert "private address 127.0.0.1" in result.error
    assert "GRANTMATCH_LINKCHECK_ALLOW_PRIVATE=1" in result.error
    assert server.count("/ok") == 0  # refused before any request


def test_redirect_hop_to_private_address_is_refused(server: LocalHTTPServer, fast: CheckOptions) -> None:
    # The resolver vouches for the first host only; the redirect target
    # "localhost" resolves (as real DNS does) to loopback and must be refused.
    server.route("/inside", lambda req: req.reply(200, PAGE))
    start = server.route("/out", lambda req: req.reply(302, b"", {
        "Location": f"http://localhost:{server.port}/inside"}))
    resolver = fake_resolver({"127.0.0.1": ["93.184.216.34"], "localhost": ["::1", "127.0.0.1"]})
    result = check_url(start, replace(fast, allow_private=False), resolver=resolver)
    assert result.status is LinkStatus.BROKEN
    assert "localhost resolves to a private address ::1" in result.error
    assert server.count("/out") >= 1 and server.count("/inside") == 0


@pytest.mark.parametrize(("addresses", "reason"), [
    (["93.184.216.34"], None),
    (["2606:4700::6810:84e5"], None),
    (["10.0.0.5"], "private"),
    (["93.184.216.34", "192.168.1.10"], "private"),  # every address counts
    (["169.254.169.254"], "link-local"),
    (["::1"], "loopback"),
    (["::ffff:127.0.0.1"], "loopback"),
    (["fe80::1"], "link-local"),
    (["fd00::1"], "private"),
    (["224.0.0.1"], "multicast"),
    (["0.0.0.0"], "unspecified"),
    (["100.64.0.1"], "not globally routable"),
])
def test_guard_checks_every_resolved_address(addresses: list[str], reason: str | None) -> None:
    failure = screen_url("https://grants.example/x", False, fake_resolver({"grants.example": addresses}))
    if reason is None:
        assert failure is None
    else:
        assert failure is not None and failure.kind == "refused" and f"({reason})" in failure.message


def test_non_public_reason_for_plain_addresses() -> None:
    assert non_public_reason(ipaddress.ip_address("127.0.0.2")) == "loopback"
    assert non_public_reason(ipaddress.ip_address("8.8.8.8")) is None


def test_dns_failure_is_unreachable(fast: CheckOptions) -> None:
    result = check_url("https://no-such-host.example/", replace(fast, allow_private=False),
                       resolver=fake_resolver({}))
    assert result.status is LinkStatus.UNREACHABLE and "DNS lookup failed" in result.error


@pytest.mark.parametrize("url", ["ftp://ftp.example.org/file", "javascript:alert(1)",
                                 "mailto:post@fredrikstad.kommune.no", "file:///etc/passwd"])
def test_non_http_scheme_is_broken(url: str, fast: CheckOptions) -> None:
    result = check_url(url, fast)
    assert result.status is LinkStatus.BROKEN and "unsupported scheme" in result.error
    assert result.final_url is None


@pytest.mark.parametrize("url", ["", "https://", "http://exa mple.org/", "http://host:99999/"])
def test_malformed_url_is_broken(url: str, fast: CheckOptions) -> None:
    result = check_url(url, fast)
    assert result.status is LinkStatus.BROKEN and result.error.startswith("malformed URL")


def test_url_given_twice_is_fetched_once(server: LocalHTTPServer, fast: CheckOptions) -> None:
    a = server.route("/a", lambda req: req.reply(200, PAGE))
    b = server.route("/b", lambda req: req.reply(404, b""))
    seen: list[tuple[int, int]] = []
    results = check_urls([a, b, a, a], fast, progress=lambda done, total, r: seen.append((done, total)))
    assert [r.url for r in results] == [a, b, a, a]
    assert results[0] is results[2] is results[3]
    assert server.hits[("HEAD", "/a")] == 1 and server.hits[("GET", "/a")] == 1
    assert seen == [(1, 2), (2, 2)]


def test_per_host_concurrency_never_exceeds_limit(server: LocalHTTPServer, fast: CheckOptions) -> None:
    def slow(req: RequestHandler) -> None:
        time.sleep(0.1)
        req.reply(200, b"data", content_type="application/octet-stream")
    urls = [server.route(f"/item{n}", slow) for n in range(12)]
    started = time.monotonic()
    results = check_urls(urls, replace(fast, per_host_concurrency=2, workers=8))
    assert all(r.status is LinkStatus.OK for r in results)
    assert server.max_in_flight == 2  # parallel, but never more than the limit
    assert time.monotonic() - started < 1.5


def test_workers_share_sessions_and_hosts_are_interleaved() -> None:
    urls = ["http://a/1", "http://a/2", "http://a/3", "http://b/1", "http://c/1"]
    assert interleave_by_host(urls) == ["http://a/1", "http://b/1", "http://c/1",
                                        "http://a/2", "http://a/3"]


def test_progress_runs_in_caller_thread(server: LocalHTTPServer, fast: CheckOptions) -> None:
    url = server.route("/p", lambda req: req.reply(200, PAGE))
    threads: list[threading.Thread] = []
    check_urls([url], fast, progress=lambda *_: threads.append(threading.current_thread()))
    assert threads == [threading.current_thread()]


def test_retry_after_parsing() -> None:
    from datetime import datetime, timezone
    now = datetime(2026, 11, 30, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Mon, 30 Nov 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Mon, 30 Nov 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


def test_options_from_env_and_validation() -> None:
    assert options_from_env({}).allow_private is False
    assert options_from_env({"GRANTMATCH_LINKCHECK_ALLOW_PRIVATE": "1"}).allow_private is True
    assert "grantmatch" in CheckOptions().user_agent
    with pytest.raises(ValueError):
        CheckOptions(workers=0)
