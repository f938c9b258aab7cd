"""check_url/check_urls against real loopback servers, one behaviour per test."""

from __future__ import annotations

import shutil
import socket
import ssl
import struct
import subprocess
import time
from dataclasses import replace

import pytest

from grantmatch.linkcheck import CheckOptions, LinkStatus, check_url, check_urls

from .servers import LocalHTTPServer, RequestHandler, closed_port

PAGE = b"<html><head><title>Erasmus+ for kommuner</title></head><body><h1>Erasmus+</h1></body></html>"


def ok_page(req: RequestHandler) -> None:
    req.reply(200, PAGE)


def redirect_to(location: str, status: int = 302):
    def handler(req: RequestHandler) -> None:
        req.reply(status, b"", {"Location": location})
    return handler


def test_ok(server: LocalHTTPServer, fast: CheckOptions) -> None:
    url = server.route("/ok", ok_page)
    result = check_url(url, fast)
    assert result.status is LinkStatus.OK
    assert (result.http_status, result.final_url, result.error) == (200, url, None)
    assert result.checked_at.tzinfo is not None
    assert "grantmatch" in server.agents[0] and server.agents[0].startswith("Mozilla/5.0")


def test_head_405_falls_back_to_get(server: LocalHTTPServer, fast: CheckOptions) -> None:
    def handler(req: RequestHandler) -> None:
        req.reply(405 if req.command == "HEAD" else 200, PAGE)
    result = check_url(server.route("/no-head", handler), fast)
    assert result.status is LinkStatus.OK
    assert server.hits[("HEAD", "/no-head")] == 1 and server.hits[("GET", "/no-head")] == 1


def test_head_404_but_get_200_is_ok(server: LocalHTTPServer, fast: CheckOptions) -> None:
    def handler(req: RequestHandler) -> None:
        req.reply(404 if req.command == "HEAD" else 200, PAGE)
    assert check_url(server.route("/head-404", handler), fast).status is LinkStatus.OK


def test_head_403_but_get_200_is_ok(server: LocalHTTPServer, fast: CheckOptions) -> None:
    def handler(req: RequestHandler) -> None:
        req.reply(403 if req.command == "HEAD" else 200, PAGE)
    assert check_url(server.route("/head-403", handler), fast).status is LinkStatus.OK


def test_non_html_ok_needs_only_head(server: LocalHTTPServer, fast: CheckOptions) -> None:
    def handler(req: RequestHandler) -> None:
        req.reply(200, b"%PDF-1.7", content_type="application/pdf")
    assert check_url(server.route("/guide.pdf", handler), fast).status is LinkStatus.OK
    assert server.hits[("GET", "/guide.pdf")] == 0


def test_301_to_200_is_a_permanent_redirect(server: LocalHTTPServer, fast: CheckOptions) -> None:
    target = server.route("/new", ok_page)
    result = check_url(server.route("/old", redirect_to("/new", 301)), fast)
    assert result.status is LinkStatus.REDIRECT
    assert result.final_url == target and result.redirect_permanent and result.http_status == 200
    assert result.error is None


def test_302_chain_of_three_is_a_temporary_redirect(server: LocalHTTPServer, fast: CheckOptions) -> None:
    target = server.route("/end", ok_page)
    server.route("/c", redirect_to("/end"))
    server.route("/b", redirect_to(server.url("/c")))
    result = check_url(server.route("/a", redirect_to("/b")), fast)
    assert result.status is LinkStatus.REDIRECT
    assert result.final_url == target and not result.redirect_permanent


def test_redirect_loop_is_broken(server: LocalHTTPServer, fast: CheckOptions) -> None:
    server.route("/ping", redirect_to("/pong"))
    server.route("/pong", redirect_to("/ping"))
    result = check_url(server.url("/ping"), fast)
    assert result.status is LinkStatus.BROKEN and "redirect loop" in result.error


def test_eleven_hops_is_broken_ten_is_fine(server: LocalHTTPServer, fast: CheckOptions) -> None:
    server.route("/hop11", ok_page)
    for n in range(11):
        server.route(f"/hop{n}", redirect_to(f"/hop{n + 1}"))
    too_many = check_url(server.url("/hop0"), fast)
    assert too_many.status is LinkStatus.BROKEN and "too many redirects" in too_many.error
    assert check_url(server.url("/hop1"), fast).status is LinkStatus.REDIRECT


