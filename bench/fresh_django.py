"""Runs a benchmark's measurement in a child process with Django set up on a fresh, migrated SQLite database,
so that no benchmark sees another's data or a developer's own database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_on_fresh_database(target: str, *, demo: bool = False) -> None:
    """Call `target` ("bench.bench_x:measure") in a child process after `setup()`; with `demo`, on a copy of the
    database `PLANTRACK_BENCH_DEMO_DB` names when it names one (`start_from_demo_copy`)."""
    module, func = target.split(":")
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-") as data_dir:
        if demo:
            start_from_demo_copy(data_dir)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(PLANTRACK_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="plantrack.settings")
        code = f"from bench.fresh_django import setup; setup(); from {module} import {func}; {func}()"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def start_from_migrated_copy(data_dir: str | Path) -> bool:
    """Put a copy of an already migrated SQLite database into `data_dir` when `PLANTRACK_BENCH_MIGRATED_DB` names
    one (the suite's smoke run migrates once and gives every module the copy; migrating costs seconds of CPU, most
    of it Django rendering model states). `migrate` then finds nothing to do; `make bench` migrates as before.
    True when it put one there."""
    return copy_migrated_database(Path(data_dir) / "plantrack.sqlite3")


def copy_migrated_database(target: Path) -> bool:
    """Copy the migrated SQLite database `PLANTRACK_BENCH_MIGRATED_DB` names to `target` (a benchmark's own
    SQLite file) when it names one and `target` does not exist yet; else do nothing. True when it copied."""
    return _copy_named_database("PLANTRACK_BENCH_MIGRATED_DB", target)


def start_from_demo_copy(data_dir: str | Path) -> bool:
    """Put a copy of a migrated SQLite database with the demo already loaded into `data_dir` when
    `PLANTRACK_BENCH_DEMO_DB` names one, else do nothing. The suite's smoke run loads the demo once for the
    benchmarks that start from it (loading it costs seconds, most of them hashing the demo users' passwords); the
    benchmark still runs `setup-demo`, which finds it loaded. `make bench` loads the demo in each run as before.
    True when it put one there."""
    return _copy_named_database("PLANTRACK_BENCH_DEMO_DB", Path(data_dir) / "plantrack.sqlite3")


def _copy_named_database(variable: str, target: Path) -> bool:
    template = os.environ.get(variable)
    if not template or target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return True


def setup() -> None:
    import django

    if "DATABASE_URL" not in os.environ:
        start_from_migrated_copy(os.environ["PLANTRACK_DATA_DIR"])

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
