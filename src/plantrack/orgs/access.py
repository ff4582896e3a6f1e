"""Who may do what (权限): the one place roles, scope and the rules between them are decided.

Pages, the API, the CLI and the services ask these functions; nothing else looks at a user's role or superuser flag.
A superuser counts as the planning office everywhere. A refused access is logged (logger and an `AccessDenial` row)
and raised as PermissionDenied, which Django turns into a 403. Objects that belong to a scope are fetched through
`access_<thing>_by_<key>(user, …)`, so the check cannot be forgotten: 404 when there is none, 403 when out of scope.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from plantrack.orgs.models import OrgUnit, User

if TYPE_CHECKING:
    from plantrack.reporting.models import DataValue, ReportingRound

log = logging.getLogger("plantrack.access")

# Roles that see every unit (the planning office and the supervisors it answers to).
_GLOBAL_READ_ROLES = {User.Role.ADMIN, User.Role.LEADER, User.Role.SUPERVISOR}
_WRITE_ROLES = {User.Role.ADMIN, User.Role.CLERK}
_REVIEW_ROLES = {User.Role.ADMIN, User.Role.REVIEWER}


def _role(user: User) -> str | None:
    """The role the rules see: a superuser is the planning office, an anonymous visitor has none."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return User.Role.ADMIN
    return user.role


# -- roles --------------------------------------------------------------------------------------------------------


def is_admin(user: User) -> bool:
    """The planning office (规划处): keeps the registry, the rounds, the org tree and the users."""
    return _role(user) == User.Role.ADMIN


def may_enter_values(user: User) -> bool:
    """Whether the person enters figures at all (forms, Excel templates, bulk files): clerks and the office."""
    return _role(user) in _WRITE_ROLES


def may_review_values(user: User) -> bool:
    """Whether the person reviews at all (the review queue): reviewers and the office."""
    return _role(user) in _REVIEW_ROLES


def planning_office_accounts() -> QuerySet[User]:
    """Active accounts that count as the planning office, oldest first: who a command acts as when none is named."""
    return User.objects.filter(Q(is_superuser=True) | Q(role=User.Role.ADMIN), is_active=True).order_by("pk")


def role_needs_unit(role: str) -> bool:
    """Everyone but the planning office belongs to a unit: their scope is that unit's subtree."""
    return role != User.Role.ADMIN


@dataclass(frozen=True)
class Abilities:
    """What a person's role lets them do, for deciding which links and buttons a page shows."""

    enter: bool
    review: bool
    administer: bool


def abilities(user: User) -> Abilities:
    return Abilities(enter=may_enter_values(user), review=may_review_values(user), administer=is_admin(user))


# -- scope --------------------------------------------------------------------------------------------------------


def units_in_scope(user: User) -> QuerySet[OrgUnit]:
    """The units whose data `user` may read: everything for the office and supervisors, else their own subtree."""
    role = _role(user)
    if role is None:
        return OrgUnit.objects.none()
    if role in _GLOBAL_READ_ROLES:
        return OrgUnit.objects.all()
    if user.unit is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=user.unit.path)


def _in_own_subtree(user: User, unit: OrgUnit) -> bool:
    return user.unit is not None and unit.is_within(user.unit)


def can_read_unit(user: User, unit: OrgUnit) -> bool:
    role = _role(user)
    if role is None:
        return False
    return role in _GLOBAL_READ_ROLES or _in_own_subtree(user, unit)


def can_enter_values(user: User, unit: OrgUnit) -> bool:
    """Clerks enter figures for their own unit and the units below it; the office for any unit."""
    role = _role(user)
    if role not in _WRITE_ROLES:
        return False
    return role == User.Role.ADMIN or _in_own_subtree(user, unit)


def can_review_values(user: User, unit: OrgUnit) -> bool:
    """Reviewers approve or return figures of their own unit's subtree; the office of any unit."""
    role = _role(user)
    if role not in _REVIEW_ROLES:
        return False
    return role == User.Role.ADMIN or _in_own_subtree(user, unit)


def round_accepts_entries(user: User, round: ReportingRound) -> bool:
    """A closed round takes no more figures, except from the planning office (late corrections)."""
    return round.is_open or is_admin(user)


def can_enter_in_round(user: User, unit: OrgUnit, round: ReportingRound) -> bool:
    return can_enter_values(user, unit) and round_accepts_entries(user, round)


