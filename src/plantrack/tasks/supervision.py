"""The supervision check (督办): overdue tasks and missed progress reports become items with an owner and a due date.

Run daily by `plantrack supervise` (cron or a systemd timer) and on demand from the supervision page. It is
idempotent: an item is opened once per task, reason and period, and closed when its cause is gone (the task was
done, its deadline moved, or the report came in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from plantrack import clock
from plantrack.core.periods import Period, parse_period
from plantrack.orgs.access import deny
from plantrack.orgs.models import User
from plantrack.tasks.access import can_run_supervision
from plantrack.tasks.models import SupervisionItem, Task

Reason = SupervisionItem.Reason


@dataclass
class SupervisionRun:
    opened: int
    closed: int
    open_total: int
    as_of: date


def due_period(*, frequency: str, today: date) -> Period:
    """The latest period of `frequency` ("M" or "Q") whose report is due by `today` (its end plus the grace days)."""
    cutoff = today - timedelta(days=settings.PLANTRACK_TASK_REPORT_GRACE_DAYS)
    index = cutoff.month if frequency == "M" else (cutoff.month - 1) // 3 + 1
    period = Period(cutoff.year, frequency, index)
    while period.end_date() > cutoff:
        period = period.previous()
    return period


def _causes(task: Task, today: date, due: dict[str, Period]) -> set[tuple[str, str]]:
    if task.status == Task.Status.DONE:
        return set()
    if task.deadline is not None and task.deadline < today:
        return {(Reason.OVERDUE, "")}
    period = due[task.report_frequency]
    if task.created_at.date() > period.end_date():
        return set()  # the task did not exist yet in that period
    if task.last_period and not parse_period(task.last_period) < period:
        return set()
    return {(Reason.UNREPORTED, period.code)}


def run_supervision(*, today: date | None = None, user: User | None = None) -> SupervisionRun:
    """Open items for what is overdue or unreported as of `today`, close the ones whose cause is gone.

    `user` is the person asking from a page or the API (the planning office only); the daily command runs as
    the system and passes none.
    """
    if user is not None and not can_run_supervision(user):
        raise deny(user, None, "run supervision")
    today = today or clock.today()
    due = {f: due_period(frequency=f, today=today) for f in Task.Frequency.values}
    answer_by = today + timedelta(days=settings.PLANTRACK_SUPERVISION_DAYS)
    now = timezone.now()
    wanted: dict[tuple[int, str, str], int] = {}
    tasks = Task.objects.filter(status=Task.Status.OPEN).only(
        "pk", "status", "deadline", "report_frequency", "created_at", "last_period", "lead_unit_id")
    for task in tasks.iterator(chunk_size=2000):
        for reason, period in _causes(task, today, due):
            wanted[(task.pk, reason, period)] = task.lead_unit_id
    with transaction.atomic():
        existing = {(i.task_id, i.reason, i.period): i
                    for i in SupervisionItem.objects.select_for_update().filter(
                        reason__in=Reason.values).only("pk", "task_id", "reason", "period", "closed_at")}
        new = [SupervisionItem(task_id=key[0], reason=key[1], period=key[2], owner_unit_id=owner,
                               due_date=answer_by, opened_at=now)
               for key, owner in wanted.items() if key not in existing]
        SupervisionItem.objects.bulk_create(new)
        reopen = [i.pk for key, i in existing.items() if key in wanted and i.closed_at is not None]
        if reopen:
            SupervisionItem.objects.filter(pk__in=reopen).update(closed_at=None, opened_at=now, due_date=answer_by)
        close = [i.pk for key, i in existing.items() if key not in wanted and i.closed_at is None]
        if close:
            SupervisionItem.objects.filter(pk__in=close).update(closed_at=now)
    return SupervisionRun(opened=len(new) + len(reopen), closed=len(close),
                          open_total=SupervisionItem.objects.filter(closed_at__isnull=True).count(), as_of=today)
