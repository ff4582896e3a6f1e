"""A unit's task page: server time p50/p95 of `GET /tasks/unit/<code>/` for a 盟市 with 2,000 tasks.

Runs in a child process on a fresh temporary SQLite database: 2,000 tasks the unit leads or supports (with
progress, some overdue, some under supervision) among 3,000 of other units, then N requests through Django's full
stack (session auth, scope check, state counts, one page of rows) as the unit's clerk, cycling through the
unfiltered list, a state filter and later pages. Prints `PAGE tasks_unit p50=.. p95=..` (milliseconds).
`BENCH_TASKS` / `BENCH_TASKS_REQUESTS` resize it.
"""

from __future__ import annotations

import random
import statistics
import time

from bench.fresh_django import run_on_fresh_database
from bench.sizes import size

N_TASKS = size(2000, 40, env="BENCH_TASKS")
N_OTHER = size(3000, 60)
N_REQUESTS = size(200, 5, env="BENCH_TASKS_REQUESTS")


def main() -> None:
    run_on_fresh_database("bench.bench_tasks:measure")


def _fill() -> tuple[str, int]:
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from plantrack import clock
    from plantrack.orgs.models import OrgUnit
    from plantrack.plans.models import Plan
    from plantrack.tasks.models import Task
    from plantrack.tasks.supervision import run_supervision

    rng = random.Random(20261129)
    plan = Plan.objects.create(title="基准规划", region="基准", period_start=2026, period_end=2030)
    region = OrgUnit.objects.create(code="150000", name="基准自治区", kind=OrgUnit.Kind.REGION)
    units = [OrgUnit.objects.create(code=f"15{i:02d}00", name=f"盟市{i}", kind=OrgUnit.Kind.PREFECTURE,
                                    parent=region) for i in range(1, 13)]
    mine, others = units[5], [u for u in units if u is not units[5]]
    today = clock.today()
    now = timezone.now()

    def task(i: int, lead: OrgUnit) -> Task:
        deadline = today + dt.timedelta(days=rng.randint(-200, 1500))
        reported = rng.random() < 0.7
        return Task(plan=plan, title=f"重点任务{i:05d}：推进第{i % 53 + 1}章部署的工作", lead_unit=lead,
                    chapter_number=i % 53 + 1, deadline=deadline, deadline_text=f"{deadline.year}年{deadline.month}月",
                    progress=Decimal(rng.randint(0, 100)) if reported else Decimal(0),
                    last_period="2026Q3" if reported else "", last_reported_at=now if reported else None,
                    status=Task.Status.DONE if rng.random() < 0.1 else Task.Status.OPEN,
                    created_at=now - dt.timedelta(days=300))
    with transaction.atomic():
        n_lead = N_TASKS * 3 // 4
        Task.objects.bulk_create([task(i, mine) for i in range(n_lead)], batch_size=1000)
        Task.objects.bulk_create([task(i, rng.choice(others)) for i in range(n_lead, n_lead + N_OTHER)],
                                 batch_size=1000)
        supported = list(Task.objects.exclude(lead_unit=mine).values_list("pk", flat=True)[: N_TASKS - n_lead])
        through = Task.supporting_units.through
        through.objects.bulk_create([through(task_id=pk, orgunit_id=mine.pk) for pk in supported])
        Task.objects.update(created_at=now - dt.timedelta(days=300))  # auto_now_add ignored the value above
    run_supervision(today=today)
    return mine.code, n_lead + len(supported)


def measure() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from plantrack.orgs.models import OrgUnit, User

    setup_test_environment()
    started = time.perf_counter()
    code, mine = _fill()
    print(f"   {mine:,} tasks for unit {code} among {mine + N_OTHER:,} "
          f"({time.perf_counter() - started:.1f} s to write)")
    clerk = User.objects.create(username="bench_clerk", role=User.Role.CLERK, unit=OrgUnit.objects.get(code=code))
    client = Client()
    client.force_login(clerk)
    url = f"/tasks/unit/{code}/"
    queries = ["", "?state=overdue", "?page=5", "?state=in_progress&page=3", "?page=20"]
    client.get(url)  # warm-up: template loading, first query plans
    times = []
    for i in range(N_REQUESTS):
        t0 = time.perf_counter()
        response = client.get(url + queries[i % len(queries)])
        times.append(time.perf_counter() - t0)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} → {response.status_code}")
    times.sort()
    p50 = statistics.median(times) * 1000
    p95 = times[max(0, int(len(times) * 0.95) - 1)] * 1000
    print(f"   GET {url} as the unit's clerk, {N_REQUESTS} requests (100 rows a page, state counts): "
          f"max {times[-1] * 1000:.1f} ms")
    print(f"PAGE tasks_unit p50={p50:.1f} p95={p95:.1f}")


if __name__ == "__main__":
    main()
