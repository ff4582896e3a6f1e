"""Commitment and annual-target reader timings on the seeds: `find_commitments` over the parsed plan (goal: a few
ms), a bare figure scan of the whole text for comparison, and `parse_annual_targets` on the two report seeds."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.sizes import size

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
RUNS = size(21, 1)


def _median_ms(fn) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    from plantrack.core.planparse import parse_plan
    from plantrack.core.planparse.annual_targets import parse_annual_targets
    from plantrack.core.planparse.commitments import find_commitments
    from plantrack.core.planparse.numbers import find_quantities

    plans = sorted(SEEDS.glob("004_*.txt"))
    if not plans:
        print(f"   no seed plan in {SEEDS}: skipped")
        return
    text = plans[0].read_text(encoding="utf-8")
    doc = parse_plan(text)
    found = find_commitments(doc)
    took = _median_ms(lambda: find_commitments(doc))
    # The budget a runaway regex would blow: the whole parse's (once a timed test, now measured here).
    print(f"   find_commitments over the seed plan: {took:.1f} ms (median of {RUNS}; {len(found)} commitments; "
          f"budget 100 ms: {'within' if took < 100 else 'OVER'})")
    print(f"   find_quantities over the whole text (Arabic figures): "
          f"{_median_ms(lambda: find_quantities(text, chinese=False)):.1f} ms")
    for prefix in ("002", "000"):
        report = next(SEEDS.glob(f"{prefix}_*.txt"), None)
        if report is None:
            continue
        body = report.read_text(encoding="utf-8")
        items = parse_annual_targets(body)
        print(f"   parse_annual_targets on {prefix}: {_median_ms(lambda b=body: parse_annual_targets(b)):.2f} ms "
              f"({len(items)} targets)")
