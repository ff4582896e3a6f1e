"""A job whose worker died (kill -9, a crash, the machine gone) is taken up again or failed with the reason, never
left "running": the sweep finds RUNNING jobs whose worker has no live heartbeat. A report follows its job."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from plantrack.operations.models import WorkerHeartbeat
from plantrack.operations.worker import sweep_abandoned_jobs
from plantrack.reports.jobs import enqueue_report
from plantrack.reports.models import Report
from plantrack.reports.services import request_report
from web.board_world import build_board


@pytest.fixture
def report(tree, people, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.PLANTRACK_JOB_MAX_ATTEMPTS = 2
    settings.PLANTRACK_WORKER_LEASE_SECONDS = 60
    plan = build_board(tree).indicators["18"].plan
    return request_report(user=people.admin, plan=plan, kind="midterm", as_of="2028-12", formats=["html"])


def claim_by(worker_id: str) -> DBTaskResult:
    """What a worker does when it takes the job: the job and the report become running."""
    job = DBTaskResult.objects.ready().get()
    job.claim(worker_id)
    Report.objects.filter(state=Report.State.QUEUED).update(state=Report.State.RUNNING, progress=40)
    return job


def heartbeat(worker_id: str, *, seconds_ago: float = 0, hostname: str = "another-machine", pid: int = 1) -> None:
    WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=hostname, pid=pid,
                                   beat_at=timezone.now() - dt.timedelta(seconds=seconds_ago))


@contextlib.contextmanager
def sleeping_process(name: str):
    """A process of this machine whose command line says `name`."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", name])
    try:
        # Until the child has exec'd, /proc shows the parent's command line (a busy machine shows that window).
        deadline = time.monotonic() + 10
        while name.encode() not in Path(f"/proc/{child.pid}/cmdline").read_bytes():
            assert time.monotonic() < deadline, "the child process never started"
            time.sleep(0.01)
        yield child.pid
    finally:
        child.kill()
        child.wait()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.django_db
class TestAbandonedJobs:
    def test_a_job_of_a_silent_worker_runs_again_and_its_report_waits_for_it(self, report):
        enqueue_report(report=report)
        heartbeat("w1", seconds_ago=120)  # silent for longer than the lease
        job = claim_by("w1")
        swept = sweep_abandoned_jobs()
        job.refresh_from_db()
        report.refresh_from_db()
        assert swept.requeued == 1 and job.status == TaskResultStatus.READY
        assert report.state == Report.State.QUEUED and "后台进程已停止" in report.step

    def test_after_the_last_attempt_the_job_and_report_fail_with_the_reason(self, report):
        enqueue_report(report=report)
        claim_by("w1")
        sweep_abandoned_jobs()
        job = claim_by("w2")
        swept = sweep_abandoned_jobs()
        job.refresh_from_db()
        report.refresh_from_db()
        assert swept.failed == 1 and job.status == TaskResultStatus.FAILED
        assert "已尝试 2 次" in job.traceback
        assert report.state == Report.State.FAILED and "生成中断" in report.error and "已尝试 2 次" in report.error

    def test_the_job_of_a_live_worker_is_left_alone(self, report):
        enqueue_report(report=report)
        heartbeat("w1", seconds_ago=5)
        job = claim_by("w1")
        assert sweep_abandoned_jobs().requeued == 0
        job.refresh_from_db()
        assert job.status == TaskResultStatus.RUNNING

    def test_a_dead_process_on_this_machine_is_noticed_before_its_lease_ends(self, report):
        enqueue_report(report=report)
        heartbeat("w1", seconds_ago=1, hostname=socket.gethostname()[:40], pid=dead_pid())
        claim_by("w1")
        assert sweep_abandoned_jobs().requeued == 1

    def test_a_worker_running_on_this_machine_keeps_its_job_even_with_a_late_heartbeat(self, report):
        # e.g. its heartbeat waits behind its own long SQLite write: the process is there, so the job is its own
        enqueue_report(report=report)
        with sleeping_process("worker") as pid:
            heartbeat("w1", seconds_ago=300, hostname=socket.gethostname()[:40], pid=pid)
            claim_by("w1")
            assert sweep_abandoned_jobs().requeued == 0

    def test_a_process_that_reused_a_dead_workers_number_does_not_hold_its_job(self, report):
        enqueue_report(report=report)
        with sleeping_process("something-else") as pid:
            heartbeat("w1", seconds_ago=1, hostname=socket.gethostname()[:40], pid=pid)
            claim_by("w1")
            assert sweep_abandoned_jobs().requeued == 1

    def test_a_report_left_waiting_without_a_job_gets_one(self, report):
        Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - dt.timedelta(minutes=10))
        sweep_abandoned_jobs()
        job = DBTaskResult.objects.ready().get()
        assert job.args_kwargs["kwargs"] == {"report_id": report.pk}
        sweep_abandoned_jobs()
        assert DBTaskResult.objects.count() == 1  # once

    def test_a_report_left_running_without_any_job_is_failed(self, report):
        Report.objects.filter(pk=report.pk).update(state=Report.State.RUNNING,
                                                   created_at=timezone.now() - dt.timedelta(hours=2))
        sweep_abandoned_jobs()
        report.refresh_from_db()
        assert report.state == Report.State.FAILED and "生成它的进程已停止" in report.error


@pytest.mark.django_db
class TestWorkerStatus:
    def test_it_lists_the_workers_their_jobs_and_the_queue(self, report, capsys):
        from django.core.management import call_command

        enqueue_report(report=report)
        heartbeat("vm:42:abc", seconds_ago=3)
        WorkerHeartbeat.objects.filter(worker_id="vm:42:abc").update(job_id="j-1", job_step="导入重大项目台账")
        call_command("worker", status=True)
        out = capsys.readouterr().out
        assert "worker vm:42:abc: heartbeat 3 s ago, job j-1 导入重大项目台账" in out
        assert "jobs: 1 waiting, 0 running, 0 failed" in out


@pytest.mark.django_db
class TestWorkerStoppedAtOnce:
    def test_a_report_cut_off_by_a_forced_stop_is_failed_with_the_reason(self, report, monkeypatch):
        from plantrack.reports import jobs

        def stopped_mid_report(*, report):
            Report.objects.filter(pk=report.pk).update(state=Report.State.RUNNING)
            raise SystemExit(1)  # what the worker's second SIGTERM raises inside the running job

        monkeypatch.setattr(jobs, "run_report", stopped_mid_report)
        with pytest.raises(SystemExit):
            jobs.generate_report_job.call(report_id=report.pk)
        report.refresh_from_db()
        assert report.state == Report.State.FAILED and "后台进程被停止" in report.error
