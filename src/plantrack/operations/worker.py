"""The job worker: django-tasks' database worker, plus a heartbeat that is the lease on the job being run, a sweep
that takes up (or fails, with the reason) jobs whose worker died, and the daily schedule.

Claiming is django-tasks-db's: on PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED` then a status change in the same
transaction, so two workers on any number of machines never claim the same job; on SQLite an exclusive transaction.
What django-tasks-db does not do is notice a worker that died (kill -9, power cut) while its job was RUNNING: that
is the heartbeat's and the sweep's work here.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from plantrack.operations.models import WorkerHeartbeat
from plantrack.operations.registry import abandoned_hook, periodic_sweeps
from plantrack.operations.schedule import enqueue_due_daily_jobs

log = logging.getLogger("plantrack.worker")

WORKER_LOST = "plantrack.operations.worker.WorkerLost"

# The worker this process is (set by `plantrack worker`): a job reports its progress on its worker's heartbeat row.
_current_worker_id: str | None = None


class WorkerLost(Exception):
    """The job's worker stopped (killed, crashed, machine down) while the job was running."""


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def job_progress(step: str) -> None:
    """Say what the running job is doing (shown by `plantrack worker --status`); a no-op outside a worker."""
    log.info("%s", step)
    if _current_worker_id is not None:
        WorkerHeartbeat.objects.filter(worker_id=_current_worker_id).update(job_step=step[:200])


def _worker_process_alive(pid: int) -> bool:
    """Whether `pid` on this machine is still a running worker (not a process that reused the number)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        pass
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # no /proc here: trust the pid
        return True
    return b"worker" in command


def live_worker_ids(*, now: dt.datetime | None = None) -> set[str]:
    """The workers still alive. On this machine that is whether the process runs, whatever its heartbeat says (a
    worker restarted after a kill -9 takes up its predecessor's job at once, and a worker whose heartbeat waits behind
    its own long SQLite write is not taken for dead); on other machines, a heartbeat within the lease."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.PLANTRACK_WORKER_LEASE_SECONDS)
    here = socket.gethostname()[:40]
    live = set()
    for beat in WorkerHeartbeat.objects.all():
        alive = _worker_process_alive(beat.pid) if beat.hostname == here else beat.beat_at >= cutoff
        if alive:
            live.add(beat.worker_id)
    return live


@dataclass
class SweepResult:
    requeued: int = 0
    failed: int = 0
    other: int = 0


def sweep_abandoned_jobs() -> SweepResult:
    """Every RUNNING job whose worker is no longer alive runs again (if it has had fewer than
    PLANTRACK_JOB_MAX_ATTEMPTS runs) or is failed with the reason; the job's own records follow (its hook)."""
    result = SweepResult()
    live = live_worker_ids()
    max_attempts = max(1, settings.PLANTRACK_JOB_MAX_ATTEMPTS)
    for job in DBTaskResult.objects.running().only("id", "worker_ids", "started_at", "task_path", "args_kwargs"):
        worker_id = job.worker_ids[-1] if job.worker_ids else None
        if worker_id in live:
            continue
        attempts = len(job.worker_ids)
        # The conditional update is the claim on the sweep: of two workers sweeping at once, one wins.
        still_running = DBTaskResult.objects.filter(pk=job.pk, status=TaskResultStatus.RUNNING,
                                                    started_at=job.started_at)
        if attempts < max_attempts:
            reason = _("处理它的后台进程已停止，已重新排队（第 %(attempt)d 次）") % {"attempt": attempts + 1}
            if not still_running.update(status=TaskResultStatus.READY, started_at=None):
                continue
            result.requeued += 1
        else:
            reason = _("处理它的后台进程已停止（已尝试 %(attempts)d 次），作业失败，请重新提交") % {
                "attempts": attempts}
            if not still_running.update(status=TaskResultStatus.FAILED, finished_at=timezone.now(),
                                        exception_class_path=WORKER_LOST, traceback=reason, return_value=None):
                continue
            result.failed += 1
        log.warning("job %s (%s) of worker %s: %s", job.pk, job.task_path, worker_id, reason)
        _run_hook(job, requeued=attempts < max_attempts, reason=reason)
    for sweep in periodic_sweeps():
        try:
            result.other += sweep()
        except Exception:
            log.exception("sweep %s failed", getattr(sweep, "__name__", sweep))
    return result