def may_approve_own_submission() -> bool:
    """Whoever submitted a figure may also approve it only when PLANTRACK_SEPARATE_SUBMIT_AND_APPROVE is off."""
    return not getattr(settings, "PLANTRACK_SEPARATE_SUBMIT_AND_APPROVE", True)


def can_approve_submission(user: User, *, submitted_by_id: int | None) -> bool:
    """The four-eyes rule (审核分离): by default nobody approves a figure they submitted themselves."""
    return may_approve_own_submission() or submitted_by_id is None or submitted_by_id != user.pk


# -- users (the planning office's user page) ------------------------------------------------------------------------


def units_for_user_management(user: User) -> QuerySet[OrgUnit]:
    """The units whose people the office may add, deactivate and move: its own unit's subtree, or all of them
    for an office (or superuser) that belongs to no unit."""
    if not is_admin(user):
        return OrgUnit.objects.none()
    if user.unit is None:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(path__startswith=user.unit.path)


def grantable_roles(user: User) -> list[str]:
    """Roles the office may give: the office role itself only from an office that manages every unit, since an
    admin reads and writes everywhere whatever unit it belongs to."""
    if not is_admin(user):
        return []
    whole_tree = user.unit is None or user.unit.parent_id is None
    return [r for r in User.Role.values if r != User.Role.ADMIN or whole_tree]


def users_in_management_scope(user: User) -> QuerySet[User]:
    """The accounts `user` may manage: people of the units above, never superusers, never the user themself."""
    if not is_admin(user):
        return User.objects.none()
    people = User.objects.filter(is_superuser=False).exclude(pk=user.pk)
    if user.unit is None:
        return people
    return people.filter(Q(unit__path__startswith=user.unit.path))


# -- refusing -------------------------------------------------------------------------------------------------------


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


def require_admin(user: User, action: str) -> None:
    if not is_admin(user):
        raise deny(user, None, action)


def require_entering_role(user: User, action: str) -> None:
    """Refuse before reading anything a person whose role never enters figures (an upload from a leader)."""
    if not may_enter_values(user):
        raise deny(user, user.unit if user.is_authenticated else None, action)


def require_reviewing_role(user: User) -> None:
    if not may_review_values(user):
        raise deny(user, user.unit if user.is_authenticated else None, "review values")


# -- fetching objects through their check ---------------------------------------------------------------------------


def _whole_number(key: object) -> int:
    """An id from a URL or a form; anything that is not a small whole number matches nothing (404)."""
    try:
        number = int(str(key))
    except ValueError:
        raise Http404(str(key)[:40]) from None
    if not 0 < number < 2**63:
        raise Http404(str(key)[:40])
    return number


def access_unit_by_code(user: User, code: str) -> OrgUnit:
    """The unit with `code` if `user` may read it; 404 if there is none, 403 (logged) if it is outside the scope."""
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(code)
    require_read(user, unit)
    return unit


def can_enter_outside_round(user: User) -> bool:
    """A figure for a period that has no reporting round is the planning office's to enter (补录历史数据)."""
    return is_admin(user)


def access_round_by_id(user: User, round_id: object) -> ReportingRound:
    """A reporting round; every signed-in person may see rounds (what they may do in one is decided per unit)."""
    from plantrack.reporting.models import ReportingRound

    if not user.is_authenticated:
        raise deny(user, None, "read reporting round")
    rnd = ReportingRound.objects.select_related("plan").filter(pk=_whole_number(round_id)).first()
    if rnd is None:
        raise Http404(str(round_id))
    return rnd


def access_value_by_id(user: User, value_id: object) -> DataValue:
    """A reported value if `user` may read its unit; 404 if there is none, 403 (logged) if out of scope."""
    from plantrack.reporting.models import DataValue

    value = (
        DataValue.objects.select_related("indicator", "unit", "updated_by")
        .filter(pk=_whole_number(value_id))
        .first()
    )
    if value is None:
        raise Http404(str(value_id))
    require_read(user, value.unit)
    return value


def access_managed_user_by_id(user: User, user_id: object) -> User:
    """An account the planning office may change (see `users_in_management_scope`); 404 if there is none,
    403 (logged) if it lies outside the office's scope."""
    require_admin(user, "manage users")
    person = User.objects.select_related("unit").filter(pk=_whole_number(user_id)).first()
    if person is None:
        raise Http404(str(user_id))
    if not users_in_management_scope(user).filter(pk=person.pk).exists():
        raise deny(user, person.unit, "manage user")
    return person
