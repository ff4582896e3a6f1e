"""The supervision check (督办): overdue tasks and missed progress reports become items with an owner and a due date.

Run daily by `plantrack supervise` (cron or a systemd timer) and on demand from the supervision page. It is
idempotent: an item is opened once per task, reason and period. The check never closes an item: an item closes when
its cause is answered (the missing report comes in; the office accepts the task as done) or by the office's 销号
with a note (`cancel_supervision_item`). Items are never deleted, so missed reports stay in the record for 考核.
`dry_run` says what the check would open, as of any day, without writing: the what-if of `supervise --date`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack import clock
from plantrack.core.periods import Period, parse_period
from plantrack.core.text_guard import text_problem
from plantrack.orgs.access import deny
from plantrack.orgs.models import User
from plantrack.tasks.access import can_run_supervision, require_assign_tasks
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.models import SupervisionItem, Task, TaskChange

Reason = SupervisionItem.Reason


@dataclass
class SupervisionRun:
    opened: int
    closed: int  # always 0: the check closes nothing (kept for the JSON the command prints)
    open_total: int
    as_of: date
    dry_run: bool = False
    would_open: list[tuple[str, str, str]] = field(default_factory=list)  # (task, reason, period) of a dry run


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


def run_supervision(*, today: date | None = None, user: User | None = None, dry_run: bool = False) -> SupervisionRun:
    """Open items for what is overdue or unreported as of `today` (the one clock's day unless given).

    `user` is the person asking from a page or the API (the planning office only); the daily command runs as
    the system and passes none. With `dry_run` nothing is written: the run lists what it would open.
    """
    if user is not None and not can_run_supervision(user):
        raise deny(user, None, "run supervision")
    today = today or clock.today()
    due = {f: due_period(frequency=f, today=today) for f in Task.Frequency.values}
    answer_by = today + timedelta(days=settings.PLANTRACK_SUPERVISION_DAYS)
    now = timezone.now()
    wanted: dict[tuple[int, str, str], int] = {}
    titles: dict[int, str] = {}
    tasks = Task.objects.filter(status=Task.Status.OPEN).only(
        "pk", "title", "status", "deadline", "report_frequency", "created_at", "last_period", "lead_unit_id")
    for task in tasks.iterator(chunk_size=2000):
        for reason, period in _causes(task, today, due):
            wanted[(task.pk, reason, period)] = task.lead_unit_id
            titles[task.pk] = task.title
    existing = set(SupervisionItem.objects.filter(reason__in=Reason.values).values_list("task_id", "reason", "period"))
    missing = {key: owner for key, owner in wanted.items() if key not in existing}
    if dry_run:
        return SupervisionRun(opened=0, closed=0, as_of=today, dry_run=True,
                              open_total=SupervisionItem.objects.filter(closed_at__isnull=True).count(),
                              would_open=[(titles[k[0]], str(Reason(k[1]).label), k[2]) for k in missing])
    with transaction.atomic():
        # An item closed before (answered, or 销号 by the office) is not opened again for the same cause.
        SupervisionItem.objects.bulk_create([
            SupervisionItem(task_id=key[0], reason=key[1], period=key[2], owner_unit_id=owner, due_date=answer_by,
                            opened_at=now) for key, owner in missing.items()], ignore_conflicts=True)
    return SupervisionRun(opened=len(missing), closed=0,
                          open_total=SupervisionItem.objects.filter(closed_at__isnull=True).count(), as_of=today)


NOTE_MAX = 500


def cancel_supervision_item(*, user: User, item: SupervisionItem, note: str) -> SupervisionItem:
    """销号: the planning office closes an item with a note saying why (the deadline moved, the work moved on…)."""
    require_assign_tasks(user)
    note = (note or "").strip()
    if not note:
        raise TaskRejected([_("销号说明：不能为空")])
    if why := text_problem(note, max_length=NOTE_MAX):
        raise TaskRejected([_("销号说明：%(why)s") % {"why": why}])
    if item.closed_at is not None:
        raise TaskRejected([_("该督办事项已办结")])
    item.closed_at, item.closed_how, item.closed_by, item.close_note = (
        timezone.now(), SupervisionItem.Closing.CANCELLED, user, note)
    item.save(update_fields=["closed_at", "closed_how", "closed_by", "close_note"])
    return item


def review_done_task(*, user: User, task: Task, accept: bool, note: str = "") -> Task:
    """The office reviews a task its lead unit reported at 100%: accepted, it is done (and its overdue items close);
    sent back, it is open again with the office's note in the task's record."""
    require_assign_tasks(user)
    note = (note or "").strip()
    if why := text_problem(note, max_length=NOTE_MAX):
        raise TaskRejected([_("审核意见：%(why)s") % {"why": why}])
    if task.status != Task.Status.REVIEW:
        raise TaskRejected([_("任务“%(t)s”不在待审核销号状态") % {"t": task.title}])
    if not accept and not note:
        raise TaskRejected([_("审核意见：退回时须说明理由")])
    now = timezone.now()
    with transaction.atomic():
        task.status = Task.Status.DONE if accept else Task.Status.OPEN
        task.completed_on = clock.today() if accept else None
        task.save(update_fields=["status", "completed_on"])
        if accept:
            SupervisionItem.objects.filter(task=task, closed_at__isnull=True,
                                           reason=SupervisionItem.Reason.OVERDUE).update(
                closed_at=now, closed_how=SupervisionItem.Closing.COMPLETED, closed_by=user, close_note=note[:500])
        TaskChange.objects.create(task=task, action=TaskChange.Action.UPDATED, by=user,
                                  changes={"status": [Task.Status.REVIEW, task.status], "note": [None, note]})
    return task
