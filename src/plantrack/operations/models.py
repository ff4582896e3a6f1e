"""What the worker keeps in the database: its heartbeat (the lease on the job it runs) and the daily jobs enqueued."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One running worker. While `beat_at` is fresh the job it is running is its own; once the heartbeat is older
    than the lease (or its process is gone on this machine), the job is taken up again or failed by the sweep."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    beat_at = models.DateTimeField()
    job_id = models.CharField(max_length=64, blank=True)
    job_step = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("后台进程")
        verbose_name_plural = _("后台进程")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class DailyJobRun(models.Model):
    """A daily job enqueued for a day: the unique pair lets any number of workers schedule it exactly once."""

    name = models.CharField(max_length=50)
    day = models.DateField()
    job_id = models.CharField(max_length=64, blank=True)
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="dailyjobrun_once_a_day")]
        verbose_name = _("每日作业")
        verbose_name_plural = _("每日作业")

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
