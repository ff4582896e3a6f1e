"""Importing a 5,000-project ledger, against the same rows written straight into the schema.

Runs in a child process on a fresh temporary SQLite database (`BENCH_LEDGER_DATABASE_URL` runs it on that database
instead, e.g. a PostgreSQL database of its own; its project tables are emptied first). A ledger xlsx is written the
way a 盟市 office keeps one (a title, a 2027 plan-year column, the ten procedures of the checklist, 包联领导, 存在问题)
for 12 盟市 and their 旗县. Then:

- the xlsx read by openpyxl and by calamine, in rows per CPU second (`READ ledger_<engine> rows_per_cpu_second=..`);
- `import_ledger` of the file, first time and again unchanged (`IMPORT ledger seconds=.. rows_per_second=..`,
  `IMPORT ledger_again ..`), with the number of progress reports it made;
- the same projects, procedures and annual plans written straight into the schema with bulk_create, without
  reading or checking anything (`IMPORT raw_schema seconds=.. rows_per_second=..`): the floor an import can reach.

`BENCH_LEDGER_ROWS` resizes it (default 5000).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from bench.fresh_django import run_on_fresh_database
from bench.sizes import size

N_ROWS = size(5000, 300, env="BENCH_LEDGER_ROWS")
STATES = ["已办结2026-05-01", "办理中", "未启动", "不涉及", "已批复", None, "容缺办理"]


def main() -> None:
    url = os.environ.get("BENCH_LEDGER_DATABASE_URL")
    if url:
        import subprocess
        import sys

        from bench.fresh_django import ROOT

        env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="plantrack.settings")
        code = "from bench.fresh_django import setup; setup(); from bench.bench_ledger_import import measure; measure()"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
        return
    run_on_fresh_database("bench.bench_ledger_import:measure")


def _units():
    from plantrack.orgs.models import OrgUnit

    region = OrgUnit.objects.filter(code="150000").first() or OrgUnit.objects.create(
        code="150000", name="基准自治区", kind=OrgUnit.Kind.REGION)
    counties = []
    for i in range(1, 13):
        prefecture, _made = OrgUnit.objects.get_or_create(
            code=f"15{i:02d}00", defaults={"name": f"基准盟市{i}", "kind": OrgUnit.Kind.PREFECTURE, "parent": region})
        for j in range(21, 29):
            county, _made = OrgUnit.objects.get_or_create(
                code=f"15{i:02d}{j:02d}", defaults={"name": f"基准盟市{i}旗县{j}", "kind": OrgUnit.Kind.COUNTY,
                                                    "parent": prefecture})
            counties.append(county)
    return region, counties


def _write_ledger(path: Path, counties, kinds) -> None:
    from openpyxl import Workbook

    rng = random.Random(20270405)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("重点项目")
    sheet.append(["基准自治区2027年重大项目推进台账"])
    sheet.append(["序号", "项目代码", "项目名称", "所属旗县", "建设地点", "项目类别", "建设单位", "总投资（万元）",
                  "2027年计划投资（万元）", "截至2026年底累计完成投资（万元）", "计划开工", "实际开工时间",
                  *(k.name for k in kinds), "包联领导", "责任单位", "存在问题", "备注"])
    for i in range(N_ROWS):
        county = counties[i % len(counties)]
        total = rng.randrange(10000, 900000, 100)
        code = f"21{rng.randrange(1, 13):02d}-{county.code}-04-01-{100000 + i:06d}" if i % 3 else "待赋码"
        sheet.append([i + 1, code, f"基准重大项目{i:05d}：新能源与基础设施建设工程", county.name, f"某某镇{i % 40}",
                      f"类别{i % 8}", f"某某建设有限公司{i % 97}", total, total // 3, total // 5, "2027年5月",
                      "2027-03-01" if i % 2 else None, *(rng.choice(STATES) for _k in kinds), f"第{i % 5 + 1}副盟长",
                      "发展改革委", "用地指标未落实" if i % 10 == 0 else None, None])
    book.save(path)


def _read_rate(path: Path) -> None:
    from plantrack.uploads import read_table

    for engine in ("openpyxl", "calamine"):
        started = time.process_time()
        table = read_table(path, name=path.name, formula_values=True, engine=engine)
        cpu = time.process_time() - started
        print(f"   {len(table.rows):,} rows read by {engine} in {cpu:.2f} CPU s")
        print(f"READ ledger_{engine} rows_per_cpu_second={len(table.rows) / cpu:,.0f}")


def _clear() -> None:
    from plantrack.projects.models import Project

    Project.objects.all().delete()


def _raw_schema(rows) -> float:
    """The checked rows of the import written straight into the schema: the floor of what an import can cost."""
    from django.db import transaction

    from plantrack.projects.models import Project, ProjectInvestment, ProjectProcedure
    from plantrack.projects.services import apply_fields

    started = time.perf_counter()
    with transaction.atomic():
        projects = []
        for row in rows:
            project = Project()
            apply_fields(project, row.fields)
            projects.append(project)
        Project.objects.bulk_create(projects, batch_size=300)
        ProjectProcedure.objects.bulk_create([
            ProjectProcedure(project=p, kind_id=kind_id, state=s.state, done_on=s.done_on)
            for p, row in zip(projects, rows, strict=True) for kind_id, s in row.fields.procedures.items()],
            batch_size=1000)
        ProjectInvestment.objects.bulk_create([
            ProjectInvestment(project=p, year=2027, planned_wan=row.fields.annual_plan_wan)
            for p, row in zip(projects, rows, strict=True)], batch_size=1000)
    return time.perf_counter() - started


def measure() -> None:
    from django.conf import settings

    from plantrack.orgs.models import User
    from plantrack.projects.checklist import ensure_default_procedures
    from plantrack.projects.ledger import import_ledger, preview_ledger
    from plantrack.projects.models import ProcedureKind

    settings.PLANTRACK_TODAY = "2027-04-12"
    ensure_default_procedures()
    _clear()
    region, counties = _units()
    admin = User.objects.filter(username="bench_ledger_admin").first() or User.objects.create(
        username="bench_ledger_admin", role=User.Role.ADMIN, unit=region)
    kinds = list(ProcedureKind.objects.filter(active=True))
    with tempfile.TemporaryDirectory(prefix="plantrack-ledger-") as folder:
        path = Path(folder) / "台账.xlsx"
        _write_ledger(path, counties, kinds)
        print(f"   a ledger of {N_ROWS:,} projects, {len(kinds)} procedures each ({path.stat().st_size / 1024:.0f} KB)")
        _read_rate(path)
        progress = []
        started = time.perf_counter()
        cpu = time.process_time()
        result = import_ledger(user=admin, source=path, name=path.name,
                               on_progress=lambda done, total: progress.append(done))
        seconds = time.perf_counter() - started
        print(f"   {result.summary()}; {len(progress)} progress reports; {time.process_time() - cpu:.2f} CPU s")
        print(f"IMPORT ledger seconds={seconds:.2f} rows_per_second={N_ROWS / seconds:,.0f}")
        started = time.perf_counter()
        again = import_ledger(user=admin, source=path, name=path.name)
        seconds = time.perf_counter() - started
        print(f"   again: {again.summary()}")
        print(f"IMPORT ledger_again seconds={seconds:.2f} rows_per_second={N_ROWS / seconds:,.0f}")
        rows = preview_ledger(user=admin, source=path, name=path.name).rows
        _clear()
        seconds = _raw_schema(rows)
        print(f"IMPORT raw_schema seconds={seconds:.2f} rows_per_second={N_ROWS / seconds:,.0f}")
    _clear()


if __name__ == "__main__":
    main()
