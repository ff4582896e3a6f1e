"""Who may read and write which org unit's data: the one place scope is decided (数据权限).

Every page, API call and export that touches unit-scoped data goes through these functions; a refused write
is logged (logger and an `AccessDenial` row) and raised as PermissionDenied, which Django turns into a 403.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from plantrack.orgs.models import OrgUnit, User

log = logging.getLogger("plantrack.access")

# Roles that see every unit (the planning office and the supervisors it answers to).
_GLOBAL_READ_ROLES = {User.Role.ADMIN, User.Role.LEADER, User.Role.SUPERVISOR}
_WRITE_ROLES = {User.Role.ADMIN, User.Role.CLERK}
_REVIEW_ROLES = {User.Role.ADMIN, User.Role.REVIEWER}


def units_in_scope(user: User) -> QuerySet[OrgUnit]:
    """The units whose data `user` may read: everything for the office and supervisors, else their own subtree."""
    if not user.is_authenticated:
        return OrgUnit.objects.none()
    if user.is_superuser or user.role in _GLOBAL_READ_ROLES:
        return OrgUnit.objects.all()
    if user.unit is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=user.unit.path)


def can_read_unit(user: User, unit: OrgUnit) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.role in _GLOBAL_READ_ROLES:
        return True
    return user.unit is not None and unit.is_within(user.unit)


def can_enter_values(user: User, unit: OrgUnit) -> bool:
    """Clerks enter figures for their own unit and the units below it; admins for any unit."""
    if not user.is_authenticated or user.role not in _WRITE_ROLES:
        return False
    if user.is_superuser or user.role == User.Role.ADMIN:
        return True
    return user.unit is not None and unit.is_within(user.unit)


def can_review_values(user: User, unit: OrgUnit) -> bool:
    """Reviewers approve or return figures of their own unit's subtree; admins of any unit."""
    if not user.is_authenticated or user.role not in _REVIEW_ROLES:
        return False
    if user.is_superuser or user.role == User.Role.ADMIN:
        return True
    return user.unit is not None and unit.is_within(user.unit)


def deny(user: User, unit: OrgUnit | None, action: str) -> PermissionDenied:
    """Log a refused access and return the exception to raise."""
    from plantrack.orgs.models import AccessDenial

    who = user.username if user.is_authenticated else "anonymous"
    log.warning("access denied: user=%s unit=%s action=%s", who, unit.code if unit else "-", action)
    AccessDenial.objects.create(user=user if user.is_authenticated else None, unit=unit, action=action[:100])
    return PermissionDenied(f"{who} may not {action} for {unit.name if unit else 'this unit'}")


def require_read(user: User, unit: OrgUnit) -> None:
    if not can_read_unit(user, unit):
        raise deny(user, unit, "read")


def require_enter(user: User, unit: OrgUnit) -> None:
    if not can_enter_values(user, unit):
        raise deny(user, unit, "enter values")


def require_review(user: User, unit: OrgUnit) -> None:
    if not can_review_values(user, unit):
        raise deny(user, unit, "review values")


def is_admin(user: User) -> bool:
    """The planning office (规划处): keeps the registry, the org tree and the users."""
    return user.is_authenticated and (user.is_superuser or user.role == User.Role.ADMIN)


def require_admin(user: User, action: str) -> None:
    if not is_admin(user):
        raise deny(user, None, action)


def access_unit_by_code(user: User, code: str) -> OrgUnit:
    """The unit with `code` if `user` may read it; 404 if there is none, 403 (logged) if it is outside the scope."""
    from django.http import Http404

    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(code)
    require_read(user, unit)
    return unit


# -- tasks (任务分工与督办): scoped exactly as monitoring data ---------------------------------------------------------


def can_assign_tasks(user: User) -> bool:
    """Only the planning office gives out tasks: a unit cannot assign work to other units."""
    return is_admin(user)