def _run_hook(job: DBTaskResult, *, requeued: bool, reason: str) -> None:
    try:
        job.task  # noqa: B018 - importing the task's module registers its hook
    except Exception:
        log.warning("job %s: its task %s cannot be imported", job.pk, job.task_path)
    hook = abandoned_hook(job.task_path)
    if hook is None:
        return
    try:
        hook(kwargs=job.args_kwargs.get("kwargs", {}), requeued=requeued, reason=reason)
    except Exception:
        log.exception("job %s: the hook for an abandoned %s failed", job.pk, job.task_path)


class PlanTrackWorker(Worker):
    """django-tasks-db's worker loop, with a heartbeat row that says which job this worker is running."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(job_id=str(db_task_result.pk), job_step="")
        log.info("job %s (%s) started", db_task_result.pk, db_task_result.task_path)
        try:
            super().run_task(db_task_result)
        finally:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(job_id="", job_step="")
            db_task_result.refresh_from_db(fields=["status"])
            log.info("job %s (%s) %s", db_task_result.pk, db_task_result.task_path, db_task_result.status)


class Heartbeat:
    """A thread that keeps this worker's heartbeat fresh while a long job runs in the main thread, and every few
    beats sweeps abandoned jobs and enqueues the daily jobs that are due."""

    SWEEP_EVERY_BEATS = 6

    def __init__(self, worker_id: str, *, schedule: bool) -> None:
        self.worker_id = worker_id
        self.schedule = schedule
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="plantrack-heartbeat", daemon=True)

    def register(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"hostname": socket.gethostname()[:40], "pid": os.getpid(), "beat_at": timezone.now()},
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def housekeeping(self) -> None:
        swept = sweep_abandoned_jobs()
        if swept.requeued or swept.failed or swept.other:
            log.info("sweep: %d job(s) requeued, %d failed, %d other", swept.requeued, swept.failed, swept.other)
        if self.schedule:
            for name in enqueue_due_daily_jobs():
                log.info("daily job %s enqueued", name)
        # Heartbeats of workers stopped long ago tell nothing any more.
        WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - dt.timedelta(days=1)).delete()

    def _loop(self) -> None:
        beats = 0
        while not self._stop.wait(settings.PLANTRACK_WORKER_HEARTBEAT_SECONDS):
            beats += 1
            try:
                close_old_connections()
                updated = WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(beat_at=timezone.now())
                if not updated:  # removed by hand or by another machine's clean-up: say we are here again
                    self.register()
                if beats % self.SWEEP_EVERY_BEATS == 0:
                    self.housekeeping()
            except Exception:
                log.exception("heartbeat failed (will retry)")
        connection.close()


def run_worker(*, queue_names: list[str], interval: float, batch: bool, max_tasks: int | None,
               worker_id: str | None, schedule: bool) -> None:
    """Run jobs until stopped (SIGTERM/SIGINT finish the current job first) or, with `batch`, the queue is empty."""
    global _current_worker_id
    worker_id = worker_id or new_worker_id()
    heartbeat = Heartbeat(worker_id, schedule=schedule)
    heartbeat.register()
    _current_worker_id = worker_id
    heartbeat.housekeeping()  # at start: take up what a dead predecessor left running
    heartbeat.start()
    worker = PlanTrackWorker(
        queue_names=queue_names, interval=interval, batch=batch, backend_name="default", startup_delay=not batch,
        max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=[],
    )
    log.info("worker %s started (queues %s)", worker_id, ",".join(queue_names))
    started = time.monotonic()
    # SIGTERM/SIGINT: finish the running job, then stop. The previous handlers come back afterwards (the worker may
    # run inside another program, e.g. a test run).
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        worker.configure_signals()
        worker.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        heartbeat.stop()
        _current_worker_id = None
        log.info("worker %s stopped after %.0f s", worker_id, time.monotonic() - started)
