"""Import and search figures for the plans app: seed plan into a fresh SQLite database, then search latency.

The measuring runs in a child process with its own temporary PLANTRACK_DATA_DIR, so Django is set up on an empty
database whatever other benchmarks in the same `make bench` run did.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.fresh_django import run_on_fresh_database
from bench.sizes import size

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds"
QUERIES = ["氢能", "碳达峰", "高标准农田", "新能源汽车", "生态 保护 修复", "GDP"]
SEARCH_RUNS = size(20, 1)


def main() -> None:
    run_on_fresh_database("bench.bench_import:measure")


def measure() -> None:
    from plantrack.plans.importing import import_plan
    from plantrack.plans.search import search_plan
    from plantrack.plans.segmentation import tokenizer

    seed = sorted(SEED.glob("004_*.txt"))[0]

    started = time.perf_counter()
    tokenizer()
    print(f"jieba dictionary load (once per process): {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    result = import_plan(path=seed, region="bench")
    elapsed = time.perf_counter() - started
    c = result.counts
    print(f"import seed plan into fresh SQLite: {elapsed:.2f} s "
          f"({c['chapters']} chapters, {c['sections']} sections, {c['boxes']} boxes, {c['indicators']} indicators, "
          f"{c['commitments']} commitments, {c['sentences']} sentences)")

    started = time.perf_counter()
    again = import_plan(path=seed, region="bench")
    print(f"re-import of the same file (recognised, nothing written): {time.perf_counter() - started:.3f} s"
          f" created={again.created}")

    for query in QUERIES:
        times = []
        for _ in range(SEARCH_RUNS):
            started = time.perf_counter()
            found = search_plan(version=result.version, query=query)
            times.append(time.perf_counter() - started)
        print(f"search {query!r}: {found.total} sentences, median {statistics.median(times) * 1000:.1f} ms, "
              f"max {max(times) * 1000:.1f} ms")
