"""API read latency: p50/p95 of `GET /api/values?unit=…&year=…` (one unit's year) with 1,000,000 values stored.

Runs in a child process on a fresh temporary SQLite database: the rows are written straight into the table with
`executemany` (the import path has its own benchmark), then N requests go through Django's full stack (middleware,
bearer-token auth, scope check, query, JSON) with the test Client. `BENCH_API_VALUES` / `BENCH_API_REQUESTS` resize it.
"""

from __future__ import annotations

import random
import statistics
import time

from bench.fresh_django import run_on_fresh_database
from bench.sizes import size

N_VALUES = size(1_000_000, 2_000, env="BENCH_API_VALUES")
N_REQUESTS = size(200, 3, env="BENCH_API_REQUESTS")
YEARS = range(2026, 2031)
N_UNITS = 116  # the region, 12 盟市 and 103 旗县: the size of the real tree
CHUNK = 20_000


def main() -> None:
    run_on_fresh_database("bench.bench_api:measure")


def _fill(n_values: int) -> tuple[list[str], int]:
    """A plan, a flat tree of units, monthly indicators and `n_values` approved values spread over 2026–2030."""
    from django.db import connection, transaction
    from django.utils import timezone

    from plantrack.indicators.models import Indicator
    from plantrack.orgs.models import OrgUnit
    from plantrack.plans.models import Plan
    from plantrack.reporting.models import DataValue

    plan = Plan.objects.create(title="基准规划", region="基准", period_start=2026, period_end=2030)
    region = OrgUnit.objects.create(code="150000", name="基准自治区", kind=OrgUnit.Kind.REGION)
    OrgUnit.objects.bulk_create([
        OrgUnit(code=f"15{i:04d}", name=f"单位{i}", kind=OrgUnit.Kind.COUNTY, parent=region,
                path=f"{region.path}15{i:04d}/", depth=1)
        for i in range(1, N_UNITS)
    ])
    units = list(OrgUnit.objects.order_by("id").values_list("id", "code"))
    periods = [(f"{y}M{m}", y) for y in YEARS for m in range(1, 13)]
    n_indicators = -(-n_values // (len(units) * len(periods)))
    Indicator.objects.bulk_create([
        Indicator(plan=plan, code=f"I{i:03d}", name=f"指标{i}", unit="亿元", target_type="level",
                  frequency=Indicator.Frequency.MONTHLY)
        for i in range(n_indicators)
    ])
    indicator_ids = list(Indicator.objects.order_by("id").values_list("id", flat=True))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = connection.ops.quote_name(DataValue._meta.db_table)
    sql = (f"INSERT INTO {table} (indicator_id, unit_id, period, year, value, approved_value, state, comment, "
           f"explanation, return_reason, source, channel, revision, updated_at) "
           f"VALUES (%s, %s, %s, %s, %s, %s, 'approved', '', '', '', '', 'system', 2, %s)")
    rng = random.Random(20261022)

    def rows():
        n = 0
        for ind in indicator_ids:
            for unit_id, _code in units:
                for period, year in periods:
                    if n == n_values:
                        return
                    figure = f"{rng.uniform(1, 5000):.2f}"
                    yield (ind, unit_id, period, year, figure, figure, now)
                    n += 1

    written = 0
    batch = []
    with transaction.atomic(), connection.cursor() as cur:
        for row in rows():
            batch.append(row)
            if len(batch) == CHUNK:
                cur.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cur.executemany(sql, batch)
            written += len(batch)
    return [code for _id, code in units], written


def measure() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from plantrack.api.tokens import create_api_token
    from plantrack.orgs.models import OrgUnit, User

    setup_test_environment()  # lets the test Client's host through ALLOWED_HOSTS
    started = time.perf_counter()
    unit_codes, written = _fill(N_VALUES)
    print(f"   stored {written:,} values for {len(unit_codes)} units, 2026–2030 monthly "
          f"({time.perf_counter() - started:.1f} s to write)")
    admin = User.objects.create(username="bench_admin", role=User.Role.ADMIN, unit=OrgUnit.objects.get(code="150000"))
    clerk = User.objects.create(username="bench_clerk", role=User.Role.CLERK, unit=OrgUnit.objects.get(code="150001"))

    rng = random.Random(7)
    for who, user, pick in (("planning office (any unit)", admin, lambda: rng.choice(unit_codes)),
                            ("clerk (own unit)", clerk, lambda: "150001")):
        _row, token = create_api_token(user=user)
        client = Client(headers={"Authorization": f"Bearer {token}"})
        client.get("/api/values", {"unit": pick(), "year": 2026})  # warm-up: imports, first query plans
        times, sizes, counts = [], [], []
        for _ in range(N_REQUESTS):
            params = {"unit": pick(), "year": rng.choice(list(YEARS))}
            t0 = time.perf_counter()
            response = client.get("/api/values", params)
            times.append(time.perf_counter() - t0)
            if response.status_code != 200:
                raise SystemExit(f"GET /api/values {params} → {response.status_code}: {response.content[:200]!r}")
            sizes.append(len(response.content))
            counts.append(len(response.json()))
        times.sort()
        p50 = statistics.median(times) * 1000
        p95 = times[max(0, int(len(times) * 0.95) - 1)] * 1000
        print(f"   GET /api/values?unit&year, {who}: {N_REQUESTS} requests, {statistics.mean(counts):.0f} values "
              f"({statistics.mean(sizes) / 1024:.0f} KiB) each: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
              f"max {times[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
