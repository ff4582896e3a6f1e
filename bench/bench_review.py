"""The review page with each figure's context (sparkline of previous periods, last year, warnings re-checked):
p50/p95 of `GET /reporting/review/` for the planning office, with 1,000,000 values stored and 52,000 submitted.

Runs in a child process on a fresh temporary SQLite database filled as bench_api fills it; then the most recent
52,000 values are put back to 已提交 so the review queue is as long as in the issue's measurement. The page shows
the first 500 of the queue, each with its context. `BENCH_REVIEW_VALUES` / `BENCH_REVIEW_REQUESTS` resize it.
"""

from __future__ import annotations

import statistics
import time

from bench.fresh_django import run_on_fresh_database
from bench.sizes import size

N_VALUES = size(1_000_000, 2_000, env="BENCH_REVIEW_VALUES")
N_SUBMITTED = size(52_000, 100, env="BENCH_REVIEW_SUBMITTED")
N_REQUESTS = size(20, 2, env="BENCH_REVIEW_REQUESTS")


def main() -> None:
    run_on_fresh_database("bench.bench_review:measure")


def measure() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.bench_api import _fill
    from plantrack.orgs.models import OrgUnit, User
    from plantrack.reporting.models import DataValue

    setup_test_environment()
    started = time.perf_counter()
    _codes, written = _fill(N_VALUES)
    last = DataValue.objects.order_by("-id").values_list("id", flat=True)[N_SUBMITTED - 1]
    DataValue.objects.filter(id__gte=last).update(state=DataValue.State.SUBMITTED)
    submitted = DataValue.objects.filter(state=DataValue.State.SUBMITTED).count()
    print(f"   stored {written:,} values, {submitted:,} submitted ({time.perf_counter() - started:.1f} s)")
    admin = User.objects.create(username="bench_admin", role=User.Role.ADMIN, unit=OrgUnit.objects.get(code="150000"))
    client = Client()
    client.force_login(admin)
    client.get("/reporting/review/")  # warm-up
    times = []
    for _ in range(N_REQUESTS):
        t0 = time.perf_counter()
        response = client.get("/reporting/review/")
        times.append(time.perf_counter() - t0)
        if response.status_code != 200 or b'class="sparkline"' not in response.content:
            raise SystemExit(f"GET /reporting/review/ → {response.status_code}")
    times.sort()
    p50 = statistics.median(times) * 1000
    p95 = times[max(0, int(len(times) * 0.95) - 1)] * 1000
    print(f"PAGE review_with_context p50={p50:.0f} p95={p95:.0f}")
    # The context alone, for the page's 500 figures: what it adds to the queue's own cost.
    from plantrack.reporting.review_context import review_context
    from plantrack.reporting.selectors import review_queue

    page = list(review_queue(user=admin)[:500])
    times = []
    for _ in range(N_REQUESTS):
        t0 = time.perf_counter()
        review_context(values=page)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(f"   review_context for 500 figures: p50 {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {times[max(0, int(len(times) * 0.95) - 1)] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
