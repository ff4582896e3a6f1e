"""On PostgreSQL, workers on several machines share one queue and never run a job twice: django-tasks-db claims a job
with SELECT … FOR UPDATE SKIP LOCKED and marks it running in the same transaction. Two worker processes drain one
queue of jobs here, and every job's runs are counted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from operations.service_processes import PLANTRACK, Process, plantrack, service_env, wait_until

psycopg = pytest.importorskip("psycopg")

SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "plantrack_runtime_queue"
JOBS = 200
TESTS_DIR = str(Path(__file__).resolve().parents[1])


def admin_connection():
    try:
        return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")


@pytest.fixture
def queue_database():
    with admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    yield f"{SERVER}/{DATABASE}"
    with admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


class TestTwoWorkersOnePostgresQueue:
    def test_every_job_runs_exactly_once(self, queue_database, tmp_path):
        env = service_env(tmp_path, DATABASE_URL=queue_database,
                          PYTHONPATH=os.pathsep.join(filter(None, [TESTS_DIR, os.environ.get("PYTHONPATH")])))
        plantrack("migrate", "--noinput", "-v", "0", env=env)
        with psycopg.connect(queue_database, autocommit=True) as db:
            db.execute("CREATE TABLE queue_test_runs (n integer NOT NULL, pid integer NOT NULL)")
        plantrack("shell", "-v", "0", "-c", "from operations.counting_jobs import record_run\n"
                  f"for n in range({JOBS}): record_run.enqueue(n=n)", env=env)

        args = [PLANTRACK, "worker", "--batch", "--no-schedule", "--interval", "0"]
        workers = [Process(args, env, tmp_path / f"worker-{i}.log").start() for i in range(2)]
        try:
            wait_until(lambda: all(w.popen.poll() is not None for w in workers), timeout=300, every=0.5,
                       what="both workers to drain the queue")
        finally:
            for w in workers:
                w.stop()
        assert [w.popen.returncode for w in workers] == [0, 0], [w.output()[-2000:] for w in workers]

        with psycopg.connect(queue_database) as db:
            runs = db.execute("SELECT n, count(*) FROM queue_test_runs GROUP BY n").fetchall()
            by_worker = dict(db.execute("SELECT pid, count(*) FROM queue_test_runs GROUP BY pid").fetchall())
            statuses = dict(db.execute(
                "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status").fetchall())
        assert len(runs) == JOBS and all(count == 1 for _, count in runs), "a job ran twice or not at all"
        assert statuses == {"SUCCESSFUL": JOBS}
        pids = {w.popen.pid for w in workers}
        assert set(by_worker) == pids, f"both workers took jobs: {by_worker}"

