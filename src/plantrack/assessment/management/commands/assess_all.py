"""`plantrack assess-all`: rebuild every stored assessment from approved values (and raise due warnings)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from plantrack.assessment.services import assess_all


class Command(BaseCommand):
    help = "Rebuild every stored assessment (评估结果) from approved values."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="hand it to the worker instead of waiting")

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            from plantrack.assessment.jobs import assess_all_job

            self.stdout.write(f"已交给后台进程：作业 {assess_all_job.enqueue().id}")
            return
        started = time.perf_counter()
        written = assess_all()
        self.stdout.write(f"评估结果 {written} 条，用时 {time.perf_counter() - started:.1f} 秒")