def require_assign_tasks(user: User) -> None:
    if not can_assign_tasks(user):
        raise deny(user, None, "assign tasks")


def can_run_supervision(user: User) -> bool:
    """The planning office runs the overdue/unreported check (督办) on demand."""
    return is_admin(user)


def tasks_in_scope(user: User):
    """The tasks `user` may read: all for the office and supervisors; else those its subtree leads or supports."""
    from django.db.models import Q

    from plantrack.tasks.models import Task

    if not user.is_authenticated:
        return Task.objects.none()
    if user.is_superuser or user.role in _GLOBAL_READ_ROLES:
        return Task.objects.all()
    if user.unit is None:
        return Task.objects.none()
    prefix = user.unit.path
    supported = Task.supporting_units.through.objects.filter(orgunit__path__startswith=prefix).values("task_id")
    return Task.objects.filter(Q(lead_unit__path__startswith=prefix) | Q(pk__in=supported))


def access_task_by_id(user: User, task_id: int):
    """The task if `user` may read it; 404 if there is none, 403 (logged) if it is outside the scope."""
    from django.http import Http404

    from plantrack.tasks.models import Task

    task = Task.objects.select_related("lead_unit", "plan", "node", "commitment").filter(pk=task_id).first()
    if task is None:
        raise Http404(task_id)
    if not tasks_in_scope(user).filter(pk=task.pk).exists():
        raise deny(user, task.lead_unit, "read task")
    return task


def task_units_for_reporter(user: User, task) -> list[OrgUnit]:
    """The units of `task` (its lead and supporting units) for which `user` may report progress."""
    if not user.is_authenticated or user.role not in _WRITE_ROLES:
        return []
    units = [task.lead_unit, *task.supporting_units.order_by("path")]
    if user.is_superuser or user.role == User.Role.ADMIN:
        return units
    if user.unit is None:
        return []
    return [u for u in units if u.is_within(user.unit)]


def require_report_task(user: User, task, unit: OrgUnit) -> None:
    """A clerk reports progress for its own unit (or a unit below it) when that unit leads or supports the task."""
    if unit not in task_units_for_reporter(user, task):
        raise deny(user, unit, "report task progress")


def reads_every_unit(user: User) -> bool:
    """The planning office, leaders and supervisors read every unit's data (and so see the all-units overviews)."""
    return user.is_authenticated and (user.is_superuser or user.role in _GLOBAL_READ_ROLES)


# -- major projects (重大项目): scoped as monitoring data is, by the project's 盟市/旗县 ------------------------------


def projects_in_scope(user: User):
    """The projects `user` may read: all for the office, leaders and supervisors; else those of its own subtree."""
    from plantrack.projects.models import Project

    if reads_every_unit(user):
        return Project.objects.all()
    if not user.is_authenticated or user.unit is None:
        return Project.objects.none()
    return Project.objects.filter(region__path__startswith=user.unit.path)


def access_project_by_id(user: User, project_id: object):
    """The project if `user` may read it; 404 if there is none, 403 (logged) if it is outside the scope."""
    from django.http import Http404

    from plantrack.projects.models import Project

    try:
        key = int(str(project_id))
    except ValueError:
        raise Http404(str(project_id)) from None
    project = Project.objects.select_related("region", "node").filter(pk=key).first()
    if project is None:
        raise Http404(str(project_id))
    if not can_read_unit(user, project.region):
        raise deny(user, project.region, "read project")
    return project


def can_edit_project_of(user: User, unit: OrgUnit) -> bool:
    """A clerk keeps the ledger, procedures and dispatch of its own unit's projects; the office keeps every unit's."""
    return can_enter_values(user, unit)


def require_edit_project_of(user: User, unit: OrgUnit) -> None:
    if not can_edit_project_of(user, unit):
        raise deny(user, unit, "edit project")


def can_configure_procedures(user: User) -> bool:
    """Only the planning office changes the approval-procedure checklist."""
    return is_admin(user)
