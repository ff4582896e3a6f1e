"""Dashboard and indicator page server time: p50/p95 of `GET /` (a leader's dashboard) and of
`GET /dashboard/indicators/<id>/` with 1,000,000 values stored.

Runs in a child process on a fresh temporary SQLite database. The region, 12 盟市 and 103 旗县 (116 units), 21
main indicators from a plan's indicator table plus further indicators, monthly approved values 2026–2030 written
straight into the table with `executemany` (the import path has its own benchmark), and the stored assessments
the pages read (a yearly and a monthly one per main indicator and unit). The requests then go through Django's
full stack (session auth, middleware, selectors, templates) with the test Client.
`BENCH_DASHBOARD_VALUES` / `BENCH_DASHBOARD_REQUESTS` resize it. Prints `PAGE dashboard p50=.. p95=..` lines.
"""

from __future__ import annotations

import os
import random
import time

from bench.fresh_django import run_on_fresh_database
from bench.sizes import size

N_VALUES = size(1_000_000, 3_000, env="BENCH_DASHBOARD_VALUES")
N_REQUESTS = size(100, 2, env="BENCH_DASHBOARD_REQUESTS")
YEARS = range(2026, 2031)
N_MAIN = size(21, 3)
N_PREFECTURES = 12
N_COUNTIES = size(103, 5)
CHUNK = 20_000
STATUSES = ["已完成", "超前", "符合预期", "滞后", "严重滞后", "无法评估"]


def main() -> None:
    run_on_fresh_database("bench.bench_dashboard:measure")


