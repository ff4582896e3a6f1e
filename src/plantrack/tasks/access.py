"""Who reads, assigns and reports on tasks (任务分工与督办): scoped exactly as monitoring data, on `orgs.access`."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from plantrack.operations.jobs import ImportJob, import_job
from plantrack.orgs.access import can_enter_values, deny, is_admin, reads_every_unit, whole_number_or_404
from plantrack.orgs.models import OrgUnit, User
from plantrack.tasks.models import Task


def can_assign_tasks(user: User) -> bool:
    """Only the planning office gives out tasks: a unit cannot assign work to other units."""
    return is_admin(user)


def require_assign_tasks(user: User) -> None:
    if not can_assign_tasks(user):
        raise deny(user, None, "assign tasks")


def can_run_supervision(user: User) -> bool:
    """The planning office runs the overdue/unreported check (督办) on demand."""
    return is_admin(user)


def tasks_in_scope(user: User) -> QuerySet[Task]:
    """The tasks `user` may read: all for the office and supervisors; else those its subtree leads or supports."""
    if not user.is_authenticated:
        return Task.objects.none()
    if reads_every_unit(user):
        return Task.objects.all()
    if user.unit is None:
        return Task.objects.none()
    prefix = user.unit.path
    supported = Task.supporting_units.through.objects.filter(orgunit__path__startswith=prefix).values("task_id")
    return Task.objects.filter(Q(lead_unit__path__startswith=prefix) | Q(pk__in=supported))


def access_task_by_id(user: User, task_id: object) -> Task:
    """The task if `user` may read it; 404 if there is none, 403 (logged) if it is outside the scope."""
    task = (
        Task.objects.select_related("lead_unit", "plan", "node", "commitment")
        .filter(pk=whole_number_or_404(task_id))
        .first()
    )
    if task is None:
        raise Http404(str(task_id))
    if not tasks_in_scope(user).filter(pk=task.pk).exists():
        raise deny(user, task.lead_unit, "read task")
    return task


def task_units_for_reporter(user: User, task: Task) -> list[OrgUnit]:
    """The units of `task` (its lead and supporting units) for which `user` may report progress: those it may
    enter figures for (a clerk its own subtree, the office every unit)."""
    units = [task.lead_unit, *task.supporting_units.order_by("path")]
    return [u for u in units if can_enter_values(user, u)]


def require_report_task(user: User, task: Task, unit: OrgUnit) -> None:
    """A clerk reports progress for its own unit (or a unit below it) when that unit leads or supports the task."""
    if unit not in task_units_for_reporter(user, task):
        raise deny(user, unit, "report task progress")


def access_task_plan_import_job(user: User, job_id: str) -> ImportJob:
    """A background 分工方案 import, for the office member who started it and the rest of the office; 404 if there
    is none, 403 (logged) for anyone else."""
    job = import_job(job_id)
    if job is None or job.service != "task-plan":
        raise Http404(str(job_id))
    if job.user_id != user.pk and not is_admin(user):
        raise deny(user, user.unit, "read task plan import job")
    return job
