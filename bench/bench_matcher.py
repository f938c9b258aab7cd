"""Benchmark: matcher vs SQLite FTS5 over synthetic catalogues of growing size.

Usage: python bench/bench_matcher.py [--sizes 1000,10000,100000] [--queries 500]

Synthetic schemes are generated at run time from the real catalogue's texts
(names, summaries, description sentences and keywords of different schemes
shuffled and recombined); nothing is written to disk. Each system is built and
queried in its own child process so its peak memory (ru_maxrss) is its own.
Prints build seconds, peak RSS and query latency p50/p95/p99 per size and system.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import re
import resource
import time
from pathlib import Path
from typing import Any

import numpy as np

from grantmatch.evaluation import load_catalog_records, load_queries
from grantmatch.matcher import Matcher
from grantmatch.matcher.baselines import Fts5Baseline

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILES = (ROOT / "tests/eval/queries.jsonl", ROOT / "tests/eval/dev.jsonl")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def synthetic_schemes(real: list[dict[str, Any]], n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` scheme dicts recombined from ``real`` (each field drawn from a random donor)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        base, other, third = rng.choice(real), rng.choice(real), rng.choice(real)
        description = {}
        for lang in ("nb", "en"):
            pool = _sentences(base["description"][lang]) + _sentences(other["description"][lang])
            rng.shuffle(pool)
            description[lang] = " ".join(pool[: max(3, len(pool) // 2)])
        keywords = {lang: rng.sample(list(base["keywords"].get(lang, [])) + list(third["keywords"].get(lang, [])),
                                     k=min(8, len(base["keywords"].get(lang, [])) + len(third["keywords"].get(lang, []))))
                    for lang in ("nb", "en", "sv", "nn")}
        out.append({**base, "id": f"syn-{i:06d}", "name": {k: f"{v} {i}" for k, v in other["name"].items()},
                    "summary": third["summary"], "description": description, "keywords": keywords,
                    "programme": rng.choice((base, other))["programme"]})
    return out


def bench_queries(count: int, seed: int = 11) -> list[str]:
    """``count`` staff-style queries: the labelled ones, then pairs of them joined."""
    texts = [q["text"] for path in QUERY_FILES if path.exists() for q in load_queries(path)]
    rng = random.Random(seed)
    while len(texts) < count:
        texts.append(" ".join(rng.sample(texts[:300], 2)))
    return texts[:count]


def _latencies(run, queries: list[str]) -> list[float]:
    times = []
    for text in queries:
        start = time.perf_counter()
        run(text)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _child(system: str, size: int, n_queries: int, out: Any) -> None:
    records = load_catalog_records(ROOT / "catalog_data")
    schemes = synthetic_schemes(records.schemes, size)
    queries = bench_queries(n_queries)
    start = time.perf_counter()
    if system == "matcher":
        matcher = Matcher(schemes, records.past_projects, records.glossary, programmes=records.programmes)
        build = time.perf_counter() - start
        times = _latencies(lambda t: matcher.match(t, top=10), queries)
    else:
        fts = Fts5Baseline(schemes)
        build = time.perf_counter() - start
        times = _latencies(lambda t: fts.rank(t, 10), queries)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p50, p95, p99 = np.percentile(times, [50, 95, 99])
    out.send({"build": build, "peak_mb": peak_mb, "p50": p50, "p95": p95, "p99": p99})


def measure(system: str, size: int, n_queries: int) -> dict[str, float]:
    """Build and query ``system`` over ``size`` synthetic schemes in a fresh process."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_child, args=(system, size, n_queries, child))
    process.start()
    figures = parent.recv()
    process.join()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    print(f"# load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} CPUs; timings are wall-clock, so other load inflates them)")
    print(f"{'size':>7} {'system':<8} {'build s':>8} {'peak MB':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        rows = {system: measure(system, size, args.queries) for system in ("matcher", "fts5")}
        for system, f in rows.items():
            print(f"{size:>7} {system:<8} {f['build']:>8.2f} {f['peak_mb']:>8.0f} "
                  f"{f['p50']:>7.2f} {f['p95']:>7.2f} {f['p99']:>7.2f}", flush=True)
        m, b = rows["matcher"], rows["fts5"]
        print(f"{size:>7} ratio    {m['build'] / b['build']:>8.1f} {m['peak_mb'] / b['peak_mb']:>8.1f} "
              f"{m['p50'] / b['p50']:>7.1f} {m['p95'] / b['p95']:>7.1f} {m['p99'] / b['p99']:>7.1f}", flush=True)
    print(f"# load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
