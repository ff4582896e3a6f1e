"""Reporting benchmarks: bulk import of 1,000,000 values from CSV through the real path, and approval of 10,000.

The import runs in a child process (so its peak memory is its own) against a fresh SQLite database; in the same run a
bare sqlite3 `executemany` of the same rows into an indexed table gives the ratio. `BENCH_VALUES=N` changes the size.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N_VALUES = int(os.environ.get("BENCH_VALUES", "1000000"))
MONTHS = 10
N_INDICATORS = 100
APPROVE = 10_000


def _django(data_dir: Path) -> None:
    os.environ["PLANTRACK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plantrack.settings")
    import django
    from django.db import connections

    django.setup()
    conn = connections["default"]
    if conn.vendor == "sqlite":
        # Another benchmark may have set Django up first: point the connection at this run's own file.
        conn.close()
        conn.settings_dict["NAME"] = str(data_dir / "bench.sqlite3")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fixture(n_units: int) -> None:
    from plantrack.indicators.models import Indicator
    from plantrack.orgs.models import OrgUnit, User
    from plantrack.plans.models import Plan

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
    User.objects.create(username="bench_admin", role=User.Role.ADMIN, unit=region)


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


def child(db_path: str, csv_path: str) -> None:
    """Runs in its own process: the import through import_bulk_file, printing figures as JSON."""
    _django(Path(db_path).parent)
    from plantrack.orgs.models import User
    from plantrack.plans.models import Plan
    from plantrack.reporting.bulk_import import import_bulk_file

    user = User.objects.get(username="bench_admin")
    plan = Plan.objects.get()
    started, cpu = time.perf_counter(), time.process_time()
    result = import_bulk_file(user=user, plan=plan, source=csv_path, max_bytes=1 << 34)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "cpu": cpu, "created": result.created, "peak_mb": peak_kb / 1024}))


def _bare_executemany(csv_path: Path, tmp: Path) -> tuple[int, float]:
    with open(csv_path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        rows = [tuple(r) for r in reader]
    db = sqlite3.connect(tmp / "bare.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, indicator TEXT, unit TEXT, period TEXT, value NUMERIC)")
    db.execute("CREATE UNIQUE INDEX v_key ON v (indicator, unit, period)")
    started = time.perf_counter()
    db.executemany("INSERT INTO v (indicator, unit, period, value) VALUES (?, ?, ?, ?)", rows)
    db.commit()
    seconds = time.perf_counter() - started
    db.close()
    return len(rows), seconds


def _approve(n: int) -> float:
    from plantrack.orgs.models import User
    from plantrack.reporting.models import DataValue
    from plantrack.reporting.services import approve_values, submit_values

    user = User.objects.get(username="bench_admin")
    ids = list(DataValue.objects.order_by("id").values_list("id", flat=True)[:n])
    submit_values(user=user, value_ids=ids)
    started = time.perf_counter()
    approved = approve_values(user=user, value_ids=ids)
    seconds = time.perf_counter() - started
    assert approved == len(ids)
    return seconds


def main() -> None:
    n_units = max(1, N_VALUES // (N_INDICATORS * MONTHS))
    with tempfile.TemporaryDirectory(prefix="pt-bench-reporting-") as tmpdir:
        tmp = Path(tmpdir)
        _django(tmp)
        _fixture(n_units)
        from django.db import connections

        connections["default"].close()
        csv_path = tmp / "values.csv"
        rows = _write_csv(csv_path, n_units)
        size_mb = csv_path.stat().st_size / 1024 / 1024
        print(f"   bulk import: {rows:,} values ({N_INDICATORS} indicators × {n_units} units × {MONTHS} months), "
              f"CSV {size_mb:.0f} MB", flush=True)
        out = subprocess.run(
            [sys.executable, "-c", f"from bench.bench_reporting import child; child({str(tmp / 'bench.sqlite3')!r}, "
                                   f"{str(csv_path)!r})"],
            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], check=False,
        )
        if out.returncode != 0:
            print(out.stderr[-3000:])
            raise SystemExit("the import child failed")
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        rate = figures["created"] / figures["seconds"]
        print(f"   full path (parse, check, validate, write values + history): {figures['seconds']:.1f} s, "
              f"{rate:,.0f} values/s (goal ≥ 50,000; {figures['created'] / figures['cpu']:,.0f}/s per CPU second), "
              f"peak memory {figures['peak_mb']:.0f} MB (goal < 500); load average {os.getloadavg()[0]:.1f}")
        n, bare_s = _bare_executemany(csv_path, tmp)
        bare_rate = n / bare_s
        print(f"   bare sqlite3 executemany of the same rows into an indexed table: {bare_s:.1f} s, "
              f"{bare_rate:,.0f} rows/s; full path / bare = {rate / bare_rate:.2f}")
        seconds = _approve(min(APPROVE, rows))
        print(f"   approval of {min(APPROVE, rows):,} values in one action: {seconds * 1000:.0f} ms "
              f"({min(APPROVE, rows) / seconds:,.0f} values/s)")
        connections["default"].close()


if __name__ == "__main__":
    main()
