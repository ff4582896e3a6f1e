"""The daily jobs (supervise, backup): the worker enqueues each once a day at PLANTRACK_DAILY_JOBS_AT (local time).

There is no separate scheduler process: every worker checks every few heartbeats, and a unique (name, day) row makes
sure that, however many workers run, each daily job is enqueued once a day. A worker that was down at the set time
enqueues the day's jobs when it comes back (the same day).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from plantrack.operations.models import DailyJobRun
from plantrack.operations.registry import daily_jobs

log = logging.getLogger("plantrack.worker")


def daily_time() -> dt.time:
    raw = settings.PLANTRACK_DAILY_JOBS_AT
    try:
        return dt.time.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"PLANTRACK_DAILY_JOBS_AT must be a time such as 02:00, not {raw!r}") from None


def enqueue_due_daily_jobs(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue the daily jobs not yet enqueued today once the set time has passed; returns their names."""
    local = timezone.localtime(now or timezone.now())
    if local.time() < daily_time():
        return []
    enqueued = []
    for job in daily_jobs():
        try:
            with transaction.atomic():
                run = DailyJobRun.objects.create(name=job.name, day=local.date())
                result = job.task.enqueue(**job.kwargs)
                run.job_id = str(result.id)
                run.save(update_fields=["job_id"])
        except IntegrityError:
            continue  # another worker enqueued it today
        enqueued.append(job.name)
    return enqueued
