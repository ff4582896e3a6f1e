"""The project list page and the dispatch sheet with 5,000 projects.

Runs in a child process on a fresh temporary SQLite database: 5,000 projects across 12 盟市 and their 旗县, each
with seven procedures (about a third still open) and a week's dispatch for those being built, a few with 堵点.
Then N requests of `GET /projects/` through Django's full stack as the planning office, cycling through the whole
ledger, the "手续未办结" filter, a status filter, a 盟市 and later pages; and the week's dispatch sheet generated
as xlsx, docx and PDF (the docx through LibreOffice, where it is installed) for one 盟市 and for the whole region;
then, with an annual plan and a planned start given to every project (so most lag) and the open procedures open
since November, the monthly review (月研判) of March: its page by 旗县 for the region and its files. Prints
`PAGE projects p50=.. p95=..` (milliseconds), `SHEET dispatch_<scope>_<format> seconds=..` and
`REVIEW <what> seconds=..`. `BENCH_PROJECTS` / `BENCH_PROJECTS_REQUESTS` resize it.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time

from bench.fresh_django import run_on_fresh_database
from bench.sizes import SMALL, size

N_PROJECTS = size(5000, 60, env="BENCH_PROJECTS")
N_REQUESTS = size(200, 6, env="BENCH_PROJECTS_REQUESTS")
WEEK = "2027-W14"


def main() -> None:
    run_on_fresh_database("bench.bench_projects:measure")


def _fill() -> None:
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction

    from plantrack.orgs.models import OrgUnit
    from plantrack.projects.models import Blocker, DispatchRecord, ProcedureKind, Project, ProjectProcedure

    rng = random.Random(20261129)
    region = OrgUnit.objects.create(code="150000", name="基准自治区", kind=OrgUnit.Kind.REGION)
    places = []
    for i in range(1, 13):
        prefecture = OrgUnit.objects.create(code=f"15{i:02d}00", name=f"盟市{i}", kind=OrgUnit.Kind.PREFECTURE,
                                            parent=region)
        places.append(prefecture)
        places += [OrgUnit.objects.create(code=f"15{i:02d}{j:02d}", name=f"盟市{i}旗县{j}",
                                          kind=OrgUnit.Kind.COUNTY, parent=prefecture) for j in range(21, 29)]
    kinds = list(ProcedureKind.objects.all())
    statuses = list(Project.Status.values)
    with transaction.atomic():
        projects = []
        for i in range(N_PROJECTS):
            total = Decimal(rng.randrange(10000, 900000, 100))
            projects.append(Project(
                name=f"基准重大项目{i:05d}：新能源与基础设施建设工程", region=rng.choice(places),
                category=f"类别{i % 8}",
                total_investment_wan=total, completed_wan=(total * Decimal(rng.random())).quantize(Decimal(1)),
                status=rng.choices(statuses, weights=[1, 3, 5, 1])[0]))
        Project.objects.bulk_create(projects, batch_size=1000)
        projects = list(Project.objects.all())
        procedures, dispatches = [], []
        for p in projects:
            open_names = []
            for kind in kinds:
                state = rng.choices(["done", "in_progress", "not_started"], weights=[8, 1, 1])[0]
                procedures.append(ProjectProcedure(project=p, kind=kind, state=state,
                                                   done_on=dt.date(2026, 5, 1) if state == "done" else None))
                if state != "done":
                    open_names.append(kind.name)
            p.open_procedures, p.has_open_procedures = open_names, bool(open_names)
            if p.status == "building":
                dispatches.append(DispatchRecord(project=p, week=WEEK, progress="主体工程施工，完成年度计划的四成"))
        ProjectProcedure.objects.bulk_create(procedures, batch_size=2000)
        Project.objects.bulk_update(projects, ["open_procedures", "has_open_procedures"], batch_size=1000)
        DispatchRecord.objects.bulk_create(dispatches, batch_size=1000)
        Blocker.objects.bulk_create([
            Blocker(project_id=d.project_id, description="用地指标未落实", owner="自然资源局",
                    due_date=dt.date(2027, 4, 30), raised_week=WEEK)
            for d in DispatchRecord.objects.all()[:: 10]], batch_size=1000)


def measure() -> None:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from plantrack.orgs.models import OrgUnit, User
    from plantrack.projects.dispatch_sheet import build_dispatch_sheet, render_dispatch_sheet

    setup_test_environment()
    settings.PLANTRACK_TODAY = "2027-04-12"  # the dispatch week has begun: the one clock refuses future weeks
    started = time.perf_counter()
    _fill()
    print(f"   {N_PROJECTS:,} projects with the checklist's procedures each "
          f"({time.perf_counter() - started:.1f} s to write)")
    admin = User.objects.create(username="bench_admin", role=User.Role.ADMIN)
    client = Client()
    client.force_login(admin)
    queries = ["", "?open=1", "?status=building", "?unit=150600", "?page=20", "?open=1&page=10"]
    client.get("/projects/")  # warm-up: template loading, first query plans
    times = []
    for i in range(N_REQUESTS):
        t0 = time.perf_counter()
        response = client.get("/projects/" + queries[i % len(queries)])
        times.append(time.perf_counter() - t0)
        if response.status_code != 200:
            raise SystemExit(f"GET /projects/ → {response.status_code}")
    times.sort()
    p50 = statistics.median(times) * 1000
    p95 = times[max(0, int(len(times) * 0.95) - 1)] * 1000
    print(f"   GET /projects/ as the planning office, {N_REQUESTS} requests (100 rows a page): "
          f"max {times[-1] * 1000:.1f} ms")
    print(f"PAGE projects p50={p50:.1f} p95={p95:.1f}")
    prefecture = OrgUnit.objects.get(code="150600")
    formats = ["xlsx", "docx"]
    if shutil.which(settings.PLANTRACK_LIBREOFFICE) or shutil.which("soffice"):
        formats.append("pdf")
    else:
        print("   no LibreOffice here: the dispatch sheet as PDF is not measured")
    for scope, unit in (("prefecture", prefecture), ("region", None)):
        for fmt in formats:
            if SMALL and fmt == "pdf" and scope == "region":
                # The PDF is the docx (rendered for both scopes) through LibreOffice, seconds a conversion: at the
                # small size the 盟市's sheet is converted and the region's is not.
                continue
            t0 = time.perf_counter()
            sheet = build_dispatch_sheet(user=admin, week=WEEK, unit=unit)
            data = render_dispatch_sheet(sheet, fmt)
            seconds = time.perf_counter() - t0
            shown = f"{len(sheet.summary)} 盟市 rows" if sheet.summary is not None else f"{len(sheet.rows):,} rows"
            print(f"   {sheet.project_count:,} projects as {shown}, {len(data) / 1024:.0f} KB")
            print(f"SHEET dispatch_{scope}_{fmt} seconds={seconds:.2f}")
    _measure_review(client, admin, prefecture)


def _measure_review(client, admin, prefecture) -> None:
    import datetime as dt

    from django.db.models import F

    from plantrack.projects.models import Project, ProjectProcedure
    from plantrack.projects.monthly_review import build_monthly_review, render_monthly_review

    Project.objects.update(annual_plan_wan=F("total_investment_wan") / 4, planned_start=dt.date(2027, 3, 1))
    ProjectProcedure.objects.filter(state__in=ProjectProcedure.OPEN_STATES).update(opened_on=dt.date(2026, 11, 1))
    t0 = time.perf_counter()
    response = client.get("/projects/review/?month=2027-03&by=county")
    seconds = time.perf_counter() - t0
    if response.status_code != 200:
        raise SystemExit(f"GET /projects/review/ → {response.status_code}")
    print(f"   GET /projects/review/ for the region by 旗县: {len(response.content) / 1024:.0f} KB")
    print(f"REVIEW page_region seconds={seconds:.2f}")
    for scope, unit in (("prefecture", prefecture), ("region", None)):
        for fmt in ("xlsx", "docx"):
            t0 = time.perf_counter()
            review = build_monthly_review(user=admin, month="2027-03", unit=unit, by="county")
            data = render_monthly_review(review, fmt)
            seconds = time.perf_counter() - t0
            print(f"   {review.total.projects:,} projects, {len(review.lagging):,} lagging, "
                  f"{len(review.long_open):,} procedures open too long, {len(data) / 1024:.0f} KB")
            print(f"REVIEW {scope}_{fmt} seconds={seconds:.2f}")


if __name__ == "__main__":
    main()
