"""Real loopback servers for the link-checker tests.

``LocalHTTPServer`` is a threaded http.server with per-path handlers, hit
counters and an in-flight gauge. ``ResetServer`` accepts a connection, reads
the request and aborts with a TCP reset.
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[["RequestHandler"], None]


class RequestHandler(BaseHTTPRequestHandler):
    """Dispatches each request to the handler registered for its path."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              content_type: str = "text/html; charset=utf-8") -> None:
        """Send a complete answer (no body for HEAD)."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _dispatch(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        owner.record(self.command, path, self.headers.get("User-Agent", ""))
        owner.enter()
        try:
            handler = owner.routes.get(path)
            if handler is None:
                self.reply(404, b"<title>no route</title>")
            else:
                handler(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            owner.leave()

    do_GET = _dispatch
    do_HEAD = _dispatch


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalHTTPServer


class LocalHTTPServer:
    """A threaded HTTP server on 127.0.0.1 with routes, hit counts and a concurrency gauge."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[tuple[str, str]] = Counter()
        self.agents: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = _Server((host, 0), RequestHandler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        """Register ``handler`` for ``path`` and return the full URL."""
        self.routes[path] = handler
        return self.url(path)

    def record(self, method: str, path: str, agent: str) -> None:
        with self._lock:
            self.hits[(method, path)] += 1
            self.agents.append(agent)

    def count(self, path: str) -> int:
        """Requests of any method received for ``path``."""
        with self._lock:
            return sum(n for (_, p), n in self.hits.items() if p == path)

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def use_tls(self, context: ssl.SSLContext) -> None:
        """Serve HTTPS with ``context`` (call before start)."""
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)

    def start(self) -> LocalHTTPServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class ResetServer:
    """Accepts connections, reads a request, and answers with a TCP reset."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.connections = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}/reset"

    def _serve(self) -> None:
        deadline = time.monotonic() + 30
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.settimeout(1)
            try:
                conn.recv(4096)
            except OSError:
                pass
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    def start(self) -> ResetServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
