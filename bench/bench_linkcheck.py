"""Benchmark: grantmatch's check_urls beside LinkChecker on 1,000 local URLs.

Starts one threaded HTTP server on each of ten loopback addresses
(127.0.0.1-10, i.e. ten "hosts"), spreads 1,000 URLs over them with a
realistic mix (delays 0-200 ms, redirects, 404, 500, slow pages) and times
both tools on the same URLs in the same run. Only loopback traffic; the run
stops by itself.

LinkChecker has no per-host concurrency limit; its politeness is a per-host
rate limit. It is run twice: with its default politeness, and with that
throttle lifted (the servers send a "LinkChecker" header, which makes it use
maxrequestspersecond=1000) at 20 threads, the same total concurrency that
grantmatch reaches with 2 per host on 10 hosts.

Usage: python bench/bench_linkcheck.py [--urls 1000] [--skip-linkchecker]
(LinkChecker: `pip install linkchecker` into the venv; it is not a project dependency.)
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from grantmatch.linkcheck import CheckOptions, check_urls

HOSTS = [f"127.0.0.{n}" for n in range(1, 11)]
PAGE = b"<html><head><title>Programme</title></head><body><h1>Funding</h1>" + b"x" * 4000 + b"</body></html>"
# kind, share of URLs
MIX = (("ok", 0.70), ("moved", 0.08), ("chain", 0.04), ("missing", 0.08), ("error", 0.04), ("slow", 0.06))
SLOW_SECONDS = 0.8


@dataclass
class Flags:
    """Switches shared by all bench servers (set between runs, never during one)."""

    linkchecker_header: bool = False


class BenchHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: BenchServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.server.flags.linkchecker_header:
            self.send_header("LinkChecker", "bench")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        delay = int(parse_qs(parts.query).get("d", ["0"])[0]) / 1000
        segments = parts.path.strip("/").split("/")
        kind = segments[0]
        self.server.count()
        if kind == "slow":
            delay = SLOW_SECONDS
        time.sleep(delay)
        ident = segments[-1]
        if kind in ("ok", "slow"):
            self._send(200, PAGE)
        elif kind == "moved":
            self._send(301, b"", {"Location": f"/ok/{ident}"})
        elif kind == "chain":
            step = int(segments[1])
            target = f"/chain/{step + 1}/{ident}" if step < 2 else f"/ok/{ident}"
            self._send(302, b"", {"Location": target})
        elif kind == "error":
            self._send(500, b"<title>Error</title>")
        else:
            self._send(404, b"<title>Not found</title>")

    do_GET = _handle
    do_HEAD = _handle


class BenchServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up early (capped reads) are normal here; stay quiet."""

    def __init__(self, host: str, flags: Flags) -> None:
        super().__init__((host, 0), BenchHandler)
        self.flags = flags
        self.requests = 0
        self._lock = threading.Lock()

    def count(self) -> None:
        with self._lock:
            self.requests += 1


def make_urls(servers: list[BenchServer], total: int, seed: int = 48) -> tuple[list[str], Counter[str]]:
    """``total`` URLs spread round the servers, kinds drawn from MIX."""
    rng = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)
    urls, mix = [], Counter()
    for n in range(total):
        host, port = servers[n % len(servers)].server_address[:2]
        kind = rng.choices(kinds, weights)[0]
        mix[kind] += 1
        delay = rng.randint(0, 200)
        path = f"/chain/0/{n}" if kind == "chain" else f"/{kind}/{n}"
        urls.append(f"http://{host}:{port}{path}?d={delay}")
    return urls, mix


def run_grantmatch(urls: list[str], workers: int) -> tuple[float, Counter[str]]:
    options = CheckOptions(allow_private=True, per_host_concurrency=2, workers=workers)
    started = time.perf_counter()
    results = check_urls(urls, options)
    return time.perf_counter() - started, Counter(str(r.status) for r in results)


def linkchecker_command() -> list[str] | None:
    exe = Path(sys.executable).with_name("linkchecker")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("linkchecker")
    return [found] if found else None


def run_linkchecker(command: list[str], urls: list[str], threads: int,
                    lifted: bool) -> tuple[float, Counter[str], str]:
    """Run the LinkChecker CLI on ``urls`` (via --stdin) and count valid/invalid results."""
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)  # LinkChecker drops root privileges to "nobody"
        config = Path(tmp, "linkcheckerrc")
        rate = 1000 if lifted else 10
        config.write_text(f"[checking]\nmaxrequestspersecond={rate}\n[output]\nstatus=0\n")
        os.chmod(config, 0o644)
        url_file = Path(tmp, "urls.txt")
        url_file.write_text("\n".join(urls) + "\n")
        argv = command + ["-f", str(config), "--stdin", "--no-robots", "--no-status",
                          "--no-warnings", "-v", "-r", "0", "-t", str(threads), "--timeout", "10",
                          "-o", "csv"]
        started = time.perf_counter()
        with url_file.open("rb") as stdin:
            proc = subprocess.run(argv, stdin=stdin, capture_output=True, timeout=900)
        elapsed = time.perf_counter() - started
    out = proc.stdout.decode("utf-8", "replace")
    rows = csv.DictReader((line for line in out.splitlines() if not line.startswith("#")),
                          delimiter=";")
    counts = Counter("valid" if row.get("valid") == "True" else "invalid" for row in rows)
    note = "" if proc.returncode in (0, 1) else proc.stderr.decode("utf-8", "replace")[-400:]
    return elapsed, counts, note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--skip-linkchecker", action="store_true")
    args = parser.parse_args()

    flags = Flags()
    servers = [BenchServer(host, flags) for host in HOSTS]
    for srv in servers:
        threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True).start()
    urls, mix = make_urls(servers, args.urls)
    print(f"{len(urls)} URLs on {len(HOSTS)} loopback hosts; mix: {dict(mix)}")
    print(f"server delays 0-200 ms, slow pages {SLOW_SECONDS} s; per-host limit 2")
    rows: list[tuple[str, float, str]] = []
    try:
        for workers in (8, 20):
            before = sum(s.requests for s in servers)
            elapsed, counts = run_grantmatch(urls, workers)
            sent = sum(s.requests for s in servers) - before
            rows.append((f"grantmatch check_urls (workers={workers})", elapsed,
                         f"{dict(counts)}; {sent} requests"))
        command = None if args.skip_linkchecker else linkchecker_command()
        if command is None:
            print("LinkChecker: not run (" + ("--skip-linkchecker" if args.skip_linkchecker
                  else "not installed; pip install linkchecker into the venv") + ")")
        else:
            for lifted in (False, True):
                flags.linkchecker_header = lifted
                before = sum(s.requests for s in servers)
                try:
                    elapsed, counts, note = run_linkchecker(command, urls, 20, lifted)
                except (OSError, subprocess.SubprocessError) as exc:
                    print(f"LinkChecker could not run: {exc}")
                    break
                sent = sum(s.requests for s in servers) - before
                label = ("LinkChecker 20 threads, throttle lifted" if lifted
                         else "LinkChecker 20 threads, default politeness")
                rows.append((label, elapsed, f"{dict(counts)}; {sent} requests {note}".strip()))
    finally:
        for srv in servers:
            srv.shutdown()
            srv.server_close()
    base = rows[0][1]
    print(f"\n{'run':48} {'seconds':>8} {'vs grantmatch(8)':>17}  results")
    for label, elapsed, detail in rows:
        print(f"{label:48} {elapsed:8.1f} {elapsed / base:16.2f}x  {detail}")


if __name__ == "__main__":
    main()
