"""A live installation to back up (a plan, units, the planning office, figures being written, kept files) and a
fresh installation to restore into: a new data directory, and on PostgreSQL a new database of its own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection

from operations.drill_world import PREFECTURES
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan


@pytest.fixture
def live(transactional_db, settings, tmp_path) -> SimpleNamespace:
    """The installation being backed up: committed rows (other threads and pg_dump see them) and kept files."""
    settings.DATA_DIR = tmp_path / "live"
    plan = Plan.objects.create(title="备份演练规划", region="内蒙古自治区", period_start=2026, period_end=2030)
    region = OrgUnit.objects.create(code="150000", name="内蒙古自治区", kind=OrgUnit.Kind.REGION)
    units = [region] + [OrgUnit.objects.create(code=c, name=n, kind=OrgUnit.Kind.PREFECTURE, parent=region)
                        for c, n in PREFECTURES]
    indicators = []
    for code, name, unit in (("1", "地区生产总值", "亿元"), ("2", "一般公共预算收入", "亿元")):
        ind = Indicator.objects.create(plan=plan, code=code, name=name, unit=unit,
                                       frequency=Indicator.Frequency.MONTHLY,
                                       target_type=Indicator.TargetType.LEVEL)
        ind.reporting_units.set(units)
        indicators.append(ind)
    admin = User.objects.create(username="planning_admin", role=User.Role.ADMIN, unit=region)
    files = {
        "evidence/tasks/1/4f1c.pdf": b"%PDF-1.4\n% evidence of progress\n" + os.urandom(2048),
        "evidence/tasks/2/9a7e.png": b"\x89PNG\r\n\x1a\n" + os.urandom(1024),
        "reports/3/report-3-briefing-2026M10.html": "<html><body>月度研判</body></html>".encode(),
    }
    for name, content in files.items():
        path = settings.DATA_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return SimpleNamespace(plan=plan, units=units, indicators=indicators, admin=admin, files=files,
                           data_dir=settings.DATA_DIR)


@dataclass
class Fresh:
    """An installation nobody has used: a data directory and (PostgreSQL) its own database."""

    data_dir: Path
    database_url: str | None  # None: SQLite in the data directory

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE") and not k.startswith("PLANTRACK_")}
        env["PLANTRACK_DATA_DIR"] = str(self.data_dir)
        env["PLANTRACK_SECRET_KEY"] = "restore-drill-" + "k" * 50  # no key file: the data directory stays as set up
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def start_migrated(self, migrated) -> None:
        """Start from a copy of the database `plantrack migrate` leaves (tests/conftest.py, `migrated_databases`),
        made once per test process: a `plantrack migrate` run after it finds nothing to do, in seconds."""
        migrated.copy_into(self.data_dir, self.database_url)

    def plantrack(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "plantrack", *args], env=self.env(), capture_output=True,
                              text=True, timeout=600, check=False)

    def query(self, sql: str) -> list[tuple]:
        if self.database_url is None:
            path = self.data_dir / "plantrack.sqlite3"
            if not path.exists():
                return []
            with closing(sqlite3.connect(path)) as con:
                return con.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.database_url) as con:
            return con.execute(sql).fetchall()

    def tables(self) -> list[str]:
        if self.database_url is None:
            return [r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                             "'sqlite_%' ORDER BY name")]
        return [r[0] for r in self.query("SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1")]

    def counts(self) -> dict[str, int]:
        return {t: self.query(f'SELECT count(*) FROM "{t}"')[0][0] for t in self.tables()}


@pytest.fixture
def fresh(tmp_path) -> Iterator[Fresh]:
    data_dir = tmp_path / "fresh"
    data_dir.mkdir()
    conf = connection.settings_dict
    if connection.vendor != "postgresql":
        yield Fresh(data_dir=data_dir, database_url=None)
        return
    import psycopg

    name = f"plantrack_restore_{uuid.uuid4().hex[:10]}"
    params = {k: v for k, v in {"host": conf.get("HOST"), "port": conf.get("PORT"), "user": conf.get("USER"),
                                "password": conf.get("PASSWORD")}.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = conf.get("USER") or "postgres"
    if conf.get("PASSWORD"):
        auth += f":{conf['PASSWORD']}"
    url = f"postgres://{auth}@{conf.get('HOST') or '127.0.0.1'}:{conf.get('PORT') or 5432}/{name}"
    try:
        yield Fresh(data_dir=data_dir, database_url=url)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