def test_301_to_404_is_broken(server: LocalHTTPServer, fast: CheckOptions) -> None:
    result = check_url(server.route("/moved", redirect_to("/gone", 301)), fast)
    assert result.status is LinkStatus.BROKEN and result.http_status == 404
    assert result.final_url == server.url("/gone") and "redirect" in result.error


def test_404_and_410_are_broken(server: LocalHTTPServer, fast: CheckOptions) -> None:
    server.route("/410", lambda req: req.reply(410, b"gone"))
    results = check_urls([server.url("/missing"), server.url("/410")], fast)
    assert [(r.status, r.http_status) for r in results] == [
        (LinkStatus.BROKEN, 404), (LinkStatus.BROKEN, 410)]
    assert results[0].error == "HTTP 404 Not Found" and results[1].error == "HTTP 410 Gone"


def test_500_is_broken_after_retries(server: LocalHTTPServer, fast: CheckOptions) -> None:
    result = check_url(server.route("/500", lambda req: req.reply(500, b"oops")), fast)
    assert result.status is LinkStatus.BROKEN and result.http_status == 500
    assert server.hits[("GET", "/500")] == fast.retries + 1
    assert "after 3 attempts" in result.error


def _fails_first(status: int, times: int, headers: dict[str, str] | None = None):
    calls = []

    def handler(req: RequestHandler) -> None:
        calls.append(time.monotonic())
        if len(calls) <= times:
            req.reply(status, b"busy", headers or {})
        else:
            req.reply(200, PAGE)
    return handler, calls


def test_503_with_retry_after_then_200(server: LocalHTTPServer, fast: CheckOptions) -> None:
    handler, calls = _fails_first(503, 1, {"Retry-After": "1"})
    result = check_url(server.route("/busy", handler), fast)
    assert result.status is LinkStatus.OK
    assert calls[1] - calls[0] >= 0.9  # Retry-After honoured


def test_retry_after_is_capped(server: LocalHTTPServer, fast: CheckOptions) -> None:
    handler, calls = _fails_first(503, 1, {"Retry-After": "3600"})
    result = check_url(server.route("/busy", handler), replace(fast, max_retry_after=0.2))
    assert result.status is LinkStatus.OK and calls[1] - calls[0] < 1.0


def test_429_then_200_is_ok(server: LocalHTTPServer, fast: CheckOptions) -> None:
    handler, _ = _fails_first(429, 2)
    assert check_url(server.route("/rate", handler), fast).status is LinkStatus.OK


def test_429_forever_is_uncertain(server: LocalHTTPServer, fast: CheckOptions) -> None:
    result = check_url(server.route("/rate", lambda req: req.reply(429, b"slow down")), fast)
    assert result.status is LinkStatus.UNCERTAIN and result.http_status == 429
    assert "rate limited" in result.error


def test_403_for_non_browsers_only_is_ok(server: LocalHTTPServer, fast: CheckOptions) -> None:
    def handler(req: RequestHandler) -> None:
        browser = req.headers.get("User-Agent", "").startswith("Mozilla/")
        req.reply(200 if browser else 403, PAGE)
    assert check_url(server.route("/picky", handler), fast).status is LinkStatus.OK
    blocked = check_url(server.url("/picky"), replace(fast, user_agent="python-requests/2"))
    assert blocked.status is LinkStatus.UNCERTAIN


def test_403_always_is_uncertain(server: LocalHTTPServer, fast: CheckOptions) -> None:
    result = check_url(server.route("/403", lambda req: req.reply(403, b"no")), fast)
    assert result.status is LinkStatus.UNCERTAIN and result.http_status == 403
    assert "bot protection" in result.error


def test_cloudflare_challenge_is_uncertain(server: LocalHTTPServer, fast: CheckOptions) -> None:
    page = b"<html><head><title>Just a moment...</title></head></html>"
    url = server.route("/cf", lambda req: req.reply(503, page, {"Server": "cloudflare"}))
    result = check_url(url, fast)
    assert result.status is LinkStatus.UNCERTAIN and "Just a moment" in result.error