# 预警 (assessment warnings): a unit sees those of its own subtree; the planning office and the readers of
# everything see all. The responsible unit's clerks and reviewers, and the planning office, acknowledge them.
_ACKNOWLEDGE_ROLES = {User.Role.ADMIN, User.Role.CLERK, User.Role.REVIEWER}


def reads_every_unit(user: User) -> bool:
    """The planning office, leaders and supervisors read every unit's data."""
    return _role(user) in _GLOBAL_READ_ROLES


def _filter_to_scope(user: User, rows: QuerySet) -> QuerySet:
    """`rows` (anything with a `unit`) narrowed to the units `user` may read."""
    if _role(user) is None:
        return rows.none()
    if reads_every_unit(user):
        return rows
    if user.unit is None:
        return rows.none()
    return rows.filter(unit__path__startswith=user.unit.path)


def warnings_in_scope(user: User, warnings: QuerySet) -> QuerySet:
    """The warnings of `warnings` that `user` may see."""
    return _filter_to_scope(user, warnings)


def can_acknowledge_warning(user: User, warning) -> bool:
    role = _role(user)
    if role == User.Role.ADMIN:
        return True
    return role in _ACKNOWLEDGE_ROLES and _in_own_subtree(user, warning.unit)


def require_acknowledge_warning(user: User, warning) -> None:
    if not can_acknowledge_warning(user, warning):
        raise deny(user, warning.unit, "acknowledge warning")


def assessments_in_scope(user: User, assessments: QuerySet) -> QuerySet:
    """The stored assessments of `assessments` whose unit `user` may read."""
    return _filter_to_scope(user, assessments)


def sees_dashboard(user: User) -> bool:
    """Leaders, supervisors and the planning office open on the monitoring dashboard; clerks keep their workbench."""
    return reads_every_unit(user)


def can_read_reports(user: User) -> bool:
    """Evaluation reports cover the whole region: the office, leaders and supervisors read them."""
    return reads_every_unit(user)


def require_read_reports(user: User) -> None:
    if not can_read_reports(user):
        raise deny(user, None, "read reports")


def can_generate_reports(user: User) -> bool:
    """Only the planning office issues a report (开展中期评估和总结评估)."""
    return is_admin(user)


def require_generate_reports(user: User) -> None:
    if not can_generate_reports(user):
        raise deny(user, None, "generate reports")


def access_report_by_id(user: User, pk: object):
    """The report `pk` if `user` may read reports; 404 if there is none, 403 (logged) otherwise."""
    from plantrack.reports.models import Report

    require_read_reports(user)
    report = Report.objects.filter(pk=_whole_number(pk)).select_related("plan").first()
    if report is None:
        raise Http404(str(pk))
    return report


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
    from plantrack.tasks.models import Task

    if _role(user) is None:
        return Task.objects.none()
    if reads_every_unit(user):
        return Task.objects.all()
    if user.unit is None:
        return Task.objects.none()
    prefix = user.unit.path
    supported = Task.supporting_units.through.objects.filter(orgunit__path__startswith=prefix).values("task_id")
    return Task.objects.filter(Q(lead_unit__path__startswith=prefix) | Q(pk__in=supported))


def access_task_by_id(user: User, task_id: object):
    """The task if `user` may read it; 404 if there is none, 403 (logged) if it is outside the scope."""
    from plantrack.tasks.models import Task

    task = (
        Task.objects.select_related("lead_unit", "plan", "node", "commitment")
        .filter(pk=_whole_number(task_id))
        .first()
    )
    if task is None:
        raise Http404(str(task_id))
    if not tasks_in_scope(user).filter(pk=task.pk).exists():
        raise deny(user, task.lead_unit, "read task")
    return task


def task_units_for_reporter(user: User, task) -> list[OrgUnit]:
    """The units of `task` (its lead and supporting units) for which `user` may report progress."""
    role = _role(user)
    if role not in _WRITE_ROLES:
        return []
    units = [task.lead_unit, *task.supporting_units.order_by("path")]
    if role == User.Role.ADMIN:
        return units
    return [u for u in units if _in_own_subtree(user, u)]


def require_report_task(user: User, task, unit: OrgUnit) -> None:
    """A clerk reports progress for its own unit (or a unit below it) when that unit leads or supports the task."""
    if unit not in task_units_for_reporter(user, task):
        raise deny(user, unit, "report task progress")


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
