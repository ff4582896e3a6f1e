"""An installation of an earlier release upgrades: its database (kept in releases/, made by that release's
`migrate` + `setup-demo`, a report, an API token and a login failure) migrates to this release's schema and keeps
every row it held."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

RELEASES = Path(__file__).resolve().parent / "releases"
# Tables `migrate` itself fills: they may grow with the new release's apps and permissions.
MIGRATE_OWNED = {"django_migrations", "django_content_type", "auth_permission",
                 # the procedure checklist: 0.2.0's data migration adds the items 0.1.0 lacked (立项, 用地预审与选址…)
                 "projects_procedurekind"}
DEMO_ADMIN = ("planning_admin", "Steppe-Plan-2026!")


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as con:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                           "'sqlite_%'")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute(sql).fetchall()


def _plantrack(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE") and not k.startswith("PLANTRACK_")}
    env.update(PLANTRACK_DATA_DIR=str(data_dir), PLANTRACK_TODAY="2026-12-07")
    return subprocess.run([sys.executable, "-m", "plantrack", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.parametrize("release", sorted(p.name.removesuffix(".sqlite3.gz") for p in RELEASES.glob("*.sqlite3.gz")))
def test_a_previous_release_database_migrates_and_keeps_its_data(release, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database = data_dir / "plantrack.sqlite3"
    with gzip.open(RELEASES / f"{release}.sqlite3.gz") as packed, database.open("wb") as out:
        shutil.copyfileobj(packed, out)
    before = _counts(database)
    values_sql = "SELECT id, indicator_id, unit_id, period, value, state FROM reporting_datavalue ORDER BY id"
    history_sql = ("SELECT id, data_value_id, action, old_value, new_value, new_state, at "
                   "FROM reporting_datavaluechange ORDER BY id")
    values_before, history_before = _rows(database, values_sql), _rows(database, history_sql)
    assert before["reporting_datavalue"] > 0 and before["reports_report"] > 0  # the fixture holds real data

    migrated = _plantrack(data_dir, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    after = _counts(database)
    for table, count in before.items():
        if table in MIGRATE_OWNED:
            assert after[table] >= count, table
        else:
            assert after.get(table) == count, f"{table}: {count} rows before the upgrade, {after.get(table)} after"
    assert _rows(database, values_sql) == values_before
    assert _rows(database, history_sql) == history_before

    # Nothing left to migrate, and the data reads through this release's code.
    check = _plantrack(data_dir, "migrate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    projects = _plantrack(data_dir, "projects", "--json")
    assert projects.returncode == 0, projects.stderr
    assert len(json.loads(projects.stdout)) == before["projects_project"]
    login = _plantrack(data_dir, "shell", "-c", (
        "from django.contrib.auth import authenticate; "
        f"print(authenticate(username={DEMO_ADMIN[0]!r}, password={DEMO_ADMIN[1]!r}) is not None)"
    ))
    assert login.stdout.strip().splitlines()[-1] == "True", login.stderr
