"""Page latency and streamed export with 1,000,000 values stored, on SQLite and on PostgreSQL.

Prints one line per page, `PAGE <database>:<name> p50=<ms> p95=<ms>` (server time through Django's test Client,
the response read to its end), then the rate and peak memory of a streamed CSV export of every value.
The SQLite database is cached in var/bench/ and the PostgreSQL one is `plantrack_bench_pages` (when 127.0.0.1:5432
answers); both are built once and migrated on every run. `BENCH_PAGE_RUNS=N` sets the requests per page.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.fresh_django import copy_migrated_database
from bench.sizes import SMALL, size

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("PLANTRACK_BENCH_CACHE", ROOT / "var" / "bench"))
PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "plantrack_bench_pages"
RUNS = size(20, 2, env="BENCH_PAGE_RUNS")

PAGES = [
    ("rounds_list", "/reporting/rounds/"),
    ("export_month", "/reporting/export/?format=csv&period=2030M6"),
    ("home", "/"),
    ("reporting_index", "/reporting/"),
    ("review_all_rounds", "/reporting/review/"),
]


def main() -> None:
    if SMALL:
        # The smoke run builds its small database afresh and leaves neither the cache nor PostgreSQL touched.
        with tempfile.TemporaryDirectory(prefix="plantrack-bench-pages-") as tmp:
            database = Path(tmp) / "pages-small.sqlite3"
            copy_migrated_database(database)  # `prepare` then finds nothing to migrate
            _measure([("sqlite", f"sqlite:///{database}")])
        return
    from bench.pages_data import DATA_VERSION

    CACHE.mkdir(parents=True, exist_ok=True)
    targets = [("sqlite", f"sqlite:///{CACHE / f'pages-v{DATA_VERSION}.sqlite3'}")]
    if _postgres_answers():
        targets.append(("postgresql", PG_SERVER.rsplit("/", 1)[0] + "/" + PG_DATABASE))
    else:
        print("   no PostgreSQL server on 127.0.0.1:5432: PostgreSQL figures skipped")
    _measure(targets)


def _measure(targets: list[tuple[str, str]]) -> None:
    for label, url in targets:
        if SMALL:
            # Its figures mean nothing at this size, the export's peak memory included: one process runs the three
            # steps, two Django start-ups fewer.
            _child(("prepare", "pages", "export"), label, url)
            continue
        _child(("prepare",), label, url)
        _child(("pages",), label, url)
        _child(("export",), label, url)


def _postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_SERVER, connect_timeout=3, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)).fetchone():
                conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        return True
    except Exception:  # noqa: BLE001 - any failure means: no server to measure on
        return False


def _child(steps: tuple[str, ...], label: str, url: str) -> None:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="plantrack.settings")
    code = f"from bench.bench_pages import {', '.join(steps)}; " + "; ".join(f"{step}({label!r})" for step in steps)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def _setup() -> None:
    import django

    django.setup()
    from django.conf import settings

    # The test Client's host; not setup_test_environment(), whose template instrumentation would be measured too.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def prepare(label: str) -> None:
    """Migrate the cached database and fill it if it does not hold this version of the data."""
    _setup()
    from django.core.management import call_command

    from bench.pages_data import build, is_built

    call_command("migrate", verbosity=0)
    if not is_built():
        call_command("flush", interactive=False, verbosity=0)
        build()
    from django.db import connection

    with connection.cursor() as cursor:
        # As a running server's autovacuum / optimize would leave it: statistics current, visibility map set.
        cursor.execute("VACUUM ANALYZE" if label == "postgresql" else "PRAGMA optimize")


def _client(username: str):
    from django.test import Client

    from plantrack.orgs.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _read(response) -> int:
    """Read the whole response as a browser would; returns its size in bytes."""
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def pages(label: str) -> None:
    _setup()
    from plantrack.reporting.models import DataValue

    n_values = DataValue.objects.count()
    awaiting = DataValue.objects.filter(state=DataValue.State.SUBMITTED).count()
    print(f"   {label}: {n_values:,} values stored, {awaiting:,} awaiting review; {RUNS} requests a page "
          f"as the planning office; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    client = _client("bench_admin")
    for name, url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        _read(response)
        times, cpu = [], []
        for _ in range(RUNS):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            _read(response)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        print(f"PAGE {label}:{name} p50={statistics.median(times):.1f} p95={_p95(times):.1f}", flush=True)
        # On a shared machine the wall time above includes waiting for a CPU; this process's own CPU time does not
        # (with SQLite it includes the database's work, with PostgreSQL not the server's).
        print(f"   cpu of this process p50={statistics.median(cpu):.1f} p95={_p95(cpu):.1f} ms; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def export(label: str) -> None:
    """Every stored value as one streamed CSV download, then one month as xlsx; rates and peak memory."""
    _setup()
    client = _client("bench_admin")
    client.get("/")  # Django, templates and the session warm before the memory baseline
    before = _memory_kb("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get("/reporting/export/", {"format": "csv"})
    rows = -1
    size = 0
    if getattr(response, "streaming", False):
        for chunk in response.streaming_content:
            rows += chunk.count(b"\n")
            size += len(chunk)
    else:
        rows += response.content.count(b"\n")
        size = len(response.content)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _memory_kb("VmHWM")
    print(f"EXPORT {label}:csv_all rows={rows} rows_per_s={rows / seconds:.0f} peak_mb={peak / 1024:.0f}", flush=True)
    print(f"   {label}: export of every value as CSV ({'streamed' if response.streaming else 'built in memory'}): "
          f"{rows:,} rows, {size / 1e6:.0f} MB in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
          f"(goal ≥ 100,000; {rows / cpu:,.0f} rows per CPU second of this process); peak memory "
          f"{peak / 1024:.0f} MB, {max(0, peak - before) / 1024:.0f} MB above the warm process; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    started = time.perf_counter()
    response = client.get("/reporting/export/", {"format": "xlsx", "period": "2030M6"})
    size = _read(response)
    seconds = time.perf_counter() - started
    print(f"   {label}: one month as xlsx: {size / 1e6:.1f} MB in {seconds:.2f} s", flush=True)


if __name__ == "__main__":
    main()
