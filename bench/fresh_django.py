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


def run_on_fresh_database(target: str) -> None:
    """Call `target` ("bench.bench_x:measure") in a child process after `setup()`."""
    module, func = target.split(":")
    with tempfile.TemporaryDirectory(prefix="plantrack-bench-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(PLANTRACK_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="plantrack.settings")
        code = f"from bench.fresh_django import setup; setup(); from {module} import {func}; {func}()"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def start_from_migrated_copy(data_dir: str | Path) -> None:
    """Put a copy of an already migrated SQLite database into `data_dir` when `PLANTRACK_BENCH_MIGRATED_DB` names
    one (the suite's smoke run migrates once and gives every module the copy; migrating costs seconds of CPU, most
    of it Django rendering model states). `migrate` then finds nothing to do; `make bench` migrates as before."""
    template = os.environ.get("PLANTRACK_BENCH_MIGRATED_DB")
    target = Path(data_dir) / "plantrack.sqlite3"
    if template and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, target)


def setup() -> None:
    import django

    if "DATABASE_URL" not in os.environ:
        start_from_migrated_copy(os.environ["PLANTRACK_DATA_DIR"])

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
