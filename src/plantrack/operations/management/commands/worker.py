"""`plantrack worker`: run the background jobs (reports, assess-all, imports, the daily supervise and backup)."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from plantrack.operations.worker import run_worker


class Command(BaseCommand):
    help = "Run queued jobs until stopped; enqueue the daily jobs at PLANTRACK_DAILY_JOBS_AT. Start one or more."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queues", default="*", help="comma-separated queues to take jobs from (default: all)")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then stop")
        parser.add_argument("--max-jobs", type=int, help="stop after this many jobs")
        parser.add_argument("--worker-id", help="a name unique among the workers (default: host:pid:random)")
        parser.add_argument("--no-schedule", action="store_true", help="do not enqueue the daily jobs")
        parser.add_argument("--status", action="store_true", help="list the workers and the jobs waiting, then stop")

    def handle(self, *args, queues: str, interval: float, batch: bool, max_jobs: int | None, worker_id: str | None,
               no_schedule: bool, status: bool, **options) -> None:
        if status:
            self._status()
            return
        # The worker logs what it does (started, each job, sweeps) on stderr, where systemd's journal collects it.
        logging.getLogger("plantrack.worker").setLevel(logging.INFO)
        run_worker(queue_names=[q.strip() for q in queues.split(",") if q.strip()], interval=interval, batch=batch,
                   max_tasks=max_jobs, worker_id=worker_id, schedule=not no_schedule)

    def _status(self) -> None:
        from django_tasks_db.models import DBTaskResult

        from plantrack.operations.models import WorkerHeartbeat

        now = timezone.now()
        for beat in WorkerHeartbeat.objects.order_by("started_at"):
            job = f"job {beat.job_id} {beat.job_step}".strip() if beat.job_id else "idle"
            self.stdout.write(f"worker {beat.worker_id}: heartbeat {(now - beat.beat_at).total_seconds():.0f} s ago, "
                              f"{job}")
        ready = DBTaskResult.objects.ready().count()
        running = DBTaskResult.objects.running().count()
        failed = DBTaskResult.objects.failed().count()
        self.stdout.write(f"jobs: {ready} waiting, {running} running, {failed} failed")
