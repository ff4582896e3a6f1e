"""Report generation in the worker: asking for a report enqueues `generate_report_job`; the page polls its progress.

The job's arguments hold the report's id, which is how a report and its job find each other (no field on Report).
If the worker dies mid-report, the sweep puts the report back in the queue (its job runs again) or, after the last
attempt, fails it with the reason: a report is never left "running".
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from plantrack.operations.registry import periodic_sweep, when_abandoned
from plantrack.reports.models import Report
from plantrack.reports.services import run_report

log = logging.getLogger("plantrack.reports")

# A report waiting this long with no job for it (asked for before an upgrade, or its job was deleted) gets one;
# one "running" this long with no job (a foreground `plantrack report` that was killed) is failed.
ORPHAN_AFTER = dt.timedelta(minutes=2)
STALE_FOREGROUND_AFTER = dt.timedelta(hours=1)


@task(queue_name="reports")
def generate_report_job(*, report_id: int) -> dict[str, object]:
    try:
        report = run_report(report=Report.objects.get(pk=report_id))
    except BaseException:
        # The worker was told to stop at once (a second SIGTERM, a shutdown timeout): run_report could not finish or
        # record a failure itself, so the report says so here rather than stay "running".
        Report.objects.filter(pk=report_id, state=Report.State.RUNNING).update(
            state=Report.State.FAILED, step=_("失败"), finished_at=timezone.now(),
            error=_("生成中断：后台进程被停止时报告尚未完成，请重新生成"),
        )
        raise
    return {"report": report.pk, "state": report.state, "error": report.error}


def enqueue_report(*, report: Report) -> str:
    """Put a queued report in the worker's queue; returns the job's id."""
    return str(generate_report_job.enqueue(report_id=report.pk).id)


def report_has_live_job(report: Report) -> bool:
    return _live_jobs().filter(args_kwargs__kwargs__report_id=report.pk).exists()


def _live_jobs():
    return DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING),
        task_path=generate_report_job.module_path,
    )


@when_abandoned(generate_report_job)
def report_job_abandoned(*, kwargs: dict, requeued: bool, reason: str) -> None:
    report_id = kwargs.get("report_id")
    if requeued:
        # run_report claims only queued reports: put it back so the job's next run makes it from the start.
        Report.objects.filter(pk=report_id, state=Report.State.RUNNING).update(
            state=Report.State.QUEUED, progress=0, step=reason[:100]
        )
    else:
        Report.objects.filter(pk=report_id, state__in=[Report.State.QUEUED, Report.State.RUNNING]).update(
            state=Report.State.FAILED, step=_("失败"), error=_("生成中断：%(reason)s") % {"reason": reason},
            finished_at=timezone.now(),
        )


@periodic_sweep
def sweep_reports_without_job() -> int:
    """Queued reports with no job get one; a report left running with no job at all is failed with the reason."""
    now = timezone.now()
    live_ids = {
        kwargs.get("kwargs", {}).get("report_id") for kwargs in _live_jobs().values_list("args_kwargs", flat=True)
    }
    changed = 0
    for report in Report.objects.filter(state=Report.State.QUEUED, created_at__lt=now - ORPHAN_AFTER):
        if report.pk not in live_ids:
            enqueue_report(report=report)
            log.info("report %s was waiting with no job: enqueued", report.pk)
            changed += 1
    for report in Report.objects.filter(state=Report.State.RUNNING, created_at__lt=now - STALE_FOREGROUND_AFTER):
        if report.pk not in live_ids:
            changed += Report.objects.filter(pk=report.pk, state=Report.State.RUNNING).update(
                state=Report.State.FAILED, step=_("失败"), finished_at=now,
                error=_("生成中断：生成它的进程已停止，请重新生成"),
            )
    return changed