def test_soft_404_norwegian_and_english(server: LocalHTTPServer, fast: CheckOptions) -> None:
    nb = "<html><head><title>Fredrikstad kommune</title></head><body><h1>Siden finnes ikke</h1>"
    en = "<html><head><title>Page not found | EU Funding</title></head><body>Sorry</body>"
    nn = "<title>Oi! Vi fant ikke siden du leter etter</title>"
    urls = [server.route(f"/{lang}", lambda req, text=text: req.reply(200, text.encode()))
            for lang, text in (("nb", nb), ("en", en), ("nn", nn))]
    results = check_urls(urls, fast)
    assert [r.status for r in results] == [LinkStatus.UNCERTAIN] * 3
    assert "Siden finnes ikke" in results[0].error and "Page not found" in results[1].error


def test_title_mentioning_numbers_is_not_soft_404(server: LocalHTTPServer, fast: CheckOptions) -> None:
    page = "<title>Tilskudd 2026 – 4040 søknader behandlet</title><h1>Hva finnes?</h1>"
    url = server.route("/fine", lambda req: req.reply(200, page.encode()))
    assert check_url(url, fast).status is LinkStatus.OK


def test_slow_answer_past_read_timeout_is_unreachable(server: LocalHTTPServer, fast: CheckOptions) -> None:
    def slow(req: RequestHandler) -> None:
        time.sleep(1.5)
        req.reply(200, PAGE)
    started = time.monotonic()
    result = check_url(server.route("/slow", slow), replace(fast, read_timeout=0.3, retries=1))
    assert result.status is LinkStatus.UNREACHABLE and "timed out" in result.error
    assert time.monotonic() - started < 3


def test_reset_connection_is_unreachable(reset_server, fast: CheckOptions) -> None:
    result = check_url(reset_server.url, fast)
    assert result.status is LinkStatus.UNREACHABLE
    assert "reset" in result.error or "closed" in result.error


def test_closed_port_is_unreachable_without_retries(fast: CheckOptions) -> None:
    started = time.monotonic()
    result = check_url(f"http://127.0.0.1:{closed_port()}/", fast)
    assert result.status is LinkStatus.UNREACHABLE and "connection refused" in result.error
    assert time.monotonic() - started < 1


def test_endless_body_is_read_capped(server: LocalHTTPServer, fast: CheckOptions) -> None:
    sent = []

    def endless(req: RequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.send_header("Connection", "close")
        req.end_headers()
        if req.command == "HEAD":
            return
        req.wfile.write(b"<html><head><title>Stream</title></head><body>")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            req.wfile.write(b"x" * 8192)
            sent.append(8192)
    started = time.monotonic()
    result = check_url(server.route("/endless", endless), fast)
    assert result.status is LinkStatus.OK
    assert time.monotonic() - started < 3
    assert sum(sent) < 16 * 1024 * 1024  # the server stopped when the checker hung up


def test_drip_fed_body_is_cut_at_the_deadline(server: LocalHTTPServer, fast: CheckOptions) -> None:
    def drip(req: RequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.send_header("Connection", "close")
        req.end_headers()
        if req.command == "HEAD":
            return
        req.wfile.write(b"<title>Drip</title>")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            req.wfile.write(b".")
            req.wfile.flush()
            time.sleep(0.05)
    started = time.monotonic()
    result = check_url(server.route("/drip", drip), fast)
    assert result.status is LinkStatus.OK
    assert time.monotonic() - started < 2.5


def test_reset_on_head_only_falls_back_to_get(server: LocalHTTPServer, fast: CheckOptions) -> None:
    def handler(req: RequestHandler) -> None:
        if req.command == "HEAD":
            req.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            req.connection.close()
            req.close_connection = True
            return
        req.reply(200, PAGE)
    assert check_url(server.route("/flaky-head", handler), fast).status is LinkStatus.OK


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not available")
def test_untrusted_certificate_is_unreachable(tmp_path, fast: CheckOptions) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )
    srv = LocalHTTPServer()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    srv.use_tls(context)
    srv.start()
    try:
        result = check_url(f"https://127.0.0.1:{srv.port}/", fast)
    finally:
        srv.stop()
    assert result.status is LinkStatus.UNREACHABLE and result.error.startswith("TLS/SSL error")
