"""Jobs of the tasks app: the daily supervision check (督办), enqueued by the worker at PLANTRACK_DAILY_JOBS_AT, and
a large 分工方案 imported in the worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from plantrack.operations.jobs import enqueue_import, runs_in_background
from plantrack.operations.registry import import_service, run_daily
from plantrack.orgs.models import User
from plantrack.plans.models import Plan
from plantrack.tasks.access import can_assign_tasks
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.services import import_task_file
from plantrack.tasks.supervision import run_supervision

TASK_PLAN_SERVICE = "task-plan"
READING = gettext_noop("读取并检查分工方案")
WRITING = gettext_noop("写入任务")


@task()
def supervise_job() -> dict[str, object]:
    """The daily supervision check as of the one clock's today (a what-if on another day is only ever a dry run, on
    the command line); safe to run any number of times a day, so a retried run changes nothing more."""
    run = run_supervision()
    return {"as_of": run.as_of.isoformat(), "opened": run.opened, "closed": run.closed, "open": run.open_total}


run_daily("supervise", supervise_job)


@import_service(TASK_PLAN_SERVICE)
def import_task_plan_file(*, path: Path, user_id: int | None, on_progress: Callable[..., None],
                          name: str | None = None, plan_id: int | None = None,
                          choices: dict[str, str] | None = None,
                          remember_choices: bool = False) -> dict[str, Any]:
    """The 分工方案 import as a job: the same service as the page, whose checks (the office only) are asked again
    now; refusals are the job's result, and a refused import wrote nothing."""
    user = User.objects.select_related("unit").filter(pk=user_id, is_active=True).first()
    if user is None or not can_assign_tasks(user):
        return {"ok": False, "errors": [_("提交导入的用户已无权导入分工方案，未写入任何数据")]}
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return {"ok": False, "errors": [_("规划 %(id)s 不存在") % {"id": plan_id}]}
    on_progress(READING)
    try:
        result = import_task_file(user=user, plan=plan, source=path, name=name or path.name, choices=choices or {},
                                  remember_choices=remember_choices,
                                  on_progress=lambda done, total: on_progress(WRITING, done, total))
    except PermissionDenied:
        return {"ok": False, "errors": [_("提交导入的用户已无权导入分工方案，未写入任何数据")]}
    except TaskRejected as exc:
        return {"ok": False, "errors": [str(e) for e in exc.errors]}
    return {"ok": True, "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
            "summary": result.summary(), "notes": [str(n) for n in result.notes[:50]]}


def task_plan_runs_in_background(size: int) -> bool:
    """Whether an uploaded 分工方案 of `size` bytes is imported by the worker; one over the upload limit is not: the
    request refuses it at once, without saving it."""
    return runs_in_background(size) and size <= settings.PLANTRACK_MAX_UPLOAD_BYTES


def enqueue_task_plan_import(*, user: User, upload: IO[bytes], name: str, plan: Plan,
                             choices: dict[str, str], remember_choices: bool = False) -> str:
    """Queue the import of an uploaded 分工方案 with the columns to keep or ignore (and whether to keep those
    choices for the office); returns the job's id."""
    return enqueue_import(service=TASK_PLAN_SERVICE, upload=upload, name=name, user_id=user.pk,
                          options={"plan_id": plan.pk, "choices": choices, "remember_choices": remember_choices})
