"""Reporting benchmarks: bulk import of 1,000,000 values from CSV through the real path, and approval of 10,000.

Each database (SQLite in a fresh file; PostgreSQL when 127.0.0.1:5432 answers, in a database named plantrack_bench)
gets its own child process, so peak memory is the import's own. In the same child, after the import, the same rows
are written again straight into the real schema — the value table with its keys and indexes plus one history row
each, by the fastest plain means (multi-row INSERTs on SQLite, COPY on PostgreSQL), with no checks — and the ratio
of the two rates is printed. `BENCH_VALUES=N` changes the size; `BENCH_PG=0` skips PostgreSQL (skipped by default
under BENCH_SMALL=1).
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.fresh_django import copy_migrated_database
from bench.sizes import SMALL, size

N_VALUES = size(1_000_000, 2_000, env="BENCH_VALUES")
MONTHS = 10
N_INDICATORS = 100
APPROVE = 10_000
PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/plantrack_bench"
ROOT = Path(__file__).resolve().parents[1]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plantrack.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fixture(n_units: int) -> None:
    from datetime import date

    from plantrack.indicators.models import Indicator
    from plantrack.orgs.models import OrgUnit, User
    from plantrack.plans.models import Plan
    from plantrack.reporting.models import ReportingRound

    plan = Plan.objects.create(title="基准规划", region="基准", period_start=2026, period_end=2030)
    region = OrgUnit.objects.create(code="B000000", name="基准自治区", kind=OrgUnit.Kind.REGION)
    OrgUnit.objects.bulk_create(
        [OrgUnit(code=f"B{i:06d}", name=f"单位{i}", kind=OrgUnit.Kind.COUNTY, parent=region,
                 path=f"{region.path}B{i:06d}/", depth=1) for i in range(1, n_units)]
    )
    Indicator.objects.bulk_create(
        [Indicator(plan=plan, code=f"I{i:03d}", name=f"指标{i}", unit="亿元", target_type="level",
                   frequency=Indicator.Frequency.MONTHLY) for i in range(N_INDICATORS)]
    )
    admin = User.objects.create(username="bench_admin", role=User.Role.ADMIN, unit=region)
    # Nobody approves a figure they submitted (PLANTRACK_SEPARATE_SUBMIT_AND_APPROVE): a second person reviews.
    User.objects.create(username="bench_reviewer", role=User.Role.REVIEWER, unit=region)
    ReportingRound.objects.bulk_create([
        ReportingRound(plan=plan, period=f"2026M{m}", title=f"2026年{m}月", deadline=date(2026, 12, 31),
                       created_by=admin) for m in range(1, MONTHS + 1)
    ])


def _write_csv(path: Path, n_units: int) -> int:
    rnd = random.Random(20261122)
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["indicator_code", "unit_code", "period", "value"])
        for u in range(n_units):
            unit = f"B{u:06d}"
            for i in range(N_INDICATORS):
                level = rnd.uniform(10, 5000)
                for m in range(1, MONTHS + 1):
                    level *= 1 + rnd.uniform(-0.05, 0.08)  # a smooth series: no outlier warnings
                    w.writerow((f"I{i:03d}", unit, f"2026M{m}", f"{level:.2f}"))
                    rows += 1
    return rows


def _write_real_schema(csv_path: str) -> tuple[int, float]:
    """The baseline: the same rows into the value table and one history row each, no checks; (rows, seconds)."""
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from plantrack.indicators.models import Indicator
    from plantrack.orgs.models import OrgUnit, User
    from plantrack.reporting.history import record_entered_since

    user = User.objects.get(username="bench_admin")
    started = time.perf_counter()
    indicators = dict(Indicator.objects.values_list("code", "id"))
    units = dict(OrgUnit.objects.values_list("code", "id"))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    pg = connection.vendor == "postgresql"
    rows = []
    with open(csv_path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for code, unit, period, value in reader:
            rows.append((indicators[code], units[unit], period, int(period[:4]),
                         Decimal(value) if pg else float(value), "draft", "", "", "", "", "bulk", None, 1,
                         user.id, now))
    columns = ("indicator_id", "unit_id", "period", "year", "value", "state", "comment", "explanation",
               "return_reason", "source", "channel", "round_id", "revision", "updated_by_id", "updated_at")
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM reporting_datavalue")
        before = cur.fetchone()[0]
        if pg:
            with cur.cursor.copy(f"COPY reporting_datavalue ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            per = 2000 // len(columns)
            one = "(" + ", ".join(["%s"] * len(columns)) + ")"
            head = f"INSERT INTO reporting_datavalue ({', '.join(columns)}) VALUES "
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                cur.execute(head + ", ".join([one] * len(chunk)), [x for r in chunk for x in r])
        record_entered_since(cur, after_id=before)
    return len(rows), time.perf_counter() - started


def _approve(n: int) -> float:
    from plantrack.orgs.models import User
    from plantrack.reporting.models import DataValue
    from plantrack.reporting.services import approve_values, submit_values

    submitter = User.objects.get(username="bench_admin")
    reviewer = User.objects.get(username="bench_reviewer")
    ids = list(DataValue.objects.order_by("id").values_list("id", flat=True)[:n])
    submit_values(user=submitter, value_ids=ids)
    started = time.perf_counter()
    approved = approve_values(user=reviewer, value_ids=ids)
    seconds = time.perf_counter() - started
    assert approved == len(ids)
    return seconds


def child(csv_path: str, n_units: int) -> None:
    """Runs in its own process on the database of DATABASE_URL: import, approval, then the real-schema baseline."""
    _django()
    _fixture(n_units)
    from django.db import connection

    from plantrack.orgs.models import User
    from plantrack.plans.models import Plan
    from plantrack.reporting.bulk_import import import_bulk_file

    user = User.objects.get(username="bench_admin")
    plan = Plan.objects.get()
    started, cpu = time.perf_counter(), time.process_time()
    result = import_bulk_file(user=user, plan=plan, source=csv_path, max_bytes=1 << 34)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    approve_s = _approve(min(APPROVE, result.created))
    with connection.cursor() as cur:
        cur.execute("DELETE FROM reporting_datavaluechange")
        cur.execute("DELETE FROM reporting_datavalue")
    n, baseline_s = _write_real_schema(csv_path)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "created": result.created, "peak_mb": peak_kb / 1024,
                      "baseline_rows": n, "baseline_seconds": baseline_s, "approve_seconds": approve_s,
                      "approved": min(APPROVE, result.created)}))


def _postgres_answers() -> bool:
    if os.environ.get("BENCH_PG", "0" if SMALL else "1") == "0":
        return False
    try:
        import psycopg

        with psycopg.connect(PG_SERVER, connect_timeout=3, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS plantrack_bench")
            conn.execute("CREATE DATABASE plantrack_bench")
        return True
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL run
        print(f"   PostgreSQL: not measured ({type(exc).__name__}: {exc})")
        return False


def _run(name: str, database_url: str, csv_path: Path, n_units: int, env_extra: dict[str, str]) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, **env_extra}
    out = subprocess.run(
        [sys.executable, "-c", f"from bench.bench_reporting import child; child({str(csv_path)!r}, {n_units})"],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )
    if out.returncode != 0:
        print(out.stderr[-3000:])
        raise SystemExit(f"the {name} import child failed")
    f = json.loads(out.stdout.strip().splitlines()[-1])
    rate = f["created"] / f["seconds"]
    base = f["baseline_rows"] / f["baseline_seconds"]
    print(f"   {name} bulk import (parse, check, stage, merge, validate, values + history): {f['seconds']:.1f} s, "
          f"{rate:,.0f} values/s ({f['created'] / f['cpu']:,.0f}/s per CPU second of the app process), "
          f"peak memory {f['peak_mb']:.0f} MB; load average {os.getloadavg()[0]:.1f}", flush=True)
    print(f"   {name} same rows written straight into the real schema (values + history, no checks): "
          f"{f['baseline_seconds']:.1f} s, {base:,.0f} values/s; import / real-schema write = {rate / base:.2f}",
          flush=True)
    print(f"   {name} approval of {f['approved']:,} values in one action: {f['approve_seconds'] * 1000:.0f} ms "
          f"({f['approved'] / f['approve_seconds']:,.0f} values/s)", flush=True)


def main() -> None:
    n_units = max(1, N_VALUES // (N_INDICATORS * MONTHS))
    with tempfile.TemporaryDirectory(prefix="pt-bench-reporting-") as tmpdir:
        tmp = Path(tmpdir)
        csv_path = tmp / "values.csv"
        rows = _write_csv(csv_path, n_units)
        size_mb = csv_path.stat().st_size / 1024 / 1024
        print(f"   bulk import: {rows:,} values ({N_INDICATORS} indicators × {n_units} units × {MONTHS} months), "
              f"CSV {size_mb:.0f} MB; goals: SQLite ≥ 50,000 values/s, PostgreSQL ≥ 30,000 values/s", flush=True)
        settings_env = {"PLANTRACK_DATA_DIR": str(tmp), "PLANTRACK_TODAY": "2027-01-15"}
        copy_migrated_database(tmp / "bench.sqlite3")  # the smoke run's migrated copy; else the child migrates
        _run("SQLite", f"sqlite:///{tmp / 'bench.sqlite3'}", csv_path, n_units, settings_env)
        if _postgres_answers():
            _run("PostgreSQL", PG_BENCH, csv_path, n_units, settings_env)


if __name__ == "__main__":
    main()
