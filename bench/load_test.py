"""Load test: gunicorn + PostgreSQL on 127.0.0.1 under 20 and 50 concurrent simulated staff.

    python bench/load_test.py [--database-url URL] [--workers 3] [--users 20,50] [--seconds 60]

Starts the production command (gunicorn serving the app factory) on a free loopback port,
then runs each user count for the given time: every simulated user loops over a search
page, a scheme page and a POST /api/v1/match with realistic queries from the project's
own evaluation set, with a short think time. Prints requests/s, p50/p95/p99 per endpoint,
errors, and the workers' memory at start and end. The baseline, measured in the same run
and under the same load, is /healthz (no search work), so the ratio shows what matching
costs. Only 127.0.0.1 is contacted; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def queries() -> list[str]:
    lines = (ROOT / "tests" / "eval" / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def start_server(database_url: str, workers: int, port: int) -> subprocess.Popen:
    env = dict(os.environ, GRANTMATCH_DATABASE_URL=database_url, GRANTMATCH_SECRET_KEY="load-test-only",
               GRANTMATCH_SCHEDULER="off", GRANTMATCH_API_RATE_LIMIT="1000000",
               PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    subprocess.run([str(Path(sys.executable).parent / "grantmatch"), "catalog", "seed"], env=env, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "grantmatch.web:create_app()"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok:
                return server
        except requests.RequestException:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("server did not start")


def worker_rss_mb(server: subprocess.Popen) -> float:
    """Total resident memory of gunicorn's worker processes (Linux /proc)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().split()
            if int(stat[3]) == server.pid:
                total += int((entry / "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e6


def warm_up(base: str, texts: list[str]) -> None:
    # Each worker builds its matcher on its first search; keep that out of the measurement.
    for text in texts[:40]:
        requests.get(f"{base}/search", params={"q": text}, timeout=30)


def run_users(base: str, users: int, seconds: float, texts: list[str], scheme_ids: list[str],
              think: float) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"search": [], "scheme": [], "api_match": [], "healthz": [], "errors": []}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(seed: int) -> None:
        rnd = random.Random(seed)
        session = requests.Session()
        while time.monotonic() < stop_at:
            text = rnd.choice(texts)
            for name, call in (
                ("search", lambda: session.get(f"{base}/search", params={"q": text}, timeout=30)),
                ("scheme", lambda: session.get(f"{base}/schemes/{rnd.choice(scheme_ids)}", timeout=30)),
                ("api_match", lambda: session.post(f"{base}/api/v1/match", json={"text": text, "top": 10}, timeout=30)),
                ("healthz", lambda: session.get(f"{base}/healthz", timeout=30)),
            ):
                started = time.perf_counter()
                try:
                    ok = call().status_code < 400
                except requests.RequestException:
                    ok = False
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    timings[name if ok else "errors"].append(elapsed)
                time.sleep(rnd.uniform(0, think))

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return timings


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def report(users: int, seconds: float, timings: dict[str, list[float]], rss: tuple[float, float]) -> None:
    total = sum(len(v) for k, v in timings.items())
    print(f"\n== {users} concurrent users, {seconds:.0f} s: {total / seconds:.1f} requests/s, "
          f"errors {len(timings['errors'])}, worker memory {rss[0]:.0f} → {rss[1]:.0f} MB")
    base_p95 = percentile(timings["healthz"], 95)
    print(f"{'endpoint':<10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p95 / healthz':>14}")
    for name in ("search", "api_match", "scheme", "healthz"):
        values = timings[name]
        p95 = percentile(values, 95)
        print(f"{name:<10} {len(values):>6} {percentile(values, 50):>8.1f} {p95:>8.1f} "
              f"{percentile(values, 99):>8.1f} {p95 / base_p95 if base_p95 else float('nan'):>14.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("GRANTMATCH_TEST_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--users", default="20,50")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.5, help="max seconds a user waits between requests")
    args = parser.parse_args()
    port = free_port()
    server = start_server(args.database_url, args.workers, port)
    base = f"http://127.0.0.1:{port}"
    try:
        texts = queries()
        scheme_ids = [s["id"] for s in requests.get(f"{base}/api/v1/schemes", params={"per_page": 100},
                                                     timeout=10).json()["items"]]
        warm_up(base, texts)
        print(f"gunicorn with {args.workers} workers on {base}, database {args.database_url.split('@')[-1]}")
        for users in (int(u) for u in args.users.split(",")):
            before = worker_rss_mb(server)
            timings = run_users(base, users, args.seconds, texts, scheme_ids, args.think)
            report(users, args.seconds, timings, (before, worker_rss_mb(server)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
