"""Every benchmark module runs to its end at a small size, so a change that breaks a benchmark fails the suite
instead of the next `make bench` (as the bulk-import benchmark once stopped on the upload limit and on the
separation of duties, unnoticed). The figures printed at this size mean nothing; only that each step still runs.

Each module runs as `make bench` runs it (`python -m bench NAME`), in its own process, on SQLite in a temporary
data directory; the PostgreSQL run of the suite skips them (the benchmarks choose their databases themselves).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plantrack.plans.demo import DEMO_PLAN_PATH

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))

pytestmark = [
    pytest.mark.bench_smoke,
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="the benchmarks' smoke run is on SQLite only"),
]


def test_every_bench_module_is_covered():
    assert len(MODULES) >= 13 and "bench_reporting" in MODULES


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("DATABASE_URL", "BENCH_", "PLANTRACK_", "DJANGO_ALLOW_ASYNC_UNSAFE"))}


@pytest.fixture
def migrated_database(migrated_databases) -> Path:
    """The SQLite database migrated once for this test process (tests/conftest.py, shared with the service tests),
    copied by each module instead of migrating again."""
    return migrated_databases.sqlite_file()


# The benchmarks that start from the demo (bench.fresh_django.start_from_demo_copy).
DEMO_MODULES = {"bench_reports", "bench_service"}


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory, migrated_databases) -> Path:
    """The migrated database with the demo loaded once for this test process (its shipped plan text, seen from
    January 2029 as the benchmarks see it), copied by each benchmark that starts from the demo; each still runs
    `setup-demo`, which finds it loaded.

    The demo users' passwords are hashed here with few PBKDF2 iterations: hashing them at the full count costs more
    than the rest of the demo, and a login checks a password by the count its hash names (and hashes it again at
    the full count), so the benchmarks log in as on any demo."""
    data_dir = tmp_path_factory.mktemp("bench-demo")
    shutil.copyfile(migrated_databases.sqlite_file(), data_dir / "plantrack.sqlite3")
    code = ("import django; django.setup()\n"
            "from django.contrib.auth.hashers import PBKDF2PasswordHasher\n"
            "from django.core.management import call_command\n"
            "PBKDF2PasswordHasher.iterations = 1000\n"
            "call_command('setup_demo')\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                   env={**_clean_env(), "DJANGO_SETTINGS_MODULE": "plantrack.settings",
                        "PLANTRACK_DATA_DIR": str(data_dir), "PLANTRACK_TODAY": "2029-01-10",
                        "PLANTRACK_DEMO_PLAN": str(DEMO_PLAN_PATH)}, check=True, timeout=300)
    return data_dir / "plantrack.sqlite3"


@pytest.mark.parametrize("module", MODULES)
def test_bench_module_runs_at_a_small_size(module, tmp_path, migrated_database, request):
    env = _clean_env()
    # The benchmarks that load the demo load its shipped text here, whether or not ../shared holds the real plan.
    env.update(BENCH_SMALL="1", BENCH_PG="0", PLANTRACK_DATA_DIR=str(tmp_path),
               PLANTRACK_BENCH_CACHE=str(tmp_path / "cache"), PLANTRACK_DEMO_PLAN=str(DEMO_PLAN_PATH),
               PLANTRACK_BENCH_MIGRATED_DB=str(migrated_database))
    if module in DEMO_MODULES:
        env["PLANTRACK_BENCH_DEMO_DB"] = str(request.getfixturevalue("demo_database"))
    run = subprocess.run([sys.executable, "-m", "bench", module], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, f"{module} failed:\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}"
    assert f"== {module}" in run.stdout and "Traceback" not in run.stderr