def _units():
    from plantrack.orgs.models import OrgUnit

    region = OrgUnit.objects.create(code="150000", name="内蒙古自治区", kind=OrgUnit.Kind.REGION)
    prefectures = [
        OrgUnit.objects.create(code=f"15{i:02d}00", name=f"盟市{i}", kind=OrgUnit.Kind.PREFECTURE, parent=region)
        for i in range(1, N_PREFECTURES + 1)
    ]
    OrgUnit.objects.bulk_create([
        OrgUnit(code=f"15{p:02d}{c:02d}", name=f"旗县{p}-{c}", kind=OrgUnit.Kind.COUNTY, parent=prefectures[p - 1],
                path=f"{prefectures[p - 1].path}15{p:02d}{c:02d}/", depth=2)
        for p, c in ((1 + k % N_PREFECTURES, 1 + k // N_PREFECTURES) for k in range(N_COUNTIES))
    ])
    return region


def _registry(n_indicators: int):
    """A plan version whose indicator table has the 21 main indicators, and the registry built on it."""
    from plantrack.indicators.models import Indicator
    from plantrack.plans.models import Plan, PlanIndicator, PlanVersion

    plan = Plan.objects.create(title="基准规划", region="基准", period_start=2026, period_end=2030)
    version = PlanVersion.objects.create(plan=plan, number=1, source_name="bench", source_sha256="0" * 64, text="")
    rows = PlanIndicator.objects.bulk_create([
        PlanIndicator(version=version, code=str(i + 1), name=f"主要指标{i + 1}", category=["经济发展", "民生福祉",
                      "绿色低碳"][i % 3], unit="%", attribute="约束性" if i % 4 == 0 else "预期性",
                      target_type="level", baseline_year=2025, baseline_value=50, target_year=2030,
                      target_value=60, line_start=i + 1, line_end=i + 1, order=i)
        for i in range(N_MAIN)
    ])
    Indicator.objects.bulk_create([
        Indicator(plan=plan, code=f"{i + 1}" if i < N_MAIN else f"X{i:03d}", name=f"指标{i + 1}", unit="%",
                  category=["经济发展", "民生福祉", "绿色低碳"][i % 3],
                  attribute="约束性" if i % 4 == 0 else "预期性", target_type="level", baseline_year=2025,
                  baseline_value=50, target_year=2030, target_value=60, comparator="=",
                  frequency=Indicator.Frequency.MONTHLY, source_row=rows[i] if i < N_MAIN else None)
        for i in range(n_indicators)
    ])
    return list(Indicator.objects.order_by("id").values_list("id", flat=True))


def _values(indicator_ids: list[int], unit_ids: list[int], n_values: int) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from plantrack.reporting.models import DataValue

    periods = [(f"{y}M{m}", y) for y in YEARS for m in range(1, 13)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = connection.ops.quote_name(DataValue._meta.db_table)
    sql = (f"INSERT INTO {table} (indicator_id, unit_id, period, year, value, approved_value, state, comment, "
           f"explanation, return_reason, source, channel, revision, updated_at) "
           f"VALUES (%s, %s, %s, %s, %s, %s, 'approved', '', '', '', '', 'system', 2, %s)")
    rng = random.Random(20261129)

    def rows():
        n = 0
        for ind in indicator_ids:
            for unit_id in unit_ids:
                level = rng.uniform(45, 65)
                for period, year in periods:
                    if n == n_values:
                        return
                    figure = f"{level + rng.uniform(-1, 1):.2f}"
                    yield (ind, unit_id, period, year, figure, figure, now)
                    n += 1

    written, batch = 0, []
    with transaction.atomic(), connection.cursor() as cur:
        for row in rows():
            batch.append(row)
            if len(batch) == CHUNK:
                cur.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cur.executemany(sql, batch)
            written += len(batch)
    return written


def _assessments(main_ids: list[int], unit_ids: list[int]) -> int:
    """Stored judgements as the assessment service leaves them: each year's and each month's, per indicator × unit,
    written with `executemany` like the values."""
    import json

    from django.db import connection, transaction
    from django.utils import timezone

    from plantrack.assessment.models import Assessment
    from plantrack.core.periods import Period

    rng = random.Random(7)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    periods = [Period(y, "Y") for y in YEARS] + [Period(y, "M", m) for y in YEARS for m in range(1, 13)]
    table = connection.ops.quote_name(Assessment._meta.db_table)
    sql = (f"INSERT INTO {table} (indicator_id, unit_id, period, year, period_kind, period_ordinal, status, method, "
           f"pace_ratio, elapsed, completion, latest_year, latest_value, projection_year, projection_value, "
           f"explanation, result, computed_at) "
           f"VALUES (%s, %s, %s, %s, %s, %s, %s, 'time_progress', 1.0, %s, %s, %s, '55', 2030, '60', %s, %s, %s)")

    def rows():
        for ind in main_ids:
            for unit_id in unit_ids:
                for period in periods:
                    status, elapsed = rng.choice(STATUSES), (period.year - 2025) / 5
                    result = {"status": status, "method": "time_progress", "explanation": "基准",
                              "growth_ratio": 1.0, "linear_projection": 60.0}
                    yield (ind, unit_id, period.code, period.year, period.kind, period.ordinal, status, elapsed,
                           elapsed, period.year, f"{period.year}年末时序进度{elapsed:.0%}",
                           json.dumps(result, ensure_ascii=False), now)

    written, batch = 0, []
    with transaction.atomic(), connection.cursor() as cur:
        for row in rows():
            batch.append(row)
            if len(batch) == CHUNK:
                cur.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cur.executemany(sql, batch)
            written += len(batch)
    return written


def _timed(client, path: str, picks) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each request, sorted; CPU time shows what the server itself spends when
    other work shares the machine's cores (the wall clock then also counts waiting for a core)."""
    client.get(path.format(picks()))  # warm-up: imports, templates, first query plans
    wall, cpu = [], []
    for _ in range(N_REQUESTS):
        url = path.format(picks())
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} → {response.status_code}: {response.content[:300]!r}")
    return sorted(wall), sorted(cpu)


def _ms(times: list[float], q: float) -> float:
    """The q-quantile of sorted times, in milliseconds."""
    return times[min(len(times) - 1, int(len(times) * q))] * 1000


def _line(name: str, wall: list[float], cpu: list[float], note: str) -> str:
    return (f"   PAGE {name} p50={_ms(wall, 0.5):.1f}ms p95={_ms(wall, 0.95):.1f}ms max={wall[-1] * 1000:.1f}ms "
            f"(server CPU p50={_ms(cpu, 0.5):.1f}ms p95={_ms(cpu, 0.95):.1f}ms; {note})")


def measure() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from plantrack.orgs.models import OrgUnit, User

    setup_test_environment()  # lets the test Client's host through ALLOWED_HOSTS
    started = time.perf_counter()
    region = _units()
    unit_ids = list(OrgUnit.objects.order_by("path").values_list("id", flat=True))
    periods = len(YEARS) * 12
    indicator_ids = _registry(max(N_MAIN, -(-N_VALUES // (len(unit_ids) * periods))))
    written = _values(indicator_ids, unit_ids, N_VALUES)
    assessed = _assessments(indicator_ids[:N_MAIN], unit_ids)
    print(f"   stored {written:,} values ({len(indicator_ids)} indicators × {len(unit_ids)} units × {periods} months) "
          f"and {assessed:,} assessments ({time.perf_counter() - started:.1f} s to write)")
    leader = User.objects.create(username="bench_leader", role=User.Role.LEADER, unit=region)
    client = Client()
    client.force_login(leader)
    rng = random.Random(11)
    codes = ["", "150000", *(f"15{i:02d}00" for i in range(1, N_PREFECTURES + 1))]
    wall, cpu = _timed(client, "/?unit={}", lambda: rng.choice(codes))
    print(_line("dashboard", wall, cpu, f"{N_REQUESTS} requests, {N_MAIN} cards of one unit each"))
    main = indicator_ids[:N_MAIN]
    wall, cpu = _timed(client, "/dashboard/indicators/{}/", lambda: rng.choice(main))
    print(_line("indicator", wall, cpu, f"{N_REQUESTS} requests, the region and {N_PREFECTURES} 盟市 each"))
    print(f"   (load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

if __name__ == "__main__":
    main()
