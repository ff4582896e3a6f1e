"""Backup and restore of a million values, against the database's own tools on the same database in the same run:

    BACKUP sqlite:values=1004520 plantrack_backup=…s plantrack_restore=…s sqlite3_backup=…s sqlite3_restore=…s …
    BACKUP postgresql:values=1004520 plantrack_backup=…s plantrack_restore=…s pg_dump=…s pg_restore=…s …

`plantrack_backup` is `write_backup` (snapshot, counts, archive with checksums, manifest); `plantrack_restore` is
`plantrack restore FILE` into a fresh installation as an office runs it (a new process: Django's start-up included;
verification of every checksum and count included). The plain tools copy the database and nothing else.

PLANTRACK_BENCH_BACKUP_VALUES (default 1,000,000) sets the size: `PLANTRACK_BENCH_BACKUP_VALUES=20000 python -m
bench backup` for a quick run; `BENCH_PG=0` skips PostgreSQL (skipped by default under BENCH_SMALL=1, as the suite's
smoke run is on SQLite only). The database is the page benchmarks' (bench/pages_data.py: the shipped org tree,
monthly and yearly indicators, rounds, values; no history rows) built with fewer indicators for a smaller size.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.fresh_django import ROOT, run_on_fresh_database
from bench.sizes import SMALL

FULL_SIZE = 1_004_520  # what pages_data builds with all its indicators
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def _size() -> int:
    return int(os.environ.get("PLANTRACK_BENCH_BACKUP_VALUES", "1000000"))


def _scale_pages_data() -> None:
    from bench import pages_data

    share = min(1.0, _size() / FULL_SIZE)
    pages_data.MONTHLY_INDICATORS = max(1, round(pages_data.MONTHLY_INDICATORS * share))
    pages_data.YEARLY_INDICATORS = max(1, round(pages_data.YEARLY_INDICATORS * share))


def _timed(args: list[str], **kw) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, **kw)
    return time.perf_counter() - started


def _plantrack_restore(archive: Path, data_dir: Path, database_url: str | None) -> float:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PLANTRACK_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return _timed([sys.executable, "-m", "plantrack", "restore", str(archive)], env=env, cwd=ROOT)


def measure_sqlite() -> None:
    """In a child on a fresh SQLite database (bench.fresh_django)."""
    from django.conf import settings
    from django.db import connection

    from bench import pages_data
    from plantrack.operations.backup import write_backup

    _scale_pages_data()
    values = pages_data.build()
    source = Path(connection.settings_dict["NAME"])
    connection.close()
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-backup-", dir=Path(settings.DATA_DIR).parent) as work:
        work_dir = Path(work)
        archive = work_dir / "backup.tar"
        started = time.perf_counter()
        write_backup(archive)
        ours = time.perf_counter() - started
        restore = _plantrack_restore(archive, work_dir / "fresh", None)
        plain = work_dir / "plain.sqlite3"
        sqlite_backup = _timed(["sqlite3", str(source), f".backup '{plain}'"])
        sqlite_restore = _timed(["sqlite3", str(work_dir / "restored.sqlite3"), f".restore '{plain}'"])
        print(f"BACKUP sqlite:values={values} plantrack_backup={ours:.2f}s plantrack_restore={restore:.2f}s "
              f"sqlite3_backup={sqlite_backup:.2f}s sqlite3_restore={sqlite_restore:.2f}s "
              f"archive={archive.stat().st_size / 1e6:.1f}MB database={source.stat().st_size / 1e6:.1f}MB",
              flush=True)


def measure_postgresql() -> None:
    """In a child whose DATABASE_URL names a fresh PostgreSQL database, already migrated."""
    from django.db import connection

    from bench import pages_data
    from plantrack.operations.backup import write_backup

    _scale_pages_data()
    values = pages_data.build()
    connection.close()
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-backup-") as work:
        work_dir = Path(work)
        archive = work_dir / "backup.tar"
        started = time.perf_counter()
        write_backup(archive)
        ours = time.perf_counter() - started
        with _scratch_database() as ours_target, _scratch_database() as plain_target:
            restore = _plantrack_restore(archive, work_dir / "fresh", f"{PG_SERVER}/{ours_target}")
            dump = work_dir / "plain.pgdump"
            env = dict(os.environ, PGHOST="127.0.0.1", PGUSER="postgres")
            pg_dump = _timed(["pg_dump", "--format=custom", f"--file={dump}", "-d",
                              connection.settings_dict["NAME"]], env=env)
            pg_restore = _timed(["pg_restore", "--no-owner", "-d", plain_target, str(dump)], env=env)
        print(f"BACKUP postgresql:values={values} plantrack_backup={ours:.2f}s plantrack_restore={restore:.2f}s "
              f"pg_dump={pg_dump:.2f}s pg_restore={pg_restore:.2f}s archive={archive.stat().st_size / 1e6:.1f}MB "
              f"pg_dump_file={dump.stat().st_size / 1e6:.1f}MB", flush=True)


class _scratch_database:
    """A new empty PostgreSQL database for the length of a `with`, dropped afterwards."""

    def __enter__(self) -> str:
        import psycopg

        self.name = f"plantrack_bench_backup_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        return self.name

    def __exit__(self, *exc) -> None:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _postgres_answers() -> bool:
    if os.environ.get("BENCH_PG", "0" if SMALL else "1") == "0":
        return False
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def main() -> None:
    # The BACKUP lines give the values actually stored; this is the size asked for.
    wanted = "the smoke size (BENCH_SMALL=1)" if SMALL else f"about {_size():,} values (PLANTRACK_BENCH_BACKUP_VALUES)"
    print(f"   {wanted}", flush=True)
    run_on_fresh_database("bench.bench_backup:measure_sqlite")
    if not (_postgres_answers() and shutil.which("pg_dump")):
        print("   no PostgreSQL on 127.0.0.1:5432 (or BENCH_PG=0): skipped the PostgreSQL run", flush=True)
        return
    with _scratch_database() as name:
        env = dict(os.environ, DATABASE_URL=f"{PG_SERVER}/{name}", DJANGO_SETTINGS_MODULE="plantrack.settings")
        with tempfile.TemporaryDirectory(prefix="plantrack-bench-") as data_dir:
            env["PLANTRACK_DATA_DIR"] = data_dir
            code = ("from bench.fresh_django import setup; setup(); "
                    "from bench.bench_backup import measure_postgresql; measure_postgresql()")
            subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
